"""A DataTable whose columns are sized from the rows given to it, before anything is drawn."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable


class FittedTable(DataTable):
    """Replaces all rows at once, sizing columns to fit (auto-width can draw rows before it settles)."""

    def __init__(self, labels: Sequence[str], **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.labels = tuple(labels)

    def replace_rows(self, rows: Sequence[tuple[Sequence[Text], str]]) -> None:
        """Show rows, each (cells, key); every cell is Text so user data is never read as markup."""
        cursor = self.cursor_row
        self.clear(columns=True)
        for index, label in enumerate(self.labels):
            width = max([cell_len(label), *(cell_len(cells[index].plain) for cells, _ in rows)])
            self.add_column(label, width=width, key=label)
        for cells, key in rows:
            self.add_row(*cells, key=key)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))
