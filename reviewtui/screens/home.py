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

from reviewtui.domain.models import ActionStatus, Quarter
from reviewtui.domain.planning import Severity, check_quarter
from reviewtui.domain.progress import pace
from reviewtui.store import Store, StoreError
from reviewtui.widgets.kr_table import KRTable
from reviewtui.widgets.planning_panel import PlanningPanel
from reviewtui.widgets.quarter_table import QuarterTable

EMPTY_STORE = (
    "No quarters in this store yet.\n\n"
    "Import one:     reviewtui import okrs.json --store {store}\n"
    "See the format: reviewtui schema\n"
    "Or look around: reviewtui demo"
)


def pace_caption(quarter: Quarter, today: date) -> str:
    """'Day 53 of 91: a KR on pace is 58% of the way to its target.'"""
    total = (quarter.end - quarter.start).days + 1
    if today < quarter.start:
        return f"{quarter.title} starts in {(quarter.start - today).days} days: nothing is expected of its key results yet."
    expected = pace(quarter.start, quarter.end, today)
    if today > quarter.end:
        return f"{quarter.title} is over: key results are judged against their full targets."
    day = (today - quarter.start).days + 1
    return f"Day {day} of {total} in {quarter.title}: a key result on pace is {expected:.0%} of the way to its target."


class HomeScreen(Screen):
    """Lists quarters; shows the chosen quarter's key results and planning check."""

    BINDINGS = [
        # Short words: all five keys must fit an 80-column footer.
        Binding("r", "review", "Review"),
        Binding("k", "show_tab('key-results')", "Key results"),
        Binding("p", "show_tab('planning')", "Planning"),
        Binding("a", "report", "Report"),
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
            yield Label(EMPTY_STORE.format(store=self.store.directory), id="empty", markup=False)
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
        try:
            quarter = self.store.load_quarter(event.quarter_id)
        except StoreError as error:  # a damaged file is named on screen; the app keeps running
            self.quarter_id = None
            self.query_one(KRTable).replace_rows([])
            self.query_one("#pace", Label).update(Text(f"✗ {error}", style="bold red"))
            self.query_one(PlanningPanel).show(event.quarter_id, [])
            self.refresh_bindings()
            return
        findings = check_quarter(quarter)
        self.query_one(KRTable).show(quarter, self.today)
        self.query_one("#pace", Label).update(Text(pace_caption(quarter, self.today)))
        self.refresh_bindings()
        self.query_one(PlanningPanel).show(quarter.id, findings)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        tab = self.query_one(TabbedContent).get_tab("planning")
        tab.label = f"Planning check ✗ {errors} ! {len(findings) - errors}" if findings else "Planning check ✓"
        self.query_one(TabbedContent).get_tab("key-results").label = f"Key results ({len(quarter.key_results)})"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the tab keys while there is no quarter to show."""
        if action == "show_tab":
            return self.query_one(QuarterTable).row_count > 0
        if action in ("review", "report"):
            return self.quarter_id is not None
        return True

    @on(KRTable.RowSelected)
    def _open_kr(self, event: KRTable.RowSelected) -> None:
        """Enter on a key result shows it in full."""
        from reviewtui.screens.kr_detail import KRDetailScreen  # imported on first use: start-up stays light
        from reviewtui.session import last_reviews
        from reviewtui.widgets.kr_card import CardData

        if self.quarter_id is None or event.row_key.value is None:
            return
        quarter = self.store.load_quarter(self.quarter_id)
        kr_id = event.row_key.value
        kr = next(k for k in quarter.key_results if k.id == kr_id)
        objective = quarter.objective_of(kr_id)
        assert objective is not None
        last = last_reviews(self.store, quarter.id).get(kr_id)
        card = CardData(quarter, objective, kr, last[0] if last else None, last[1] if last else None, self.today)
        actions = [a for a in self.store.actions(quarter.id) if a.kr_id == kr_id and a.status is ActionStatus.OPEN]
        self.app.push_screen(KRDetailScreen(card, actions))

    def action_review(self) -> None:
        if self.quarter_id:
            self.app.start_review(self.quarter_id)

    def action_report(self) -> None:
        if self.quarter_id:
            self.app.show_report(self.quarter_id)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
