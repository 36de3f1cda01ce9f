"""The home screen: the store's quarters, and for the chosen one its key results and planning check."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, TabbedContent, TabPane

from reviewtui.domain.models import Quarter
from reviewtui.domain.planning import Severity, check_quarter
from reviewtui.domain.progress import pace
from reviewtui.store import Store
from reviewtui.widgets.kr_table import KRTable
from reviewtui.widgets.planning_panel import PlanningPanel
from reviewtui.widgets.quarter_table import QuarterTable

EMPTY_STORE = (
    "No quarters in this store yet.\n\n"
    "Import one:     reviewtui import okrs.json   (or .csv)\n"
    "See the format: reviewtui schema\n"
    "Or look around: reviewtui demo"
)


def pace_caption(quarter: Quarter, today: date) -> str:
    """'Day 53 of 91: a KR on pace is 58% of the way to its target.'"""
    total = (quarter.end - quarter.start).days
    day = min(max((today - quarter.start).days, 0), total)
    expected = pace(quarter.start, quarter.end, today)
    return f"Day {day} of {total} in {quarter.title}: a key result on pace is {expected:.0%} of the way to its target."


class HomeScreen(Screen):
    """Lists quarters; shows the chosen quarter's key results and planning check."""

    BINDINGS = [
        Binding("r", "review", "Start a review"),
        Binding("k", "show_tab('key-results')", "Key results"),
        Binding("p", "show_tab('planning')", "Planning check"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, store: Store, today: date) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.quarter_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quarters-box"):
            yield Label("Quarters", classes="box-title")
            yield QuarterTable(id="quarters")
            yield Label(EMPTY_STORE, id="empty", markup=False)
        with TabbedContent(id="details"):
            with TabPane("Key results", id="key-results"):
                yield Label("", id="pace")
                yield KRTable(id="krs")
            with TabPane("Planning check", id="planning"):
                yield PlanningPanel(id="findings")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.store.directory)
        self.reload()

    def reload(self) -> None:
        """Read the quarters and meetings again (after a meeting wrote its record)."""
        quarters = self.store.quarters()
        self.query_one(QuarterTable).show(quarters, self.store.meetings(), self.today)
        self.query_one("#empty").display = not quarters
        self.query_one("#details").display = bool(quarters)
        self.query_one("#quarters").display = bool(quarters)
        self.refresh_bindings()
        if quarters:
            table = self.query_one(QuarterTable)
            current = [i for i, q in enumerate(quarters) if q.start <= self.today <= q.end]
            table.move_cursor(row=(current or [len(quarters) - 1])[-1])
            table.focus()

    @on(QuarterTable.QuarterChosen)
    def _show_quarter(self, event: QuarterTable.QuarterChosen) -> None:
        self.quarter_id = event.quarter_id
        quarter = self.store.load_quarter(event.quarter_id)
        findings = check_quarter(quarter)
        self.query_one(KRTable).show(quarter, self.today)
        self.query_one("#pace", Label).update(Text(pace_caption(quarter, self.today)))
        self.query_one(PlanningPanel).show(quarter.id, findings)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        tab = self.query_one(TabbedContent).get_tab("planning")
        tab.label = f"Planning check ✗ {errors} ! {len(findings) - errors}" if findings else "Planning check ✓"
        self.query_one(TabbedContent).get_tab("key-results").label = f"Key results ({len(quarter.key_results)})"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the tab keys while there is no quarter to show."""
        if action in ("show_tab", "review"):
            return self.query_one(QuarterTable).row_count > 0
        return True

    def action_review(self) -> None:
        if self.quarter_id:
            self.app.start_review(self.quarter_id)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
