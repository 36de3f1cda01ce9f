"""The quarter-end retrospective's facts per KR, derived from the records so that nobody rewrites them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reviewtui.domain.enums import KRKind, OutcomeBand
from reviewtui.domain.models import KeyResult, KRReview, Meeting, MeetingState, Quarter
from reviewtui.domain.review_rules import says_something
from reviewtui.domain.score import band_for, data_score
from reviewtui.domain.timeline import ReviewOn, first_escalated_on, known_values, lag_days, risk_visible

BAND_ORDER = [OutcomeBand.STRETCH, OutcomeBand.TARGET, OutcomeBand.PARTIAL, OutcomeBand.MISSED]


@dataclass(frozen=True)
class RetroFacts:
    """The first three of the five questions, answered from the records: target, what happened, when risk showed."""

    kr_id: str
    kr: KeyResult
    final_value: float | None
    score: float | None  # the score the record keeps: the owner's where one was given, else the data's
    data_score: float | None  # what the data says: progress to the target, threshold held, checklist done
    score_reason: str  # why the owner's score differs from the data's
    band: OutcomeBand | None
    risk_visible_on: date | None
    first_escalated_on: date | None
    quarter_over: bool = True  # False when the retrospective is held before the quarter's last day

    @property
    def unit(self) -> str:
        return self.kr.unit

    @property
    def lag_days(self) -> int | None:
        """Days from risk becoming visible to the first escalation."""
        return lag_days(self.risk_visible_on, self.first_escalated_on)

    @property
    def overridden(self) -> bool:
        """The owner's score is not the data's."""
        return self.score is not None and self.data_score is not None and round(self.score - self.data_score, 9) != 0


def reviews_on(meetings: Sequence[Meeting], kr_id: str) -> list[ReviewOn]:
    """A KR's reviews in confirmed meetings, with the day each was held, oldest first."""
    found = []
    for meeting in sorted(meetings, key=lambda m: m.started_at):
        review = meeting.review_of(kr_id)
        if meeting.state is MeetingState.FINAL and review is not None:
            found.append((meeting.held_on, review))
    return found


def retro_facts(kr: KeyResult, quarter: Quarter, meetings: Sequence[Meeting], value: float | None,
                today: date | None = None, review: KRReview | None = None) -> RetroFacts:
    """Facts for one KR: `value` is the final value entered in the retrospective (else the KR's current one);
    `review` the retrospective's review, whose score (if given) is the owner's."""
    final = kr.current if value is None else value
    reviews = reviews_on(meetings, kr.id)
    values = known_values(kr, reviews)
    if value is not None:
        values.append((min(today or quarter.end, quarter.end), value))
    by_data = data_score(kr, values, final)
    given = review.score if review is not None else None
    score = given if given is not None else by_data
    return RetroFacts(kr.id, kr, final, score, by_data, review.score_reason if review is not None else "",
                      band_for(kr, score), risk_visible(kr, quarter, reviews, today or quarter.end),
                      first_escalated_on(reviews), quarter_over=today is None or today >= quarter.end)


def missing_score(facts: RetroFacts) -> list[str]:
    """What the retrospective still needs for a KR's score: the owner's, where the data cannot score it (a
    milestone not done), and a reason where the owner's differs from the data's."""
    if facts.score is None:
        why = ("a milestone that is not done" if facts.kr.measure is KRKind.MILESTONE else "a KR with no value")
        return [f"the owner's score, 0 to 1 (the data cannot score {why})"]
    if facts.overridden and not says_something(facts.score_reason):
        assert facts.data_score is not None
        return [f"why the score differs from the data's ({facts.data_score:.2f}), in a few words"]
    return []


def outcome_bands(facts: Sequence[RetroFacts]) -> dict[OutcomeBand | None, list[str]]:
    """KR ids per band, stretch first; None collects the KRs with no value."""
    bands: dict[OutcomeBand | None, list[str]] = {band: [] for band in BAND_ORDER}
    for fact in facts:
        bands.setdefault(fact.band, []).append(fact.kr_id)
    return bands
