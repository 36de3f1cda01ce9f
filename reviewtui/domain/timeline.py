"""A key result over time: its dated values, its status on any day, when risk became visible, the weeks.

Pure functions over the records; the quarter's accountability report (analytics.py) is built on them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reviewtui.domain.models import DecisionKind, KeyResult, KRReview, Quarter, Status
from reviewtui.domain.enums import KRKind
from reviewtui.domain.progress import standing
from reviewtui.domain.review_rules import gate_status

DatedValue = tuple[date, float]
ReviewOn = tuple[date, KRReview]  # a review in a final meeting, with the day the meeting was held

# Better is higher: a decision "recovered" a KR when its status rank went up.
STATUS_RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}
AT_RISK_OR_WORSE = frozenset({Status.AT_RISK, Status.OFF_TRACK})
DAYS_PER_WEEK = 7


def is_escalation(review: KRReview) -> bool:
    """A discussed review that escalated: the escalate flag or the decision 'escalate'."""
    if review.deferred_unreviewed:
        return False
    return review.escalate or (review.decision is not None and review.decision.kind is DecisionKind.ESCALATE)


def known_values(kr: KeyResult, reviews: Iterable[ReviewOn]) -> list[DatedValue]:
    """Every dated value of a KR: history points and the values recorded in reviews, oldest first.

    On one day history comes first, then reviews in the order given (meeting order), so the last wins.
    """
    values = [(point.date, point.value) for point in kr.history]
    values += [(day, review.value) for day, review in reviews
               if review.value is not None and not review.deferred_unreviewed]
    values.sort(key=lambda dated: dated[0])
    return values


def value_on(values: Sequence[DatedValue], day: date) -> float | None:
    """The last value known on `day` (values sorted by date), or None before the first."""
    index = bisect_right(values, day, key=lambda dated: dated[0])
    return values[index - 1][1] if index else None


def status_with(kr: KeyResult, quarter: Quarter, value: float | None, day: date) -> Status | None:
    """The status the KR would have had with `value` on `day` (progress against pace; a milestone done or
    overdue; a threshold held or not). None when there is nothing to judge by."""
    if value is None and kr.measure is not KRKind.MILESTONE:
        return None
    measured = kr if value == kr.current else kr.model_copy(update={"current": value})
    return standing(measured, quarter, day, data_only=True).status


def review_status(kr: KeyResult, quarter: Quarter, day: date, review: KRReview,
                  values: Sequence[DatedValue]) -> Status | None:
    """The gate's status for a past review: its value (else the last one known that day; else, when the KR has
    no dated value at all, the value its plan gave) and the room's own word that day."""
    known = review.value if review.value is not None else value_on(values, day)
    if known is None and not values:
        known = kr.current
    then = kr if known == kr.current else kr.model_copy(update={"current": known})
    return gate_status(then, review, quarter, day)


def risk_visible_on(kr: KeyResult, quarter: Quarter, reviews: Sequence[ReviewOn],
                    values: Sequence[DatedValue] | None = None) -> date | None:
    """The first day the records showed this KR at risk or off track, or None.

    The earliest of: a history point whose value, against pace on its own date, is at risk or worse; a
    review (of a final meeting; bulk-deferred ones are ignored) whose confidence is at risk or worse, or
    whose value (else the last value known that day) is at risk or worse against pace on the meeting day.
    `values` may pass known_values(kr, reviews) when the caller already has it.
    """
    values = known_values(kr, reviews) if values is None else values
    days = [point.date for point in kr.history
            if status_with(kr, quarter, point.value, point.date) in AT_RISK_OR_WORSE]
    for day, review in reviews:
        if review.deferred_unreviewed:
            continue
        value = review.value if review.value is not None else value_on(values, day)
        if review.confidence in AT_RISK_OR_WORSE or status_with(kr, quarter, value, day) in AT_RISK_OR_WORSE:
            days.append(min(day, quarter.end))  # a review after the quarter ended speaks of its last day
    return min(days, default=None)


