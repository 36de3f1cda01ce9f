"""A DataTable whose columns are sized from the rows given to it, before anything is drawn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

Row = tuple[Sequence[Text], str]

# Rows drawn with the first frame; a longer table gets the rest right after it is painted. 64 fills the
# tallest terminals, and a 500-row quarter comes up in the time of a small one.
FIRST_ROWS = 64


class FittedTable(DataTable):
    """Replaces all rows at once, sizing columns to fit (auto-width can draw rows before it settles)."""

    def __init__(self, labels: Sequence[str], **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.labels = tuple(labels)
        self._generation = 0
        self.rows_to_come = 0

    def replace_rows(self, rows: Sequence[Row]) -> None:
        """Show rows, each (cells, key); every cell is Text so user data is never read as markup."""
        cursor = self.cursor_row
        self.clear(columns=True)
        for index, label in enumerate(self.labels):
            width = max([cell_len(label), *(cell_len(cells[index].plain) for cells, _ in rows)])
            self.add_column(label, width=width, key=label)
        self._generation += 1
        first, rest = rows[:FIRST_ROWS], rows[FIRST_ROWS:]
        self._add_rows(first)
        wanted = min(cursor, len(rows) - 1)
        if rows:
            self.move_cursor(row=min(wanted, len(first) - 1))
        self.rows_to_come = len(rest)
        if rest:
            generation = self._generation
            self.call_after_refresh(self._add_rest, generation, rest, wanted)

    def _add_rows(self, rows: Sequence[Row]) -> None:
        for cells, key in rows:
            self.add_row(*cells, key=key)

    def _add_rest(self, generation: int, rest: Sequence[Row], wanted: int) -> None:
        if generation != self._generation:  # replaced since: these rows are stale
            return
        self._add_rows(rest)
        self.rows_to_come = 0
        if wanted >= FIRST_ROWS:
            self.move_cursor(row=wanted)
