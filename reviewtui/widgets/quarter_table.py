"""The list of quarters on the home screen; posts QuarterChosen when the highlighted row changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from reviewtui.domain.enums import MeetingState
from reviewtui.domain.progress import pace, progress
from reviewtui.views import MeetingSummary, QuarterSummary
from reviewtui.widgets.fitted_table import FittedTable


class QuarterTable(FittedTable):
    """Quarters with their size, how many KRs trail pace, and the last meeting."""

    @dataclass
    class QuarterChosen(Message):
        """The user moved to another quarter."""

        quarter_id: str

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(["Quarter", "Dates", "Objectives", "KRs", "Behind pace", "Last meeting"], **kwargs)

    def show(self, quarters: list[QuarterSummary], meetings: list[MeetingSummary], today: date) -> None:
        """Replace the rows; user text goes in as Text so it is never read as markup."""
        rows = []
        for quarter in quarters:
            expected = pace(quarter.start, quarter.end, today)
            active = [kr for kr in quarter.krs if not kr.dropped_on]  # a dropped KR is no longer behind anything
            done = (progress(kr) for kr in active)
            behind = sum(1 for p in done if p is not None and p < expected)
            # A discarded meeting was never held; an open one is said to be open.
            held = [m for m in meetings if m.quarter_id == quarter.id and m.state is not MeetingState.DISCARDED]
            last = (f"{held[-1].started_at:%Y-%m-%d} {held[-1].kind.value}"
                    f"{' (open)' if held[-1].state is MeetingState.DRAFT else ''}") if held else "none yet"
            rows.append(([
                Text(quarter.id), Text(f"{quarter.start:%d %b} – {quarter.end:%d %b}"),
                Text(str(quarter.objectives)), Text(str(quarter.key_results)),
                Text(f"{behind} of {len(active) if quarter.krs else quarter.key_results}",
                     style="yellow" if behind else ""), Text(last),
            ], quarter.id))
        self.replace_rows(rows)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.cursor_row != self.cursor_row:  # the cursor has moved on since (rows were just replaced)
            return
        if event.row_key.value is not None:
            self.post_message(self.QuarterChosen(event.row_key.value))
