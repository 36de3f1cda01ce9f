"""View data: what lists show of a quarter or meeting without loading it, as plain dataclasses.

The store builds them from its index; widgets and screens show them without knowing the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reviewtui.domain.enums import Commitment, KRKind, MeetingKind, MeetingState, Status
from reviewtui.domain.planning import Finding


@dataclass(frozen=True)
class KRLine:
    """A key result as lists show it: enough for its progress, status and value against target."""

    id: str
    title: str
    owner: str
    unit: str
    baseline: float | None
    target: float | None
    current: float | None
    dropped_on: str | None = None  # the day a meeting dropped it (ISO date), shown instead of a status
    kind: KRKind | None = None
    threshold: float | None = None
    due: date | None = None
    steps: int = 1  # a milestone's checklist length, or 1
    confidence: Status | None = None  # the confidence last stated in a review
    baseline_on: date | None = None
    objective: str = ""  # the id of its objective
    success_at: float = 1.0  # 0.7 under an aspirational objective
    score_now: float | None = None  # the data's score so far (KeyResult.score_now)


@dataclass(frozen=True)
class ObjectiveLine:
    """An objective as the home screen's tree shows it."""

    id: str
    title: str
    owner: str
    parent: str | None = None
    commitment: Commitment = Commitment.COMMITTED


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
    objective_lines: tuple[ObjectiveLine, ...] = ()
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
