"""One definition of "risk first visible": never later than the first ▲ or ✗ in the weekly column, and the lag
is the first escalation minus that day, in the report, its JSON and the retrospective alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewtui.domain.analytics import quarter_report
from reviewtui.domain.enums import DecisionKind, MeetingKind, MeetingState
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.models import Decision, KRReview, Meeting, Quarter
from reviewtui.domain.retro import retro_facts
from reviewtui.domain.timeline import AT_RISK_OR_WORSE, quarter_weeks, report_day

START, END = date(2026, 10, 1), date(2026, 12, 31)


def quarter_with(history: list[tuple[int, float]]) -> Quarter:
    return validate_quarter({
        "quarter": "Q", "start": START.isoformat(), "end": END.isoformat(),
        "objectives": [{"id": "O1", "title": "Objective", "owner": "Ana Ruiz", "key_results": [
            {"id": "K1", "title": "Signed customers", "owner": "Ana Ruiz", "unit": "customers", "baseline": 0,
             "target": 100, "evidence_source": "CRM",
             "current": history[-1][1] if history else None,
             "history": [{"date": (START + timedelta(days=d)).isoformat(), "value": v} for d, v in history]}]}]})


def meeting_on(day: int, value: float | None, escalate: bool) -> Meeting:
    held = datetime.combine(START + timedelta(days=day), datetime.min.time(), tzinfo=UTC).replace(hour=10)
    decision = Decision(kind=DecisionKind.ESCALATE if escalate else DecisionKind.CONTINUE,
                        note="budget to the leadership review", at=held)
    return Meeting(id=f"M{day}", quarter_id="Q", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz", started_at=held,
                   ended_at=held, state=MeetingState.FINAL, agenda=["K1"],
                   reviews=[KRReview(kr_id="K1", value=value, decision=decision)])


days = st.integers(min_value=0, max_value=(END - START).days)
values = st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda v: round(v, 1))


@settings(max_examples=150, deadline=None)
@given(history=st.lists(st.tuples(days, values), max_size=6, unique_by=lambda point: point[0]),
       reviews=st.lists(st.tuples(days, st.none() | values, st.booleans()), max_size=3,
                        unique_by=lambda review: review[0]),
       today=st.integers(min_value=0, max_value=150))
def test_risk_visible_is_never_after_the_first_at_risk_week_and_the_lag_follows(
        history: list[tuple[int, float]], reviews: list[tuple[int, float | None, bool]], today: int) -> None:
    quarter = quarter_with(sorted(history))
    now = START + timedelta(days=today)
    meetings = [meeting_on(day, value, escalate) for day, value, escalate in reviews
                if START + timedelta(days=day) <= now]
    report = quarter_report(quarter, meetings, [], now)
    figures = report.kr("K1")
    assert figures is not None
    weeks = quarter_weeks(quarter, now)
    flagged = [min(week.end, report_day(quarter, now)) for week, status in zip(weeks, figures.timeline, strict=True)
               if status in AT_RISK_OR_WORSE]
    if flagged:
        assert figures.risk_visible_on is not None and figures.risk_visible_on <= flagged[0]
    if figures.risk_visible_on is not None and figures.first_escalated_on is not None:
        assert figures.lag_days == (figures.first_escalated_on - figures.risk_visible_on).days
    facts = retro_facts(quarter.key_results[0], quarter, meetings, None, now)
    assert facts.risk_visible_on == figures.risk_visible_on  # the retrospective says the same


def test_a_value_left_standing_while_pace_moves_shows_risk_in_the_week_it_fell_behind() -> None:
    quarter = quarter_with([(6, 10.0)])  # 10 of 100 in the first week, then nothing new
    report = quarter_report(quarter, [meeting_on(60, None, True)], [], date(2027, 1, 10))
    figures = report.kr("K1")
    assert figures is not None
    first_flag = next(i for i, s in enumerate(figures.timeline) if s in AT_RISK_OR_WORSE)
    assert first_flag <= 3  # at risk within the first month, as the weekly column shows
    assert figures.risk_visible_on == quarter_weeks(quarter, date(2027, 1, 10))[first_flag].end
    assert figures.risk_visible_on < date(2026, 11, 1)  # not the meeting day, not the report's day
    assert figures.lag_days == (figures.first_escalated_on - figures.risk_visible_on).days > 0  # type: ignore[operator]
