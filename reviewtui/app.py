"""The reviewtui App: holds the store and the clocks, and moves between screens."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import FrameType

from rich.text import Text
from textual import on
from textual.app import App
from textual.binding import Binding

from typing import TYPE_CHECKING

from reviewtui.catalog import Catalog
from reviewtui.screens.home import HomeScreen
from reviewtui.screens.navigation import (
    DiscardRequested, EndRequested, HomeRequested, ReportRequested, ReviewRequested, SummaryRequested,
)
from reviewtui.store import MeetingSummary, Store, StoreCorrupt, StoreError

if TYPE_CHECKING:
    from reviewtui.session import MeetingPlan, MeetingSession

# The meeting screens are imported when first needed: the home screen comes up without them.

EXIT_STORE = 3  # the command line's exit code for a store problem: here, a meeting that could not be saved
# After SIGHUP or SIGTERM the process is gone within this long, whatever the terminal or the disk is doing.
HANGUP_GRACE_S = 1.5


def local_now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


class ReviewApp(App):
    """Live OKR reviews in the terminal. Built with its store and clocks so tests control both."""

    CSS_PATH = "app.tcss"
    TITLE = "reviewtui"
    BINDINGS = [
        # Priority: focus moves the moment tab arrives, so keys typed right after it (a fast typist, a paste)
        # go to the next field. Textual's own tab binding acts only once the field being left has worked
        # through the keys already queued for it, and those typed after tab went into that field too.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self, store: Store, today: date | None = None, *, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = local_now, review_quarter: str | None = None,
                 check_after_s: float | None = None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.now = now
        self.today = today or now().date()
        self.review_quarter = review_quarter
        self.check_after_s = check_after_s  # when the home screen validates the shown file (None: its default)
        self._watchdog: threading.Timer | None = None
        self._hangup_code = EXIT_STORE  # what the watchdog exits with until the save on hangup has run

    def get_default_screen(self) -> HomeScreen:
        """The home screen is the bottom of the stack: every other screen returns to it."""
        catalog = Catalog(self.store)
        if self.check_after_s is None:
            return HomeScreen(catalog, self.today)
        return HomeScreen(catalog, self.today, self.check_after_s)

    def on_mount(self) -> None:
        self._handle_termination_signals()
        try:
            waiting = self.store.drafts()
        except StoreError as error:  # a damaged index row: the home screen shows what is intact
            self.show_store_problem("The interrupted meetings cannot be listed", error)
            return
        if waiting:
            self.offer_resume(waiting[0])
        elif self.review_quarter:
            self.start_review(self.review_quarter)

    def show_store_problem(self, title: str, error: BaseException) -> None:
        """Say on screen which file is damaged (or could not be written) and what is wrong; the app goes on."""
        from reviewtui.screens.store_problem import StoreProblemModal

        self.push_screen(StoreProblemModal(title, error))

    # --- leaving ------------------------------------------------------------------------------------
    def _handle_termination_signals(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal) save what can be saved and exit, within HANGUP_GRACE_S."""
        if self.is_headless or not hasattr(signal, "SIGHUP"):
            return
        loop = asyncio.get_running_loop()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            # A plain signal handler, not the event loop's: with the terminal gone, Textual can block the loop
            # for good writing to it, and a handler the loop must run would never run (the process then
            # outlived its terminal and ignored SIGTERM). This one arms the watchdog first, whatever the loop does.
            self._arm_watchdog()
            try:
                loop.call_soon_threadsafe(self.save_and_exit)
            except RuntimeError:  # the loop has closed: the app is already on its way out
                pass

        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, on_signal)

    def _arm_watchdog(self) -> None:
        if self._watchdog is None:
            self._watchdog = threading.Timer(HANGUP_GRACE_S, lambda: os._exit(self._hangup_code))
            self._watchdog.daemon = True
            self._watchdog.start()

    def save_meeting(self) -> str | None:
        """Write the open meeting now (form changes, the time spent); why it failed, or None when it is on disk."""
        for screen in self.screen_stack:
            save_now = getattr(screen, "save_now", None)  # the review screen, on top or under a dialog or summary
            if save_now is not None:
                return save_now()
        return None

    def save_and_exit(self) -> None:
        """On SIGTERM or SIGHUP: save what can be saved and exit; the exit code is non-zero if it is not on disk."""
        try:
            problem = self.save_meeting()
        except Exception as error:  # whatever went wrong, the app must still leave
            problem = str(error) or type(error).__name__
        self._hangup_code = EXIT_STORE if problem else 0
        self.exit(return_code=self._hangup_code)

    async def action_quit(self) -> None:
        """Quit at once (the meeting resumes next time); a meeting whose last save failed asks first."""
        from reviewtui.screens.store_problem import QuitUnsavedModal

        problem = self.save_meeting()
        if problem is None:
            self.exit()
            return
        if isinstance(self.screen, QuitUnsavedModal):
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit(return_code=EXIT_STORE, message=Text(
                    f"reviewtui: the meeting's last changes were not saved: {problem}. It resumes from its last good "
                    f"save next time."))

        self.push_screen(QuitUnsavedModal(problem), answered)

    # --- meeting flow -------------------------------------------------------------------------------
    def offer_resume(self, draft: MeetingSummary) -> None:
        from reviewtui.screens.resume import DISCARD, RESUME, SET_ASIDE, ResumeModal
        from reviewtui.screens.review import ReviewScreen
        from reviewtui.session import MeetingSession

        try:  # everything the review needs is loaded now: a damaged file is named here, not in the middle
            session = MeetingSession.resume(self.store, draft.quarter_id, draft.id)
            where = f"key result {session.position + 1} of {len(session.meeting.agenda)} ({session.kr.id})"
        except StoreError as error:
            own_file = not isinstance(error, StoreCorrupt) or Path(str(error.path)).name == f"{draft.id}.json"

            def damaged(answer: str | None) -> None:
                if answer == SET_ASIDE:
                    self.set_aside(draft)

            self.push_screen(ResumeModal(draft, problem=str(error), can_set_aside=own_file), damaged)
            return

        def answered(answer: str | None) -> None:
            if answer == RESUME:
                self.push_screen(ReviewScreen(session, self.clock, self.now))
            elif answer == DISCARD:
                self.discard(session)

        self.push_screen(ResumeModal(draft, where), answered)

    def discard(self, session: MeetingSession) -> None:
        """Ask, with a reason, then keep the meeting on disk as discarded and go home."""
        from reviewtui.domain.meeting_kinds import KIND_LABEL
        from reviewtui.screens.discard import DiscardModal

        meeting = session.meeting

        def answered(reason: str | None) -> None:
            if reason is None:
                return
            try:
                session.meeting = self.store.discard_draft(meeting, reason, self.now())
            except StoreError as error:
                self.show_store_problem("The meeting was not discarded", error)
                return
            self.notify(f"{meeting.id} is discarded; it is kept on disk and never counted", title="Discarded",
                        timeout=8, markup=False)
            self.go_home()

        what = f"the {KIND_LABEL[meeting.kind]} of {meeting.quarter_id} started {meeting.started_at:%Y-%m-%d %H:%M}"
        self.push_screen(DiscardModal(what), answered)

    def set_aside(self, draft: MeetingSummary) -> None:
        """Take a draft that cannot be resumed out of the way (kept on disk), then offer the next one, if any."""
        try:
            kept_as = self.store.set_aside_draft(draft.quarter_id, draft.id)
        except StoreError as error:
            self.show_store_problem("The meeting could not be set aside", error)
            return
        self.notify(f"Set aside; the file is kept as {kept_as}", title="Meeting set aside", timeout=8, markup=False)
        self.go_home()
        waiting = self.store.drafts()
        if waiting:
            self.offer_resume(waiting[0])

    def start_review(self, quarter_id: str) -> None:
        from reviewtui.screens.review import ReviewScreen
        from reviewtui.screens.start_meeting import StartMeetingScreen
        from reviewtui.session import MeetingSession, final_meetings, plan_agenda

        waiting = [d for d in self.store.drafts() if d.quarter_id == quarter_id]
        if waiting:  # one meeting at a time: finish (or end early) the interrupted one first
            self.offer_resume(waiting[0])
            return
        try:  # what the agenda and the meeting read: the quarter, its records and its actions
            quarter = self.store.load_quarter(quarter_id)
            final_meetings(self.store, quarter_id)
            self.store.actions(quarter_id)
        except StoreError as error:
            self.show_store_problem(f"A review of {quarter_id} cannot start", error)
            return

        def planned(plan: MeetingPlan | None) -> None:
            if plan is None:
                return
            try:
                session = MeetingSession.start(self.store, plan, self.now())
            except StoreError as error:
                self.show_store_problem("The meeting was not started", error)
                return
            self.push_screen(ReviewScreen(session, self.clock, self.now))

        def preview(plan: MeetingPlan) -> list[str]:
            return plan_agenda(self.store, quarter, plan, self.today)

        self.push_screen(StartMeetingScreen(quarter, self.today, preview), planned)

    def show_summary(self, session: MeetingSession) -> None:
        from reviewtui.screens.summary import SummaryScreen

        self.push_screen(SummaryScreen(session, self.now))

    def end_early(self, session: MeetingSession, undecided: list[str], hard_stop: bool = False) -> None:
        from reviewtui.screens.end_early import EndEarlyModal

        if not undecided:  # everything is decided: ending now is just the summary
            self.show_summary(session)
            return

        def answered(result: tuple[str, date] | None) -> None:
            if result is None:
                return
            reason, revisit_on = result
            try:
                session.defer_rest(reason, revisit_on, self.now())
            except StoreError as error:  # kept in memory; the review screen retries the save every second
                if session.undecided():
                    self.show_store_problem("The rest could not be deferred", error)
                    return
            self.show_summary(session)

        stop = session.meeting.hard_stop_s if hard_stop else None
        self.push_screen(EndEarlyModal(undecided, self.today, hard_stop_s=stop), answered)

    def show_report(self, quarter_id: str) -> None:
        from reviewtui.reporting import build_quarter_report
        from reviewtui.screens.report import ReportScreen

        try:
            report = build_quarter_report(self.store, quarter_id, self.today)
        except StoreError as error:
            self.show_store_problem(f"The report of {quarter_id} cannot be built", error)
            return
        self.push_screen(ReportScreen(report, lambda text: self.store.write_export(f"report-{quarter_id}.md", text)))

    def go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        home = self.screen
        if isinstance(home, HomeScreen):
            home.reload()

    # --- what the screens ask for: messages up, never a call by name -------------------------------------
    @on(ReviewRequested)
    def _review_requested(self, event: ReviewRequested) -> None:
        self.start_review(event.quarter_id)

    @on(ReportRequested)
    def _report_requested(self, event: ReportRequested) -> None:
        self.show_report(event.quarter_id)

    @on(SummaryRequested)
    def _summary_requested(self, event: SummaryRequested) -> None:
        self.show_summary(event.session)

    @on(EndRequested)
    def _end_requested(self, event: EndRequested) -> None:
        self.end_early(event.session, event.undecided, hard_stop=event.hard_stop)

    @on(DiscardRequested)
    def _discard_requested(self, event: DiscardRequested) -> None:
        self.discard(event.session)

    @on(HomeRequested)
    def _home_requested(self, event: HomeRequested) -> None:
        self.go_home()
