"""A quarter's objectives as a tree (company → team → individual) with each one's roll-up."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text

from reviewtui.domain.enums import Commitment
from reviewtui.domain.rollup import Node, roll_up
from reviewtui.views import KRLine, QuarterSummary
from reviewtui.widgets.fitted_table import FittedTable, Row
from reviewtui.widgets.kr_table import OWNER_CELLS, TITLE_CELLS, shortened
from reviewtui.widgets.status import status_text


def objective_rows(quarter: QuarterSummary, today: date) -> list[Row]:
    """One row per objective in tree order: id, weakest KR status, roll-up progress, title indented by depth,
    owner, KRs, commitment. Dropped KRs are left out of the roll-up."""
    lines = {o.id: o for o in quarter.objective_lines}
    krs_of: dict[str, list[KRLine]] = {}
    for kr in quarter.krs:
        if kr.dropped_on is None:
            krs_of.setdefault(kr.objective, []).append(kr)
    rows: list[Row] = []
    for rolled in roll_up([Node(o.id, o.parent) for o in quarter.objective_lines], krs_of, quarter, today):
        objective = lines[rolled.id]
        title = "  " * rolled.depth + ("└ " if rolled.depth else "") + objective.title
        aspirational = objective.commitment is Commitment.ASPIRATIONAL
        rows.append(([
            Text(objective.id), status_text(rolled.status),
            Text("—" if rolled.progress is None else f"{rolled.progress:.0%}"),
            Text(shortened(title, TITLE_CELLS + 2 * rolled.depth)), Text(shortened(objective.owner, OWNER_CELLS)),
            Text(str(len(krs_of.get(objective.id, [])))),
            Text("aspirational (0.7)" if aspirational else "committed", style="" if aspirational else "dim"),
        ], objective.id))
    return rows


class ObjectiveTable(FittedTable):
    """Objectives indented under their parent; progress is the mean of their KRs' and children's scores,
    the status their weakest KR's."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(["Objective", "Status", "Progress", "Title", "Owner", "KRs", "Commitment"], **kwargs)

    def show(self, quarter: QuarterSummary, today: date) -> None:
        self.replace_rows(objective_rows(quarter, today))
