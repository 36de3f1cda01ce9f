"""The quarter's accountability report in the app: the whole report, and each KR's history against pace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Header, Static

from reviewtui.domain.analytics import KRFigures, QuarterReport
from reviewtui.errors import StoreError
from reviewtui.export.charts import kr_history_chart
from reviewtui.export.document import Document, Table
from reviewtui.export.markdown import to_markdown
from reviewtui.export.report import key_results_table, lag, report_document
from reviewtui.export.terminal import band_text, cell_text, status_text, terminal_columns, to_rich
from reviewtui.format import day, goalposts, percent
from reviewtui.screens.store_problem import write_problem
from reviewtui.screens.partial_updates import draw_changes_only
from reviewtui.widgets.fitted_table import FittedTable
from reviewtui.widgets.keys_footer import KeysFooter
from reviewtui.widgets.section_tabs import SectionTabs


class KRFiguresTable(FittedTable):
    """The report's key results table, as the terminal shows it: one row per KR, keyed by its id."""

    def __init__(self, figures: Table, **kwargs: Any) -> None:
        self.figures = figures
        self.shown = terminal_columns(figures)
        super().__init__([figures.columns[index].title for index in self.shown], **kwargs)

    def show(self) -> None:
        key = self.figures.column("kr")
        self.replace_rows([([cell_text(row[index]) for index in self.shown], row[key].data)
                           for row in self.figures.rows])


class ReportScreen(Screen):
    """Silent misses, status rounds, follow-through, decision outcomes, discipline; per KR a chart."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("o", "show_tab('overview')", "Overview"),
        Binding("k", "show_tab('per-kr')", "Key results"),
        Binding("e", "export", "Export Markdown"),
    ]

    def __init__(self, report: QuarterReport, export: Callable[[str], Path]) -> None:
        super().__init__()
        draw_changes_only(self)
        self.report = report
        self.document: Document = report_document(report)  # built once: the overview, the table, the export
        self.export = export  # writes the Markdown into the store's exports folder; returns where it went

    def compose(self) -> ComposeResult:
        yield Header()
        yield SectionTabs({"overview": "Overview", "per-kr": "Key results"}, "overview", id="report-sections")
        with ContentSwitcher(initial="overview", id="report-section"):
            with VerticalScroll(id="overview"):
                yield Static(to_rich(self.document), id="overview-text")
            with Vertical(id="per-kr"):
                yield KRFiguresTable(self.document.table("kr") or key_results_table(self.report), id="per-kr-table")
                yield Static(id="kr-chart")
        yield KeysFooter()

    def on_mount(self) -> None:
        quarter = self.report.quarter
        self.title = f"Accountability report · {quarter.id}"
        self.sub_title = "the system, not the people"
        self.query_one(KRFiguresTable).show()
        self.query_one("#overview").focus()  # page keys scroll the report at once

    @on(DataTable.RowHighlighted, "#per-kr-table")
    def _chart(self, event: DataTable.RowHighlighted) -> None:
        figures = self.report.kr(str(event.row_key.value))
        if figures is not None:
            self.query_one("#kr-chart", Static).update(self.chart_of(figures))

    def chart_of(self, k: KRFigures) -> Text:
        """The KR's history against its pace line, with what the records say about it."""
        width = max(40, min(self.size.width - 4, 100))
        text = Text.assemble((f"{k.kr.id} ", "bold"), k.kr.title, ("  owner ", "dim"), k.kr.owner, "\n")
        text.append_text(status_text(k.status))
        text.append(f"  progress {percent(k.progress)}  band ")
        text.append_text(band_text(k.band))
        text.append(f"  risk visible {day(k.risk_visible_on, 'never')}, escalated {day(k.first_escalated_on, 'never')}")
        text.append(f" (lag {lag(k)})\n" if k.lag_days is not None else "\n")
        for moved in goalposts(k.kr):  # moved goalposts are never hidden where a score shows
            text.append(f"{moved}\n", style="bold")
        height = max(4, min(10, self.size.height - 20))  # the table keeps room for a few rows at 80x24
        text.append("\n".join(kr_history_chart(k.kr, self.report.quarter, k.values, self.report.today, width=width,
                                               height=height)))
        return text

    def action_show_tab(self, tab: str) -> None:
        self.query_one(ContentSwitcher).current = tab
        self.query_one(SectionTabs).show(tab)
        self.query_one(KRFiguresTable if tab == "per-kr" else "#overview").focus()

    @on(SectionTabs.Chosen)
    def _section_clicked(self, event: SectionTabs.Chosen) -> None:
        self.action_show_tab(event.section)

    def action_export(self) -> None:
        try:
            path = self.export(to_markdown(self.document))
        except (StoreError, OSError) as error:
            self.notify(f"✗ Not written: {write_problem(error)}", title="Export failed", severity="error",
                        timeout=12, markup=False)
            return
        self.notify(f"Report written: {path}", title="Exported", timeout=8, markup=False)
