"""A key result's quarter-end score (0.0 at the start, 1.0 at the target), its band and whether it met it.

Filled in from the data for metric, threshold and checklist KRs; a milestone without a checklist scores 1.0
when done and is otherwise the owner's to give. A score given in the retrospective overrides the data's,
with its reason kept beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reviewtui.domain.enums import KRKind, OutcomeBand
from reviewtui.domain.progress import Measured, holds, kind_of, progress

PARTIAL_FROM, TARGET_FROM, STRETCH_FROM = 0.4, 1.0, 1.25


def data_score(kr: Measured, values: Sequence[tuple[date, float]], final: float | None = None) -> float | None:
    """What the data says the KR scored: progress at `final` (else its current value) for a metric or a
    checklist, never below 0; the share of its dated values that held the line for a threshold; 1.0 for a
    done milestone; None when there is nothing to score by."""
    value = kr.current if final is None else final
    kind = kind_of(kr)
    if kind.is_threshold:  # one value per day, the last (a review's value and a history point of the same day)
        dated = list(dict(values).values()) or ([value] if value is not None else [])
        return sum(holds(kr, v) for v in dated) / len(dated) if dated else None
    if kind is KRKind.MILESTONE and kr.steps == 1:
        return 1.0 if value is not None and value >= 1 else None  # not done: the owner says how far it got
    done = progress(kr, value)
    return None if done is None else max(0.0, done)


def band_of(score: float | None, success_at: float = 1.0) -> OutcomeBand | None:
    """The outcome band of a score, success being `success_at` (1.0 committed, 0.7 aspirational)."""
    if score is None:
        return None
    reached = round(score / success_at, 9)  # so 0.4 computed as 0.39999999999 sits in its band
    if reached < PARTIAL_FROM:
        return OutcomeBand.MISSED
    if reached < TARGET_FROM:
        return OutcomeBand.PARTIAL
    if reached < STRETCH_FROM:
        return OutcomeBand.TARGET
    return OutcomeBand.STRETCH


def band_for(kr: Measured, score: float | None) -> OutcomeBand | None:
    """The band of a KR's score by its objective's commitment. A milestone or a threshold cannot beat its
    target (done is done, a line held all quarter is held): at best it is on target, never stretch."""
    band = band_of(score, kr.success_at)
    if band is OutcomeBand.STRETCH and not kind_of(kr).is_metric:
        return OutcomeBand.TARGET
    return band


def met(score: float | None, success_at: float = 1.0) -> bool:
    """The KR reached its band's success: such a KR is never a silent miss."""
    return score is not None and round(score / success_at, 9) >= TARGET_FROM
