"""Every key result of a quarter: owner, value against target, progress against pace, status."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from typing import Protocol

from reviewtui.domain.progress import Measured, progress, suggested_status
from reviewtui.store.summaries import QuarterSummary
from reviewtui.widgets.fitted_table import FittedTable
from reviewtui.widgets.status import status_text


class Valued(Measured, Protocol):
    """A key result as a value against its target: a stored KeyResult or a KRLine of the index."""

    @property
    def unit(self) -> str: ...


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


TITLE_CELLS = 44  # the title comes early so it shows at 80 columns; Enter shows it in full


def shortened(text: str, cells: int) -> str:
    return text if len(text) <= cells else text[:cells - 1] + "…"


def value_against_target(kr: Valued) -> str:
    """'52 → 60 points (from 45)', or '— → 60' when there is no value yet."""
    current = _number(kr.current) if kr.current is not None else "—"
    return f"{current} → {_number(kr.target)} {kr.unit} (from {_number(kr.baseline)})"


class KRTable(FittedTable):
    """A read-only overview of a quarter's key results, in objective order."""

    def __init__(self, **kwargs) -> None:
        # The owner before the value: at 120 columns the last column is cut, and the one owner must show.
        super().__init__(["KR", "Status", "Progress", "Key result", "Owner", "Value → target"], **kwargs)

    def show(self, quarter: QuarterSummary, today: date) -> None:
        """Replace the rows with this quarter's key results as of today (from the index: nothing is loaded)."""
        rows = []
        for kr in quarter.krs:
            done = progress(kr)
            rows.append(([
                Text(kr.id), status_text(suggested_status(kr, quarter, today)),
                Text("—" if done is None else f"{done:.0%}"), Text(shortened(kr.title, TITLE_CELLS)),
                Text(kr.owner), Text(value_against_target(kr)),
            ], kr.id))
        self.replace_rows(rows)