def risk_visible(kr: KeyResult, quarter: Quarter, reviews: Sequence[ReviewOn], today: date,
                 values: Sequence[DatedValue] | None = None,
                 timeline: Sequence[Status | None] | None = None) -> date | None:
    """When risk first became visible: the one definition the weekly column, the per-KR line, the JSON and
    the retrospective share.

    The earliest of: a dated value or a review that showed it (risk_visible_on), and the end of the first week
    whose status in the weekly column (its last known value against pace that day) is at risk or worse; for
    the week running now, the report's day. So it is never later than the first ▲ or ✗ in the weekly column,
    and a KR at risk now that nothing dated showed earlier counts from the report's day.
    `values` and `timeline` may pass known_values() and weekly_statuses() when the caller has them.
    """
    values = known_values(kr, reviews) if values is None else values
    now = report_day(quarter, today)
    weeks = quarter_weeks(quarter, today)
    timeline = weekly_statuses(kr, quarter, weeks, values, now, today) if timeline is None else timeline
    days = [min(week.end, now) for week, status in zip(weeks, timeline, strict=True) if status in AT_RISK_OR_WORSE]
    dated = risk_visible_on(kr, quarter, reviews, values)
    return min([*days[:1], *([dated] if dated else [])], default=None)


def first_escalated_on(reviews: Iterable[ReviewOn]) -> date | None:
    """The day of the first review that escalated (flag or decision), or None."""
    return min((day for day, review in reviews if is_escalation(review)), default=None)


def lag_days(risk_visible: date | None, escalated: date | None) -> int | None:
    """Days from risk visible to the first escalation; negative when escalated before the data showed risk."""
    if risk_visible is None or escalated is None:
        return None
    return (escalated - risk_visible).days


def in_weeks(days: int | None) -> float | None:
    """Days as weeks, rounded to one decimal (21 -> 3.0)."""
    return None if days is None else round(days / DAYS_PER_WEEK, 1)


def recovered(then: Status | None, later: Status | None) -> bool | None:
    """Did the status get better? None when unknown, or when the KR was on track at the decision already."""
    if then is None or later is None or then is Status.ON_TRACK:
        return None
    return STATUS_RANK[later] > STATUS_RANK[then]


# --- weeks -----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Week:
    """Week `number` of a quarter: week 1 starts on the quarter's first day; the last may be shorter."""

    number: int
    start: date
    end: date  # inclusive, never after the quarter's end


@dataclass(frozen=True, slots=True)
class WeekCounts:
    """How many KRs stood where in one week: the quarter overview."""

    week: Week
    on_track: int
    at_risk: int
    off_track: int
    no_value: int

    @property
    def total(self) -> int:
        return self.on_track + self.at_risk + self.off_track + self.no_value


def report_day(quarter: Quarter, today: date) -> date:
    """The day the report judges 'now': today, or the quarter's last day once it is over."""
    return min(today, quarter.end)


def quarter_weeks(quarter: Quarter, today: date) -> list[Week]:
    """The quarter's weeks up to the one containing report_day (none before the quarter starts)."""
    last = report_day(quarter, today)
    weeks: list[Week] = []
    start = quarter.start
    while start <= last:
        end = min(start + timedelta(days=DAYS_PER_WEEK - 1), quarter.end)
        weeks.append(Week(len(weeks) + 1, start, end))
        start = end + timedelta(days=1)
    return weeks


def weekly_statuses(kr: KeyResult, quarter: Quarter, weeks: Sequence[Week], values: Sequence[DatedValue],
                    now: date, today: date | None = None) -> list[Status | None]:
    """A KR's status per week: its last known value at the end of that week, against pace on that day.

    The week containing `now` (report_day) is judged with the KR's current value as the status shown today
    is (on `today` once the quarter is over: met, or missed), so the last week always agrees with it.
    """
    statuses: list[Status | None] = []
    judged = max(now, today) if today is not None else now
    for week in weeks:
        if week.end >= now:
            statuses.append(standing(kr, quarter, judged).status)
        else:
            statuses.append(status_with(kr, quarter, value_on(values, week.end), week.end))
    return statuses


def count_weeks(weeks: Sequence[Week], timelines: Iterable[Sequence[Status | None]]) -> list[WeekCounts]:
    """The quarter overview: per week, how many KRs were on track, at risk, off track or without a value."""
    tallies = [[0, 0, 0, 0] for _ in weeks]
    slot = {Status.ON_TRACK: 0, Status.AT_RISK: 1, Status.OFF_TRACK: 2, None: 3}
    for timeline in timelines:
        for tally, status in zip(tallies, timeline, strict=True):
            tally[slot[status]] += 1
    return [WeekCounts(week, *tally) for week, tally in zip(weeks, tallies, strict=True)]
