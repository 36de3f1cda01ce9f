"""Every key result of a quarter: owner, value against target, progress against pace, status."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from typing import Any, Protocol

from reviewtui.domain.enums import KRKind
from reviewtui.domain.progress import Measured, progress, standing
from reviewtui.format import value_against_goal
from reviewtui.views import KRLine, QuarterSummary
from reviewtui.widgets.fitted_table import FittedTable
from reviewtui.widgets.status import standing_text


class Valued(Measured, Protocol):
    """A key result as a value against its target: a stored KeyResult or a KRLine of the index."""

    @property
    def unit(self) -> str: ...


TITLE_CELLS = 44  # at most; Enter shows a title in full
MIN_TITLE_CELLS = 12
OWNER_CELLS = 18  # a longer owner is cut: the title needs the room more
# Cells besides the id, status, title, owner and value: progress (its label, 8), two cells of padding per
# column, and a vertical scrollbar (2).
OTHER_CELLS = 8 + 2 * 6 + 2


def shortened(text: str, cells: int) -> str:
    """Text cut to at most `cells` terminal cells, with '…' (a CJK character takes two cells, not one)."""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, cells - 1).rstrip() + "…"


def value_against_target(kr: Valued, short: bool = False) -> str:
    """The KR's value against its goal, by kind (format.value_against_goal)."""
    return value_against_goal(kr, kr.unit, short)


def dropped_text(kr: KRLine) -> Text | None:
    """A dropped KR has no status any more: it says so, in a glyph and a word."""
    return Text("– dropped", style="dim") if kr.dropped_on else None


class KRTable(FittedTable):
    """A read-only overview of a quarter's key results, in objective order."""

    def __init__(self, **kwargs: Any) -> None:
        # The owner before the value: the last column is the one cut in a narrow terminal, and the one
        # owner must show.
        super().__init__(["KR", "Status", "Progress", "Key result", "Owner", "Value → target"], **kwargs)
        self._shown: tuple[QuarterSummary, date] | None = None
        self._title_cells = TITLE_CELLS
        self._value_fits = True

    def show(self, quarter: QuarterSummary, today: date) -> None:
        """Replace the rows with this quarter's key results as of today (from the index: nothing is loaded)."""
        self._shown = (quarter, today)
        self._title_cells = title_cells(self.app.size.width, quarter)
        self._value_fits = value_fits(self.app.size.width, quarter)
        short = not self._value_fits
        # What is left for the value: cut with '…' there, never mid-number by the screen's edge.
        room = max(4, self.app.size.width - _fixed_cells(quarter) - self._title_cells)
        rows = []
        for kr in quarter.krs:
            done = progress(kr)
            rows.append(([
                Text(kr.id), dropped_text(kr) or standing_text(standing(kr, quarter, today)),
                Text("—" if done is None else f"{done:.0%}"), Text(shortened(kr.title, self._title_cells)),
                Text(shortened(kr.owner, OWNER_CELLS)), Text(shortened(value_against_target(kr, short), room)),
            ], kr.id))
        self.replace_rows(rows)

    def on_resize(self) -> None:
        """Titles are cut to leave the owner on screen: cut them again when the terminal's width changes."""
        if self._shown is None:
            return
        if (title_cells(self.app.size.width, self._shown[0]), value_fits(self.app.size.width, self._shown[0])) != (
                self._title_cells, self._value_fits):
            self.show(*self._shown)


def title_cells(width: int, quarter: QuarterSummary) -> int:
    """How much of a title fits beside the id, status, progress, owner and (short) value columns: 16 to 44."""
    return max(MIN_TITLE_CELLS, min(TITLE_CELLS, width - _fixed_cells(quarter) - _value_cells(quarter, True)))


def value_fits(width: int, quarter: QuarterSummary) -> bool:
    """Whether the full 'value → target unit (from baseline)' fits after the title; else the short form."""
    return width - _fixed_cells(quarter) - title_cells(width, quarter) >= _value_cells(quarter, False)


def _fixed_cells(quarter: QuarterSummary) -> int:
    ids = max((cell_len(kr.id) for kr in quarter.krs), default=2)  # the column is at least as wide as 'KR'
    owners = max((cell_len(kr.owner) for kr in quarter.krs), default=0)
    # The status: '✗ off track' (11), '· never measured' / '· to be measured' (16) for a KR with no value, or
    # '✗ off track (stated)' (20) for a milestone judged by its owner's stated word.
    stated = any(kr.kind is KRKind.MILESTONE and kr.steps == 1 and kr.confidence for kr in quarter.krs)
    status = 20 if stated else 16 if any(kr.current is None for kr in quarter.krs) else 11
    return OTHER_CELLS + status + ids + max(5, min(OWNER_CELLS, owners))  # at least as wide as 'Owner'


def _value_cells(quarter: QuarterSummary, short: bool) -> int:
    return max((cell_len(value_against_target(kr, short)) for kr in quarter.krs), default=0)
