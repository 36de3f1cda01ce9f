"""The quarter-end retrospective's facts per KR, derived from the records so that nobody rewrites them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reviewtui.domain.models import KeyResult, Meeting, MeetingState, Quarter
from reviewtui.domain.progress import progress
from reviewtui.domain.timeline import (
    OutcomeBand, ReviewOn, band_of, first_escalated_on, lag_days, risk_visible,
)

BAND_ORDER = [OutcomeBand.STRETCH, OutcomeBand.TARGET, OutcomeBand.PARTIAL, OutcomeBand.MISSED]


@dataclass(frozen=True)
class RetroFacts:
    """The first three of the five questions, answered from the records: target, what happened, when risk showed."""

    kr_id: str
    baseline: float
    target: float
    unit: str
    final_value: float | None
    score: float | None  # progress from baseline to target: 1.0 is the target reached
    band: OutcomeBand | None
    risk_visible_on: date | None
    first_escalated_on: date | None
    quarter_over: bool = True  # False when the retrospective is held before the quarter's last day

    @property
    def lag_days(self) -> int | None:
        """Days from risk becoming visible to the first escalation."""
        return lag_days(self.risk_visible_on, self.first_escalated_on)


def reviews_on(meetings: Sequence[Meeting], kr_id: str) -> list[ReviewOn]:
    """A KR's reviews in confirmed meetings, with the day each was held, oldest first."""
    found = []
    for meeting in sorted(meetings, key=lambda m: m.started_at):
        review = meeting.review_of(kr_id)
        if meeting.state is MeetingState.FINAL and review is not None:
            found.append((meeting.held_on, review))
    return found


def retro_facts(kr: KeyResult, quarter: Quarter, meetings: Sequence[Meeting], value: float | None,
                today: date | None = None) -> RetroFacts:
    """Facts for one KR: `value` is the final value entered in the retrospective (else the KR's current one)."""
    final = kr.current if value is None else value
    score = progress(kr, final)
    reviews = reviews_on(meetings, kr.id)
    return RetroFacts(kr.id, kr.baseline, kr.target, kr.unit, final, score, band_of(score),
                      risk_visible(kr, quarter, reviews, today or quarter.end), first_escalated_on(reviews),
                      quarter_over=today is None or today >= quarter.end)


def outcome_bands(facts: Sequence[RetroFacts]) -> dict[OutcomeBand | None, list[str]]:
    """KR ids per band, stretch first; None collects the KRs with no value."""
    bands: dict[OutcomeBand | None, list[str]] = {band: [] for band in BAND_ORDER}
    for fact in facts:
        bands.setdefault(fact.band, []).append(fact.kr_id)
    return bands
