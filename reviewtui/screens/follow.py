"""An attendee's read-only live view of the meeting in progress: what the facilitator's screen shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Label, Static
from reviewtui.screens.partial_updates import draw_changes_only

from reviewtui.export.terminal import to_rich
from reviewtui.follow import POLL_S, FollowView, Stage, status_line
from reviewtui.widgets.agenda import Agenda
from reviewtui.widgets.countdown import Countdown
from reviewtui.widgets.keys_footer import KeysFooter
from reviewtui.widgets.kr_card import KRCard
from reviewtui.widgets.presenter import Presenter

Poll = Callable[[], "FollowView | None"]
CAPTION_WIDTH = 10


def fields_text(fields: tuple[tuple[str, str], ...]) -> Text:
    """The facilitator's form as typed, one field a line: the caption dim, what was typed as plain text."""
    text = Text()
    for index, (caption, typed) in enumerate(fields):
        text.append(("\n" if index else "") + caption.ljust(CAPTION_WIDTH), style="dim")
        text.append(typed if typed else "·", style="" if typed else "dim")
    return text


class FollowScreen(Screen):
    """Follows the meeting: the KR card, the fields as typed, the gate, the countdown, the agenda; read-only."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide"), (160, "-very-wide")]  # as the review screen's
    BINDINGS = [
        Binding("p", "presenter", "Presenter view"),
        Binding("h", "signal('hand')", "Raise hand"),
        Binding("h", "signal('lower')", "Lower hand"),  # one of the two is on: the footer says what h does now
        Binding("e", "signal('escalate')", "+1 escalate"),
        Binding("q", "app.quit", "Quit"),
    ]

    @dataclass
    class SignalRequested(Message):
        """The attendee raised or lowered a hand ('hand'), or toggled '+1 escalate' on the KR shown."""

        what: str

    def __init__(self, poll: Poll, view: FollowView, presenter: bool = False, signals: bool = True) -> None:
        super().__init__()
        draw_changes_only(self)
        self.signals = signals
        self.poll = poll
        self.view = view
        self.presenter = presenter
        self.hand_up = False  # this attendee's hand, in the meeting followed
        self._shown = FollowView(Stage.WAITING)  # what is on screen: nothing yet
        self._signal_about = FollowView(Stage.WAITING)  # the signal line speaks of this view's meeting
        self._status_shown: tuple[str, bool] | None = None
        self._fields_lines = -1  # how many lines the fields took when last drawn (-1: not drawn yet)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="follow-status", markup=False)
        yield Label("", id="follow-signal", markup=False)
        yield Static("", id="follow-waiting", markup=False)
        with Horizontal(id="review"):
            with VerticalScroll(id="review-main"):
                yield KRCard(id="card")
                yield Label("", id="gate", markup=False)
                yield Static("", id="follow-fields")
            with Vertical(id="review-side"):
                yield Countdown(id="countdown")
                yield Agenda(id="agenda")
        with VerticalScroll(id="follow-document"):
            yield Static("", id="follow-document-text")
        yield Presenter(id="presenter")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show(self.view)
        self.set_interval(POLL_S, self.refresh_view)

    def refresh_view(self) -> None:
        """Look at the store; redraw only when the meeting changed."""
        view = self.poll()
        if view is not None:
            self.show(view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No raised hand where the attendee cannot be named (a browser tab); h raises a hand, or lowers it."""
        if action != "signal":
            return True
        if parameters in (("hand",), ("lower",)):
            return self.signals and (parameters == ("lower",)) == self.hand_up
        return self.signals

    def action_signal(self, what: str) -> None:
        self.post_message(self.SignalRequested("hand" if what == "lower" else what))

    def show_signal(self, text: str, *, hand_up: bool | None = None) -> None:
        """What this attendee has signalled, or why it could not be sent; and whether their hand is up now."""
        label = self.query_one("#follow-signal", Label)
        label.update(text)
        label.display = bool(text)
        if hand_up is not None and hand_up != self.hand_up:
            self.hand_up = hand_up
            self.refresh_bindings()

    def action_presenter(self) -> None:
        """Switch between the full view and the presenter view (large countdown, nothing else)."""
        self.presenter = not self.presenter
        self._shown = FollowView(Stage.WAITING)  # draw everything again
        self.show(self.view)

    def show(self, view: FollowView) -> None:
        """Draw a view; each part is redrawn only when it differs from what is on screen (a keystroke changes one)."""
        shown, self.view, self._shown = self._shown, view, view
        if view.signals_to != self._signal_about.signals_to:  # another meeting, or none: the line was about the last
            self._signal_about = view
            self.show_signal("", hand_up=False)
        self.title = view.title
        self.sub_title = view.sub_title
        stage = view.stage
        reviewing = stage in (Stage.REVIEW, Stage.SUMMARY)
        self.query_one("#follow-waiting").display = stage is Stage.WAITING
        self.query_one("#review").display = stage is Stage.REVIEW and not self.presenter
        self.query_one("#presenter").display = stage is Stage.REVIEW and self.presenter
        # The summary and the record replace the KR in both views, as they do on the facilitator's screen.
        self.query_one("#follow-document").display = stage in (Stage.SUMMARY, Stage.RECORD)
        self._show_status(view)
        if stage is Stage.WAITING:
            self.query_one("#follow-waiting", Static).update(view.message)
            return
        if view.document is not None and (view.stage, view.document) != (shown.stage, shown.document):
            heading = "The summary (every KR is decided; the record is not written yet)" \
                if stage is Stage.SUMMARY else "The record, as written"
            document = to_rich(view.document)
            document.renderables.insert(0, Text(heading + "\n", style="bold"))
            self.query_one("#follow-document-text", Static).update(document)
        if not reviewing or view.card is None:
            return
        if shown.card is None or (view.card.kr, view.card.last, view.card.today) != (
                shown.card.kr, shown.card.last, shown.card.today):
            self.query_one(KRCard).show(view.card)
        if view.gate != shown.gate:
            gate = self.query_one("#gate", Label)
            gate.update(view.gate)
            gate.set_class(view.gate_missing, "-missing")
        if view.fields != shown.fields:
            self._show_fields(fields_text(view.fields))
        countdown = self.query_one(Countdown)
        countdown.timed, countdown.timebox_s = view.timed, view.timebox_s
        countdown.spent_s, countdown.meeting_note = view.spent_s, view.meeting_note
        if (view.agenda, view.agenda_footer) != (shown.agenda, shown.agenda_footer):
            self.query_one(Agenda).show(list(view.agenda), view.agenda_footer)
        if view.presenter is not None and self.presenter:
            self.query_one(Presenter).show(view.presenter)

    def _show_fields(self, fields: Text) -> None:
        """The fields as typed. The screen is laid out again only when they take another number of lines: a
        keystroke changes one line, and a layout of the whole screen in every follower slowed the facilitator."""
        widget = self.query_one("#follow-fields", Static)
        width = widget.content_size.width
        lines = len(fields.wrap(self.app.console, width)) if width > 0 else -1
        widget.update(fields, layout=lines != self._fields_lines or lines < 0)
        self._fields_lines = lines

    def _show_status(self, view: FollowView) -> None:
        text, warning = status_line(view)
        if (text, warning) == self._status_shown:  # unchanged (as it is on every save): no layout
            return
        self._status_shown = (text, warning)
        status = self.query_one("#follow-status", Label)
        status.update(text)
        status.set_class(warning, "-stale")
