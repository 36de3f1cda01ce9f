"""A quarter's objectives as a tree (company → team → individual) with each one's roll-up."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from reviewtui.domain.enums import Commitment
from reviewtui.domain.rollup import Node, roll_up
from reviewtui.format import STATUS_GLYPH, STATUS_WORD
from reviewtui.views import KRLine, QuarterSummary
from reviewtui.widgets.fitted_table import FittedTable, Row
from reviewtui.widgets.kr_table import OWNER_CELLS, TITLE_CELLS, shortened
from reviewtui.widgets.status import status_text

MIN_TITLE_CELLS = 12
# Padding (two cells a column, six columns), the vertical scrollbar (2), progress (8), a status ('✗ off track').
OTHER_CELLS = 2 * 6 + 2 + 8 + max(len(f"{STATUS_GLYPH[s]} {STATUS_WORD[s]}") for s in STATUS_GLYPH)


def objective_rows(quarter: QuarterSummary, today: date, width: int = 120) -> list[Row]:
    """One row per objective in tree order: id, weakest KR status, roll-up progress, title indented by depth
    (cut to fit `width` columns), owner, KRs, and 'aspirational' where success is 0.7. Dropped KRs are left out
    of the roll-up."""
    lines = {o.id: o for o in quarter.objective_lines}
    krs_of: dict[str, list[KRLine]] = {}
    for kr in quarter.krs:
        if kr.dropped_on is None:
            krs_of.setdefault(kr.objective, []).append(kr)
    ids = max((cell_len(o.id) for o in quarter.objective_lines), default=9)
    owners = min(OWNER_CELLS, max((cell_len(o.owner) for o in quarter.objective_lines), default=5))
    aspirational = any(o.commitment is Commitment.ASPIRATIONAL for o in quarter.objective_lines)
    room = width - OTHER_CELLS - max(ids, 9) - max(owners, 5) - 3 - (12 if aspirational else 10)
    title_cells = max(MIN_TITLE_CELLS, min(TITLE_CELLS + 8, room))
    rows: list[Row] = []
    for rolled in roll_up([Node(o.id, o.parent) for o in quarter.objective_lines], krs_of, quarter, today):
        objective = lines[rolled.id]
        title = "  " * rolled.depth + ("└ " if rolled.depth else "") + objective.title
        rows.append(([
            Text(objective.id), status_text(rolled.status),
            Text("—" if rolled.progress is None else f"{rolled.progress:.0%}"),
            Text(shortened(title, title_cells)), Text(shortened(objective.owner, OWNER_CELLS)),
            Text(str(len(krs_of.get(objective.id, [])))),
            Text("aspirational" if objective.commitment is Commitment.ASPIRATIONAL else "committed",
                 style="" if objective.commitment is Commitment.ASPIRATIONAL else "dim"),
        ], objective.id))
    return rows


class ObjectiveTable(FittedTable):
    """Objectives indented under their parent; progress is the mean of their KRs' and children's scores
    (an aspirational objective succeeds at 0.7), the status their weakest KR's."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(["Objective", "Status", "Progress", "Title", "Owner", "KRs", "Commitment"], **kwargs)
        self._shown: tuple[QuarterSummary, date] | None = None

    def show(self, quarter: QuarterSummary, today: date) -> None:
        self._shown = (quarter, today)
        self.replace_rows(objective_rows(quarter, today, self.app.size.width))

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)
