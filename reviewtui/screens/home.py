"""The home screen: the store's quarters, and for the chosen one its key results and planning check."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Label
from textual.worker import Worker, WorkerState

from reviewtui.domain.enums import KRKind
from reviewtui.domain.planning import Severity, unmeasured
from reviewtui.domain.progress import pace
from reviewtui.errors import StoreError
from reviewtui.screens.navigation import ReportRequested, ReviewRequested
from reviewtui.screens.partial_updates import draw_changes_only
from reviewtui.views import QuarterSummary
from reviewtui.widgets.keys_footer import KeysFooter
from reviewtui.widgets.kr_table import KRTable
from reviewtui.widgets.objective_table import ObjectiveTable
from reviewtui.widgets.planning_panel import PlanningPanel
from reviewtui.widgets.quarter_table import QuarterTable
from reviewtui.widgets.section_tabs import SectionTabs

if TYPE_CHECKING:
    from reviewtui.catalog import Catalog


EMPTY_STORE = (
    "No quarters in this store yet.\n\n"
    "Import one:     reviewtui import okrs.json --store {store}\n"
    "See the format: reviewtui schema\n"
    "Or look around: reviewtui demo"
)


def pace_caption(quarter: QuarterSummary, today: date) -> str:
    """'Day 53 of 91: a KR on pace is 58% of the way to its target.'"""
    total = (quarter.end - quarter.start).days + 1
    if today < quarter.start:
        return f"{quarter.title} starts in {(quarter.start - today).days} days: nothing is expected of its key results yet."
    expected = pace(quarter.start, quarter.end, today)
    if today > quarter.end:
        return f"{quarter.title} is over: key results are judged against their full targets."
    day = (today - quarter.start).days + 1
    return f"Day {day} of {total} in {quarter.title}: a key result on pace is {expected:.0%} of the way to its target."


# The first frame and the redraws that follow it take about 0.1 s; the models load after them.
LOAD_MODELS_AFTER_S = 0.2


class HomeScreen(Screen):
    """Lists quarters; shows the chosen quarter's key results and planning check.

    Everything shown comes from the store's index, so the screen is up before the models are loaded.
    Once the screen has settled a thread loads them (pydantic and its validators, about 0.1 s), then the
    shown quarter's file is checked: a damaged file is named on screen, and an index row that no longer
    matches its file (edited by hand) is rebuilt.
    """


    BINDINGS = [
        # Short words: all five keys must fit an 80-column footer.
        Binding("r", "review", "Review"),
        Binding("k", "show_tab('key-results')", "Key results"),
        Binding("o", "show_tab('objectives')", "Objectives"),
        Binding("p", "show_tab('planning')", "Planning"),
        Binding("a", "report", "Report"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, catalog: Catalog, today: date, check_after_s: float = LOAD_MODELS_AFTER_S) -> None:
        super().__init__()
        draw_changes_only(self)
        self.catalog = catalog  # the store's quarters and meetings, read through the service
        self.today = today
        self.check_after_s = check_after_s  # tests choose it: no test depends on how fast the machine is
        self.quarter_id: str | None = None
        self._summaries: dict[str, QuarterSummary] = {}
        self._models_requested = self._models_loaded = False
        self.checked_quarter: str | None = None  # the last quarter whose file was validated

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quarters-box"):
            yield Label("Quarters", classes="box-title")
            yield QuarterTable(id="quarters")
            yield Label(EMPTY_STORE.format(store=self.catalog.directory), id="empty", markup=False)
        with Vertical(id="details"):
            yield SectionTabs({"key-results": "Key results", "objectives": "Objectives",
                               "planning": "Planning check"}, "key-results", id="sections")
            with ContentSwitcher(initial="key-results", id="section"):
                with Vertical(id="key-results"):
                    yield Label("", id="pace")
                    yield KRTable(id="krs")
                with Vertical(id="objectives"):
                    yield ObjectiveTable(id="objective-tree")
                with VerticalScroll(id="planning"):
                    yield PlanningPanel(id="findings")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = str(self.catalog.directory)
        self.reload()

    @work(thread=True, exit_on_error=False, group="models")
    def _load_models(self) -> None:
        """Import the models and build their validators off the event loop (opening a KR is then instant)."""
        from reviewtui.domain.models import ActionItem, Meeting, Quarter

        for model in (Quarter, Meeting, ActionItem):
            model.model_rebuild()  # builds a deferred validator; a no-op once built

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "models" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._models_loaded = True
            self._check_shown_file()

    def _check_shown_file(self) -> None:
        """Validate the shown quarter's file; name a damaged one, refresh a summary it no longer matches."""
        if self.quarter_id is None:
            return
        if not self._models_loaded:
            if not self._models_requested:  # load them once the screen has settled, not while it draws
                self._models_requested = True
                self.set_timer(self.check_after_s, self._load_models)
            return
        self._verify_shown_file()

    def _verify_shown_file(self) -> bool:
        """True when the shown quarter's file is sound (checked now unless it already was)."""
        if self.quarter_id is None:
            return False
        if self.checked_quarter == self.quarter_id:
            return True
        self.checked_quarter = self.quarter_id
        try:
            summary = self.catalog.verify_quarter(self.quarter_id)
        except StoreError as error:  # a damaged file is named on screen; the app keeps running
            self._show_damaged(self.quarter_id, error)
            return False
        if summary != self._summaries.get(summary.id):
            self._summaries[summary.id] = summary
            self._show(summary)
        return True

    def reload(self) -> None:
        """Read the quarters and meetings again (after a meeting wrote its record)."""
        quarters = self.catalog.quarters()
        self._summaries = {q.id: q for q in quarters}
        try:
            meetings = self.catalog.meetings()
        except StoreError:  # a damaged meeting row in the index: the quarters still show (the app names the row)
            meetings = []
        self.query_one(QuarterTable).show(quarters, meetings, self.today)
        self.query_one("#empty").display = not quarters
        self.query_one("#details").display = bool(quarters)
        self.query_one("#quarters").display = bool(quarters)
        self.refresh_bindings()
        if quarters:
            table = self.query_one(QuarterTable)
            chosen = [i for i, q in enumerate(quarters) if q.id == self.quarter_id]  # kept across a meeting
            current = [i for i, q in enumerate(quarters) if q.start <= self.today <= q.end]
            row = (chosen or current or [len(quarters) - 1])[-1]
            table.move_cursor(row=row)
            table.focus()
            self._choose(quarters[row].id)  # now, not when the table's highlight message comes round

    @on(QuarterTable.QuarterChosen)
    def _show_quarter(self, event: QuarterTable.QuarterChosen) -> None:
        if event.quarter_id != self.quarter_id:
            self._choose(event.quarter_id)

    def _choose(self, quarter_id: str) -> None:
        self.quarter_id = quarter_id
        self._show(self._summaries[quarter_id])
        self._check_shown_file()

    def _show(self, quarter: QuarterSummary) -> None:
        self.query_one(KRTable).show(quarter, self.today)
        self.query_one(ObjectiveTable).show(quarter, self.today)
        pace_line = self.query_one("#pace", Label)
        pace_line.update(Text(pace_caption(quarter, self.today)))
        pace_line.remove_class("-damaged")
        self.refresh_bindings()
        # The stored check is the plan's own; what depends on the date (no value two weeks in) is judged today.
        findings = list(quarter.findings) + unmeasured(
            quarter.start, quarter.end, self.today,
            ((k.id, k.kind or KRKind.INCREASE, k.current) for k in quarter.krs if k.dropped_on is None))
        self.query_one(PlanningPanel).show(quarter.id, findings)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        tabs = self.query_one(SectionTabs)
        tabs.label("planning", f"Planning check ✗ {errors} ! {len(findings) - errors}" if findings
                   else "Planning check ✓")
        tabs.label("key-results", f"Key results ({quarter.key_results})")
        tabs.label("objectives", f"Objectives ({quarter.objectives})")

    def _show_damaged(self, quarter_id: str, error: StoreError) -> None:
        self.quarter_id = None
        self.query_one(KRTable).replace_rows([])
        self.query_one(ObjectiveTable).replace_rows([])
        pace_line = self.query_one("#pace", Label)
        pace_line.update(Text(f"✗ {error}", style="bold red"))
        pace_line.add_class("-damaged")  # wrapped in full: the path and what is wrong, even at 80 columns
        self.query_one(PlanningPanel).show_unchecked(quarter_id, str(error))
        self.query_one(SectionTabs).label("planning", "Planning check ✗ cannot run")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the tab keys while there is no quarter to show."""
        if action == "show_tab":
            return self.query_one(QuarterTable).row_count > 0
        if action in ("review", "report"):
            return self.quarter_id is not None
        return True

    @on(KRTable.RowSelected, "#krs")  # the quarters and objectives tables post RowSelected too
    def _open_kr(self, event: KRTable.RowSelected) -> None:
        """Enter on a key result shows it in full."""
        from reviewtui.screens.kr_detail import KRDetailScreen  # imported on first use: start-up stays light
        from reviewtui.widgets.kr_card import CardData

        # No quarter shown, or a key pressed before the check ran.
        if event.row_key.value is None or self.quarter_id is None or not self._verify_shown_file():
            return
        kr_id = event.row_key.value
        try:  # the quarter was checked; its meeting records and actions are read now
            shown = self.catalog.kr_in_full(self.quarter_id, kr_id)
        except StoreError as error:
            from reviewtui.screens.store_problem import StoreProblemModal

            self.app.push_screen(StoreProblemModal(f"{kr_id} cannot be shown in full", error))
            return
        if shown is None:
            return
        card = CardData(shown.quarter, shown.objective, shown.kr, shown.last, shown.last_held_on, self.today)
        self.app.push_screen(KRDetailScreen(card, shown.open_actions))

    def action_review(self) -> None:
        if self.quarter_id is not None and self._verify_shown_file():
            self.app.post_message(ReviewRequested(self.quarter_id))

    def action_report(self) -> None:
        if self.quarter_id is not None and self._verify_shown_file():
            self.app.post_message(ReportRequested(self.quarter_id))

    def action_show_tab(self, tab: str) -> None:
        self.query_one(ContentSwitcher).current = tab
        self.query_one(SectionTabs).show(tab)

    @on(SectionTabs.Chosen)
    def _section_clicked(self, event: SectionTabs.Chosen) -> None:
        self.action_show_tab(event.section)
