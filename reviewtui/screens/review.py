"""One KR at a time: the card, the form, the countdown and the agenda. Moving on needs a decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Label

from reviewtui.domain.models import KRReview, MeetingKind, MeetingState
from reviewtui.domain.progress import Standing
from reviewtui.domain.meeting_kinds import KIND_LABEL, FormField
from reviewtui.domain.review_entry import ReviewEntry
from reviewtui.screens.navigation import DiscardRequested, EndRequested, SummaryRequested
from reviewtui.screens.store_problem import write_problem
from reviewtui.screens.partial_updates import draw_changes_only
from reviewtui.follow import presenter_data
from reviewtui.session import MeetingSession
from reviewtui.errors import StoreError
from reviewtui.widgets.agenda import Agenda, AgendaItem
from reviewtui.widgets.countdown import Countdown, clock_text
from reviewtui.widgets.keys_footer import KeysFooter
from reviewtui.widgets.kr_card import CardData, KRCard
from reviewtui.widgets.last_check_in import CheckInData, LastCheckIn
from reviewtui.widgets.not_saved import NotSavedLine
from reviewtui.widgets.presenter import Presenter
from reviewtui.widgets.review_form import ReviewForm

Clock = Callable[[], float]
SAVE_DELAY_S = 0.25
Now = Callable[[], datetime]


class ReviewScreen(Screen):
    """The live review of the KR at the session's position."""

    # Width classes for app.tcss (Screen.-narrow ...): only this screen changes its layout with the width.
    # Set on the screen, not the app, so that other screens are not restyled as they come up.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide"), (160, "-very-wide")]
    BINDINGS = [
        # priority: these must win over the focused Input's own keys (ctrl+e is end-of-line there)
        Binding("ctrl+n", "next", "Next KR", priority=True),
        Binding("ctrl+b", "back", "Previous KR", priority=True),
        Binding("ctrl+e", "end_early", "End meeting", priority=True),
        Binding("ctrl+t", "discard", "Discard meeting", priority=True),  # t: throw away (ctrl+d deletes in a field)
        # For a screen-share on a small video tile. Not in the footer, which is full at 80 columns: the README says it.
        Binding("f2", "presenter", "Presenter view", priority=True, show=False),
    ]

    def __init__(self, session: MeetingSession, clock: Clock, now: Now) -> None:
        super().__init__()
        draw_changes_only(self)
        self.session = session
        self.clock = clock
        self.now = now
        self._last_tick = clock()
        self._save_timer: Timer | None = None
        self._pending_edit: ReviewEntry | None = None
        self._agenda_shown: tuple[object, ...] | None = None
        self._agenda_items: list[AgendaItem] = []
        self.hard_stopped = False
        self._gate_shown: str | None = None
        self.save_problem: str | None = None  # why the last save failed, until one succeeds
        self._left_with: tuple[int, KRReview] | None = None  # the KR on screen when a dialog or the summary opened
        self._focused_before: Widget | None = None  # the field that had the focus when the presenter view opened

    def compose(self) -> ComposeResult:
        yield Header()
        yield NotSavedLine(id="not-saved")
        signals = Label("", id="signals", markup=False)  # attendees' raised hands, from `reviewtui follow`
        signals.display = False
        yield signals
        quarter = self.session.quarter
        if self.session.meeting.held_on > quarter.end:  # said before anyone types: these become final values
            yield Label(f"▲ {quarter.id} ended on {quarter.end:%d %b %Y}: values entered now are its final "
                        f"values, dated {quarter.end.isoformat()}", id="quarter-ended", markup=False)
        with Horizontal(id="review"):
            with VerticalScroll(id="review-main") as main:
                main.can_focus = False  # not a tab stop: tab goes field to field, and the form scrolls to the field
                yield KRCard(id="card")
                yield Label("", id="gate")
                yield Vertical(id="form-box")
            with Vertical(id="review-side"):
                yield Countdown(id="countdown")
                if self.session.meeting.owner is not None:
                    yield LastCheckIn(id="last-check-in")
                yield Agenda(id="agenda")
        presenter = Presenter(id="presenter")
        presenter.display = False  # f2 shows it instead of the review
        yield presenter
        yield KeysFooter()

    async def on_mount(self) -> None:
        self.title = f"{KIND_LABEL[self.session.meeting.kind].capitalize()} · {self.session.quarter.id}"
        await self.show_kr()
        self.set_interval(1.0, self.tick)

    # --- time -------------------------------------------------------------------------------------
    def tick(self) -> None:
        """Add the time since the last tick to the KR on screen (saved), and refresh the clocks."""
        self._take_time()
        self.query_one(Countdown).spent_s = self.session.review.time_spent_s
        self._show_agenda()
        self._show_presenter()
        self._show_signals()
        if self.session.past_hard_stop() and not self.hard_stopped and self.app.screen is self:
            self.hard_stopped = True  # stand-up: time is up; the rest is deferred explicitly, nothing skipped
            self.app.post_message(EndRequested(self.session, self.session.undecided(), hard_stop=True))

    _signals_shown: tuple[str, ...] = ()

    def _show_signals(self) -> None:
        """Raised hands and '+1 escalate' from attendees who follow: seen by the facilitator, who decides."""
        found = self.session.signals()
        hands = [s.name for s in found if s.hand]
        escalate: dict[str, list[str]] = {}
        for signal in found:
            for kr_id in signal.escalate:
                escalate.setdefault(kr_id, []).append(signal.name)
        parts = ([f"✋ {', '.join(hands)}"] if hands else []) + [
            f"+1 escalate {kr_id}: {', '.join(names)}" for kr_id, names in sorted(escalate.items())]
        if tuple(parts) == self._signals_shown:
            return
        self._signals_shown = tuple(parts)
        label = self.query_one("#signals", Label)
        label.update(" · ".join(parts))  # markup=False: names are shown as typed
        label.display = bool(parts)

    def _take_time(self, show: bool = True, write: bool = True) -> None:
        """Add the time since the last tick to the KR on screen and write the meeting (a failed write is retried).

        write=False: only in memory, for a caller that writes the meeting itself right after (one write, not two)."""
        now = self.clock()
        delta, self._last_tick = now - self._last_tick, now
        if delta > 0 and self.app.screen is self:  # behind a dialog or the summary, the KR's clock stops
            kr_id = self.session.kr.id
            if not write:
                self.session.add_time(kr_id, delta, save=False)
                return
            self._write(lambda: self.session.add_time(kr_id, delta), show)
        elif self.session.unsaved and write:
            self._write(self.session.save, show)

    # --- saving -------------------------------------------------------------------------------------
    def _write(self, write: Callable[[], object], show: bool = True) -> None:
        """Make one of the session's writes. A failed one never ends the meeting: it stays in memory, marked
        unsaved, the line under the title says why, and the next tick writes it again."""
        try:
            write()
        except (StoreError, OSError) as error:
            self.save_problem = write_problem(error)
        else:
            if not self.session.unsaved:  # memory and disk agree again
                self.save_problem = None
        if show:
            self.query_one(NotSavedLine).show_problem(self.save_problem)

    def save_now(self) -> str | None:
        """Write everything now (form changes, the time spent): None when it is on disk, else why it is not."""
        if self.session.meeting.state is not MeetingState.DRAFT:  # confirmed: the record is never written again
            return None
        form = next(iter(self.query(ReviewForm)), None)
        if form is not None and form.kr.id == self.session.kr.id:
            try:  # what is on screen, including keys whose message has not reached this screen yet
                self._pending_edit = form.values()
            except NoMatches:  # the form is still being built: nothing typed into it yet
                pass
        self.apply_edit(redraw=False)
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._take_time(show=False)
        self._write(self.session.save, show=False)
        return self.save_problem

    # --- showing ------------------------------------------------------------------------------------
    async def show_kr(self) -> None:
        """Show the KR the session is on. One layout and one paint for all of it: without the batch, the card,
        the form's fields, the gate and the agenda each laid the screen out again (about four per press)."""
        with self.app.batch_update():
            form = await self._show_kr()
        form.query_one("#value").focus()  # after the batch: a widget not laid out yet does not take the focus

    async def _show_kr(self) -> ReviewForm:
        session = self.session
        kr = session.kr
        self.sub_title = f"KR {session.position + 1} of {len(session.meeting.agenda)}: {kr.id}"
        today = self.now().date()
        self._show_card()
        self._show_check_in()
        countdown = self.query_one(Countdown)
        countdown.timed = session.meeting.timed
        countdown.timebox_s = session.review.timebox_s
        countdown.spent_s = session.review.time_spent_s
        actions = [(a, session.action_verdict(a.id)) for a in session.open_actions(kr.id)]
        kr_id = kr.id

        def suggest(value: float | None) -> Standing:
            return session.data_standing(kr_id, value)

        form = next(iter(self.query(ReviewForm)), None)
        if form is None:  # built once; each next KR is shown in the same form (rebuilding it took ~300 ms)
            people = sorted({k.owner for k in session.quarter.key_results} | set(session.meeting.attendees))
            form = ReviewForm(kr, session.review, actions, people, today, session.profile.fields, suggest=suggest)
            await self.query_one("#form-box").mount(form)
        else:
            await form.show(kr, session.review, actions, today, suggest)
        form.show_value_question(session.value_question(kr_id))
        self._show_gate()
        self._show_agenda(every_item=True)
        self.query_one("#review-main").scroll_home(animate=False)
        return form

    def _show_check_in(self) -> None:
        """1:1 prep: the last check-in beside the new one, and the owner's actions as marked so far."""
        session = self.session
        if session.meeting.owner is None:
            return
        kr_id = session.kr.id
        verdicts = {u.action_id: u.status for u in session.meeting.action_updates}
        self.query_one(LastCheckIn).show(CheckInData(session.kr, session.last_review(kr_id),
                                                     session.last_held_on(kr_id), session.meeting.owner,
                                                     session.owner_open_actions(), self.now().date(), verdicts))

    def _show_card(self) -> None:
        session = self.session
        kr = session.kr
        objective = session.quarter.objective_of(kr.id)
        assert objective is not None
        retro = session.retro_facts(kr.id) if session.meeting.kind is MeetingKind.RETRO else None
        self.query_one(KRCard).show(CardData(session.quarter, objective, kr, session.last_review(kr.id),
                                             session.last_held_on(kr.id), self.now().date(),
                                             escalation=session.escalation_of(kr.id), retro=retro))

    def _agenda_item(self, index: int) -> AgendaItem:
        session = self.session
        kr_id = session.meeting.agenda[index]
        review = session.review_of(kr_id)
        deferred = review.decision is not None and review.decision.kind.value == "defer"
        overrun = session.meeting.timed and review.time_spent_s > review.timebox_s
        return AgendaItem(kr_id, session.key_result(kr_id).title, session.is_decided(kr_id), deferred,
                          index == session.position, overrun)

    def _show_agenda(self, every_item: bool = False) -> None:
        """Redraw the agenda; between KR changes only the KR on screen can change (ticks, keystrokes)."""
        session = self.session
        items = self._agenda_items
        if every_item or len(items) != len(session.meeting.agenda):
            items = [self._agenda_item(index) for index in range(len(session.meeting.agenda))]
        else:
            items = list(items)
            items[session.position] = self._agenda_item(session.position)
        self._agenda_items = items
        now = self.now()
        if session.meeting.hard_stop_s is not None:
            footer = (f"{clock_text(session.time_used_s())} used of {clock_text(session.meeting.hard_stop_s)}: "
                      f"hard stop")
            self.query_one(Countdown).meeting_note = f"meeting {clock_text(session.time_used_s())} of " \
                                                     f"{clock_text(session.meeting.hard_stop_s)}"
        elif not session.meeting.timed:
            footer = f"{clock_text(session.time_used_s())} spent so far (no timer)"
        else:
            footer = f"Projected end {session.projected_end(now):%H:%M} (planned {session.planned_end():%H:%M})"
        shown = (tuple(items), footer)
        if shown != self._agenda_shown:  # redrawn only when something in it changed
            self._agenda_shown = shown
            self.query_one(Agenda).show(items, footer)

    def action_presenter(self) -> None:
        """Switch between the review and the presenter view (the KR, its status, a large countdown, the gate)."""
        presenting = not self.query_one(Presenter).display
        if presenting:
            self._focused_before = self.focused  # a hidden field loses the focus: given back on the way out
        self.query_one(Presenter).display = presenting
        self.query_one("#review").display = not presenting
        self._show_presenter()
        if not presenting:
            back = self._focused_before
            self._focused_before = None
            if back is not None and back.is_attached:
                self.call_after_refresh(back.focus)  # once the form is laid out again

    def _show_presenter(self) -> None:
        presenter = self.query_one(Presenter)
        if presenter.display:
            presenter.show(presenter_data(self.session))

    def on_screen_suspend(self) -> None:
        self._left_with = (self.session.position, self.session.review.model_copy(deep=True))

    async def on_screen_resume(self) -> None:
        """Back from a dialog or the summary. Ending early decides KRs, the one on screen included: if the KR on
        screen changed while away, its form is shown again from the session (a stale form, once edited, wrote
        its old fields over the new decision); otherwise only the agenda is redrawn."""
        left, self._left_with = self._left_with, None
        if left is not None and left != (self.session.position, self.session.review):
            await self.show_kr()
        elif self._agenda_items:
            self._show_agenda(every_item=True)

    def flush(self, redraw: bool = True) -> None:
        """Write pending form changes now."""
        self.apply_edit(redraw)
        self._save_timer = None
        self._write(self.session.save, show=redraw)

    def on_unmount(self) -> None:
        self.flush(redraw=False)

    def missing(self) -> list[str]:
        return self.session.missing()

    def _show_gate(self) -> None:
        missing = self.missing()
        text = ("✗ To move on, log: " + "; ".join(missing)) if missing else "✓ Decision logged: ctrl+n moves on"
        self._show_presenter()
        if text == self._gate_shown:  # unchanged: no relayout on every keystroke
            return
        self._gate_shown = text
        gate = self.query_one("#gate", Label)
        gate.update(text)
        gate.set_class(bool(missing), "-missing")

    # --- editing ------------------------------------------------------------------------------------
    @on(ReviewForm.Edited)
    def _edited(self, event: ReviewForm.Edited) -> None:
        # Applied after the next refresh: the keystroke is on screen first, the gate and agenda follow.
        if self._pending_edit is None:
            self.call_after_refresh(self.apply_edit)
        self._pending_edit = event.values

    def apply_edit(self, redraw: bool = True) -> None:
        """Hand the latest form values to the session (saved within SAVE_DELAY_S), then redraw the gate."""
        entry, self._pending_edit = self._pending_edit, None
        if entry is None:
            return
        session = self.session
        form = next(iter(self.query(ReviewForm)), None)
        if form is not None and form.kr.id == session.kr.id:
            try:  # what the form holds now: a queued Edited can be older than a save made since (on SIGTERM)
                entry = form.values()
            except NoMatches:
                pass
        session.apply(session.kr.id, entry, self.now())
        # Saved within SAVE_DELAY_S, not per keystroke: typing stays instant and still reaches disk in < 1 s.
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY_S, self.flush)
        if redraw:
            self._show_gate()
            self._show_agenda()
            self.query_one(ReviewForm).show_value_question(session.value_question(session.kr.id))
            if session.meeting.kind is MeetingKind.RETRO and FormField.VALUE in entry.asks:
                self._show_card()  # the score and band follow the final value as it is typed

    @on(ReviewForm.ActionMarked)
    def _action_marked(self, event: ReviewForm.ActionMarked) -> None:
        self._write(lambda: self.session.mark_action(event.action_id, event.status))
        self._show_check_in()

    # --- moving -------------------------------------------------------------------------------------
    async def action_next(self) -> None:
        with self.app.batch_update():  # one layout and one paint for the whole move (see show_kr)
            self.apply_edit()
            self._take_time(write=False)  # written with the move: one write per ctrl+n, not two
            missing = self.missing()
            if missing or self.session.is_last:
                self._write(self.session.save)
            if missing:
                self.notify("See the red line above the form.", title="Not yet", severity="error", timeout=2)
                self._show_gate()
                return
            if self.session.is_last:
                self.app.post_message(SummaryRequested(self.session))
                return
            self._write(lambda: self.session.go_to(self.session.position + 1))
            await self.show_kr()

    async def action_back(self) -> None:
        with self.app.batch_update():
            self.apply_edit()
            self._take_time(write=False)
            if self.session.position > 0:
                self._write(lambda: self.session.go_to(self.session.position - 1))
                await self.show_kr()
            else:
                self._write(self.session.save)

    def action_discard(self) -> None:
        self.apply_edit()
        self.app.post_message(DiscardRequested(self.session))

    def action_end_early(self) -> None:
        self.apply_edit()
        self.tick()
        self.app.post_message(EndRequested(self.session, self.session.undecided()))
