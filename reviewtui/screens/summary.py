"""After the last KR: what the meeting decided, and the confirmation that writes the record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from reviewtui.domain.models import MeetingKind
from reviewtui.export.meeting import meeting_document, meeting_markdown
from reviewtui.export.document import inline
from reviewtui.export.terminal import Part, TextPart, terminal_parts
from reviewtui.format import kind_label
from reviewtui.screens.navigation import HomeRequested
from reviewtui.screens.store_problem import write_problem
from reviewtui.screens.partial_updates import draw_changes_only
from reviewtui.session import MeetingSession, write_meeting_export
from reviewtui.errors import RollForwardPending, StoreError
from reviewtui.widgets.document_view import DocumentView
from reviewtui.widgets.keys_footer import KeysFooter



class SummaryScreen(Screen):
    """Decisions, escalations, actions, overruns, time and flags; ctrl+s writes the record."""


    BINDINGS = [
        Binding("ctrl+s", "confirm", "Write the record"),
        Binding("escape", "back", "Back to the review"),
        Binding("q", "home", "Home"),
    ]

    def __init__(self, session: MeetingSession, now: Callable[[], datetime]) -> None:
        super().__init__()
        draw_changes_only(self)
        self.session = session
        self.now = now
        self.written: str | None = None  # once the record is written: its Markdown export ("" if that failed)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="written")
            # Drawn a line at a time as it scrolls into view: a 500-KR summary comes up as fast as a short one.
            yield DocumentView(self.report_parts(), id="summary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = f"Summary: {kind_label(self.session.meeting.kind)} · {self.session.quarter.id}"
        self.call_after_refresh(self._say_shown)  # a save of the whole draft: after the first frame

    def report_parts(self) -> list[Part]:
        """The meeting's document, as the record will say it; a 1:1 prep adds what writing it will export."""
        session = self.session
        parts = terminal_parts(meeting_document(session.meeting, session.quarter, session.report()))
        if session.meeting.kind is MeetingKind.ONE_ON_ONE:
            parts.append(TextPart(inline(f"\nTalking points for the 1:1 with {session.meeting.owner} are exported "
                                         "when the record is written."), "bold"))
        return parts

    def render_report(self) -> Group:
        """What the screen shows below the notices, as one renderable."""
        return self.query_one("#summary", DocumentView).content

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("confirm", "back"):
            return self.written is None
        if action == "home":
            return self.written is not None
        return True

    def action_confirm(self) -> None:
        session = self.session
        pending: str | None = None
        try:
            session.finish(self.now())
        except ValueError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        except RollForwardPending as error:  # the record is final; its KR values and actions follow later
            pending = str(error)
        except StoreError as error:  # nothing was confirmed: the meeting stays open, here and on disk
            self._show(Text.assemble(
                ("✗ Not written: ", "bold"), write_problem(error),
                ("\nThe meeting is still open and nothing was confirmed. Make room (or fix the file) and press "
                 "ctrl+s again; escape goes back to the review.", "bold")))
            return
        self.written = ""  # the record is in the store; the Markdown export's path follows once it is written
        notice = Text("✓ Record written: the meeting is confirmed in the store.", style="bold green")
        if pending is not None:
            notice.append_text(Text.assemble(("\n▲ Not yet applied: ", "bold"), pending))
        exports = [("md", "Exported to", lambda: meeting_markdown(session.meeting, session.quarter, session.report()))]
        if session.meeting.kind is MeetingKind.ONE_ON_ONE:
            exports.append(("talking-points.md", "Talking points for the 1:1", session.talking_points))
        for suffix, label, render in exports:
            try:
                path = write_meeting_export(session.store, session.meeting, suffix, render())
            except (StoreError, OSError) as error:
                notice.append_text(Text.assemble(
                    (f"\n✗ {label}: not written, {write_problem(error)}. ", "bold"),
                    f"Write it later with: reviewtui export {session.meeting.id} --store {session.store.directory}"
                    + (" --format talking-points" if suffix != "md" else "")))
            else:
                notice.append_text(Text.assemble((f"\n{label}:\n", "bold green"), (str(path), "bold")))
                if suffix == "md":
                    self.written = str(path)
        notice.append("\nPress q to go home.", style="bold")
        self._show(notice)
        self.notify("Record written", title="Saved", timeout=4, markup=False)  # the paths stay on screen
        self.refresh_bindings()

    def _show(self, notice: Text) -> None:
        """What the confirmation did, at the top of the screen, where it is seen."""
        self.query_one("#written", Static).update(notice)
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def action_back(self) -> None:
        self._say_summary(False)
        self.dismiss()

    def _say_shown(self) -> None:
        if self.is_current and self.written is None:  # not if escape or ctrl+s came first
            self._say_summary(True)

    def _say_summary(self, shown: bool) -> None:
        """Followers show the summary while this screen is up; a failed write only leaves them a step behind."""
        try:
            self.session.show_summary(shown)
        except (StoreError, OSError):
            self.session.unsaved = True  # the review's next tick writes it again

    def action_home(self) -> None:
        self.app.post_message(HomeRequested())
