"""View data: what lists show of a quarter or meeting without loading it, as plain dataclasses.

The store builds them from its index; widgets and screens show them without knowing the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reviewtui.domain.enums import MeetingKind, MeetingState
from reviewtui.domain.planning import Finding


@dataclass(frozen=True)
class KRLine:
    """A key result as lists show it: enough for its progress, status and value against target."""

    id: str
    title: str
    owner: str
    unit: str
    baseline: float
    target: float
    current: float | None
    dropped_on: str | None = None  # the day a meeting dropped it (ISO date), shown instead of a status


@dataclass(frozen=True)
class QuarterSummary:
    """What the home screen shows about a quarter, without loading it."""

    id: str
    name: str
    start: date
    end: date
    objectives: int
    key_results: int
    krs: tuple[KRLine, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def title(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class MeetingSummary:
    """What lists show about a meeting, without loading its reviews."""

    id: str
    quarter_id: str
    kind: MeetingKind
    facilitator: str
    started_at: datetime
    state: MeetingState
    reviews: int
