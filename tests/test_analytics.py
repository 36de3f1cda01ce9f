"""The quarter's accountability analytics on records built for the purpose, where each figure is known by hand.

The quarter runs 70 days (10 weeks) from Monday 2025-01-06, so pace at the end of week k is exactly k/10 and
day n is `day(n)`. Status: trailing pace by more than 0.10 is at risk, by more than 0.25 off track.

    KR       team      what it shows
    LAG      Growth    at risk from day 17 (week 3), escalated in the day-38 meeting (week 6): lag 21 d = 3.0 wk;
                       the escalation recovered it by the next review and by quarter end
    SILENT   Growth    ends at 50% with no escalation (a draft meeting's escalation does not count): silent miss;
                       off track and decided 'defer' (day 52) and 'continue' (day 66): two status rounds
    LOWER    Ops       lower is better (200 -> 100); escalate flag with 'add support' on day 24: not recovered;
                       'continue' while off track on day 52: a status round; 'adjust target' on day 66
    NOVALUE  Ops       no value ever; deferred unreviewed when the day-66 meeting ended early: silent miss
    ACT      (no team) 130% (stretch); its actions: one dropped, one overdue, one not yet due
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from reviewtui.domain.analytics import ActionCounts, ActionTiming, NO_TEAM, quarter_report
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.models import (
    ActionItem, ActionStatus, Decision, DecisionKind, KRReview, Meeting, MeetingKind, MeetingState, Quarter, Status,
)
from reviewtui.domain.progress import progress
from reviewtui.domain.enums import OutcomeBand
from reviewtui.domain.score import band_of
from reviewtui.domain.timeline import first_escalated_on, known_values, quarter_weeks, risk_visible_on, value_on

START = date(2025, 1, 6)
ON, RISK, OFF = Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK
TITLE_WITH_MARKUP = "Q3 [/] revenue [@click=app.quit]x[/]"


def day(n: int) -> date:
    """Day n of the quarter (day 1 is the start)."""
    return START + timedelta(days=n - 1)


AFTER = day(88)  # the report's today once the quarter is over


def kr(kr_id: str, baseline: float, target: float, current: float | None, history: list[tuple[int, float]],
       title: str | None = None) -> dict[str, Any]:
    return {"id": kr_id, "title": title or f"Key result {kr_id}", "owner": "Ana Ruiz", "unit": "%",
            "baseline": baseline, "target": target, "current": current, "evidence_source": "dashboard",
            "history": [{"date": day(n).isoformat(), "value": v} for n, v in history]}


def build_quarter(act_title: str | None = None) -> Quarter:
    return validate_quarter({"quarter": "2025-Q1", "start": START.isoformat(), "end": day(70).isoformat(),
                             "objectives": [
        {"id": "O1", "title": "Grow", "owner": "Ana Ruiz", "team": "Growth", "key_results": [
            kr("LAG", 0, 100, 95, [(7, 10), (17, 12), (38, 30), (52, 70), (64, 95)]),
            kr("SILENT", 0, 100, 50, [(24, 20), (52, 35), (66, 45), (70, 50)])]},
        {"id": "O2", "title": "Run", "owner": "Ben Ode", "team": "Ops", "key_results": [
            kr("LOWER", 200, 100, 130, [(7, 194), (24, 190), (52, 160), (66, 130)]),
            kr("NOVALUE", 0, 100, None, [])]},
        {"id": "O3", "title": "Act", "owner": "Cy Park", "key_results": [
            kr("ACT", 0, 10, 13, [(52, 8), (66, 13)], title=act_title)]},
    ]})


def review(kr_id: str, value: float | None, confidence: Status | None, kind: DecisionKind, note: str = "", *,
           spent: float = 60, escalate: bool = False, deferred: bool = False, on: int = 1) -> KRReview:
    decision = Decision(kind=kind, note=note, at=datetime.combine(day(on), datetime.min.time(), UTC),
                        revisit_on=day(on + 7) if kind is DecisionKind.DEFER else None)
    return KRReview(kr_id=kr_id, value=value, confidence=confidence, decision=decision, time_spent_s=spent,
                    timebox_s=180, escalate=escalate, deferred_unreviewed=deferred)


def meeting(meeting_id: str, on: int, reviews: list[KRReview], state: MeetingState = MeetingState.FINAL) -> Meeting:
    started = datetime.combine(day(on), datetime.min.time(), UTC) + timedelta(hours=10)
    return Meeting(id=meeting_id, quarter_id="2025-Q1", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
                   started_at=started, state=state, agenda=[r.kr_id for r in reviews], reviews=reviews,
                   position=max(len(reviews) - 1, 0))


C, E, D = DecisionKind.CONTINUE, DecisionKind.ESCALATE, DecisionKind.DEFER


def build_meetings() -> list[Meeting]:
    return [
        meeting("M02", 10, [review("LAG", 10, ON, C, spent=200)]),
        meeting("M04", 24, [review("SILENT", 20, RISK, C, "waiting for the data", spent=150),
                            review("LOWER", 190, OFF, DecisionKind.ADD_SUPPORT, "two engineers", spent=240,
                                   escalate=True)]),
        meeting("M06", 38, [review("LAG", 30, RISK, E, "budget to the CFO", spent=300, escalate=True)]),
        meeting("M08", 52, [review("LAG", 70, ON, C, spent=100), review("SILENT", 35, OFF, D, "after launch", spent=180),
                            review("LOWER", 160, RISK, C, "hiring closes next week", spent=170),
                            review("ACT", 8, ON, C, spent=90)]),
        # A draft is not a record: its escalation of SILENT must not count.
        meeting("M09", 59, [review("SILENT", 40, OFF, E, "to the board", escalate=True)], MeetingState.DRAFT),
        meeting("M10", 66, [review("SILENT", 45, OFF, C, "", spent=200),
                            review("LOWER", 130, RISK, DecisionKind.ADJUST_TARGET, "new target 120", spent=100),
                            review("ACT", 13, ON, C, spent=60),
                            review("NOVALUE", None, None, D, "ran out of time", spent=0, deferred=True)]),
    ]


def action(action_id: str, kr_id: str, opened_in: str, due: int, status: ActionStatus = ActionStatus.OPEN,
           closed_in: str | None = None) -> ActionItem:
    return ActionItem(id=action_id, kr_id=kr_id, text=f"Do {action_id}", owner="Ana Ruiz", due=day(due),
                      status=status, opened_in=opened_in, closed_in=closed_in)


DONE, DROPPED = ActionStatus.DONE, ActionStatus.DROPPED


def build_actions() -> list[ActionItem]:
    return [
        action("A1", "LAG", "M02", 16, DONE, "M06"),  # done at the first review after its due date: on time
        action("A2", "SILENT", "M04", 31),  # still open at the next review, overdue now
        action("A3", "SILENT", "M08", 59, DONE, "M10"),
        action("A4", "LOWER", "M04", 29, DONE, "M10"),  # the review on day 52 came and went: late
        action("A5", "ACT", "M08", 56, DROPPED, "M10"),
        action("A6", "ACT", "M10", 75),  # overdue, no review since: not done, pending for follow-through
        action("A7", "ACT", "M10", 98),  # not yet due
        action("A9", "LAG", "M06", 54, DONE, "M08"),  # done before its due date
    ]


@pytest.fixture(scope="module")
def report():
    return quarter_report(build_quarter(), build_meetings(), build_actions(), AFTER)


# --- per KR -----------------------------------------------------------------------------------------------

def test_lag_from_risk_visible_to_first_escalation(report) -> None:
    lag = report.kr("LAG")
    assert lag.risk_visible_on == day(17)  # 12 on day 17 trails pace 17/70 by 0.12: at risk, in week 3
    assert lag.first_escalated_on == day(38)  # the week-6 meeting
    assert (lag.lag_days, lag.lag_weeks) == (21, 3.0)


def test_escalate_flag_counts_as_escalation_and_risk_visible_follows_the_weekly_column(report) -> None:
    lower = report.kr("LOWER")
    # 194 of 200 -> 100 stood while pace moved: the weekly column shows ▲ in week 2 (ends day 14), so risk was
    # visible then, not only at the review on day 24 that escalated it.
    assert lower.timeline[1] is RISK and lower.risk_visible_on == day(14)
    assert lower.first_escalated_on == day(24)
    assert (lower.lag_days, lower.lag_weeks) == (10, 1.4)
    assert report.kr("SILENT").first_escalated_on is None  # the draft's escalation is ignored
    assert report.kr("ACT").risk_visible_on is None and report.kr("ACT").lag_days is None


def test_progress_status_band_now(report) -> None:
    got = {k.kr.id: (k.progress, k.status, k.band) for k in report.krs}
    # LAG ended at 95% of a committed target: missed (no pace is left to catch up once the quarter is over)
    assert got == {"LAG": (0.95, OFF, OutcomeBand.PARTIAL), "SILENT": (0.5, OFF, OutcomeBand.PARTIAL),
                   "LOWER": (pytest.approx(0.7), OFF, OutcomeBand.PARTIAL), "NOVALUE": (None, None, None),
                   "ACT": (1.3, ON, OutcomeBand.STRETCH)}


def test_weekly_status_timeline_per_kr(report) -> None:
    timeline = {k.kr.id: k.timeline for k in report.krs}
    assert timeline["LAG"] == (ON, ON, RISK, OFF, OFF, OFF, OFF, ON, RISK, OFF)  # the last week: missed
    assert timeline["SILENT"] == (None, None, None, RISK, OFF, OFF, OFF, OFF, OFF, OFF)
    assert timeline["LOWER"] == (ON, RISK, RISK, OFF, OFF, OFF, OFF, OFF, OFF, OFF)
    assert timeline["NOVALUE"] == (None,) * 10
    assert timeline["ACT"] == (None,) * 7 + (ON, ON, ON)


def test_decisions_by_kind_and_reviews(report) -> None:
    got = {k.kr.id: (k.reviews, k.decisions, k.deferred_unreviewed, k.escalations) for k in report.krs}
    assert got == {
        "LAG": (3, {C: 2, E: 1}, 0, 1),
        "SILENT": (3, {C: 2, D: 1}, 0, 0),
        "LOWER": (3, {DecisionKind.ADD_SUPPORT: 1, C: 1, DecisionKind.ADJUST_TARGET: 1}, 0, 1),
        "NOVALUE": (0, {}, 1, 0),
        "ACT": (2, {C: 2}, 0, 0),
    }


def test_actions_on_time_late_not_done_dropped_open(report) -> None:
    assert report.kr("LAG").actions == ActionCounts(done_on_time=2)
    assert report.kr("SILENT").actions == ActionCounts(done_on_time=1, not_done=1)
    assert report.kr("LOWER").actions == ActionCounts(done_late=1)
    assert report.kr("ACT").actions == ActionCounts(not_done=1, dropped=1, open=1)
    timing = {a.action.id: a.timing for a in report.actions}
    assert timing == {"A1": ActionTiming.DONE_ON_TIME, "A2": ActionTiming.NOT_DONE, "A3": ActionTiming.DONE_ON_TIME,
                      "A4": ActionTiming.DONE_LATE, "A5": ActionTiming.DROPPED, "A6": ActionTiming.NOT_DONE,
                      "A7": ActionTiming.OPEN, "A9": ActionTiming.DONE_ON_TIME}


def test_an_open_action_is_not_done_only_once_past_due() -> None:
    early = quarter_report(build_quarter(), build_meetings(), build_actions(), day(70))
    timing = {a.action.id: a.timing for a in early.actions}
    assert timing["A6"] is ActionTiming.OPEN and timing["A2"] is ActionTiming.NOT_DONE


# --- findings -------------------------------------------------------------------------------------------

def test_silent_misses_once_the_quarter_is_over(report) -> None:
    assert report.is_over
    assert [k.kr.id for k in report.silent_misses] == ["SILENT", "NOVALUE"]  # LAG and LOWER were escalated
    assert report.heading_for_silent_miss == ()


def as_of(quarter: Quarter, n: int) -> Quarter:
    """The quarter as the store held it on day n: history up to then, the last value as current."""
    objectives = []
    for objective in quarter.objectives:
        krs = []
        for k in objective.key_results:
            history = [p for p in k.history if p.date <= day(n)]
            krs.append(k.model_copy(update={"history": history, "current": history[-1].value if history else None}))
        objectives.append(objective.model_copy(update={"key_results": krs}))
    return quarter.model_copy(update={"objectives": objectives})


def test_heading_for_a_silent_miss_while_the_quarter_runs() -> None:
    running = [m for m in build_meetings() if m.held_on <= day(40)]
    report = quarter_report(as_of(build_quarter(), 40), running, build_actions()[:2], day(40))
    assert not report.is_over and report.silent_misses == ()
    # On day 40 (pace 0.57): SILENT (20) is off track and was never escalated; LAG (30) and LOWER (190) are off
    # track too but were escalated; NOVALUE and ACT have no value yet.
    assert [(k.kr.id, k.status) for k in report.heading_for_silent_miss] == [("SILENT", OFF)]
    assert [(k.kr.id, k.status) for k in report.krs if k.status is not None] == [
        ("LAG", OFF), ("SILENT", OFF), ("LOWER", OFF)]
    assert (report.day, report.days, report.as_of) == (40, 70, day(40))
    assert [w.week.number for w in report.weeks] == [1, 2, 3, 4, 5, 6]


def test_status_rounds_per_meeting_and_per_kr(report) -> None:
    assert [(s.meeting_id, s.kr_id, s.decision, s.with_reason) for s in report.status_rounds] == [
        ("M08", "LOWER", C, True), ("M08", "SILENT", D, True), ("M10", "SILENT", C, False)]
    assert [(m.meeting_id, m.off_track, m.status_rounds) for m in report.meetings] == [
        ("M02", 0, 0), ("M04", 1, 0), ("M06", 0, 0), ("M08", 2, 2), ("M10", 1, 1)]
    assert {k.kr.id: k.status_rounds for k in report.krs} == {"LAG": 0, "SILENT": 2, "LOWER": 1, "NOVALUE": 0,
                                                               "ACT": 0}


def test_follow_through_per_meeting_and_per_team(report) -> None:
    by_meeting = [(f.key, f.held_on, f.done, f.total, f.pending) for f in report.follow_through_by_meeting]
    assert by_meeting == [("M02", day(10), 1, 1, 0), ("M04", day(24), 0, 2, 0), ("M06", day(38), 1, 1, 0),
                          ("M08", day(52), 1, 2, 0), ("M10", day(66), 0, 0, 2)]
    by_team = {f.key: (f.done, f.total, f.pending, f.share) for f in report.follow_through_by_team}
    assert by_team == {"Growth": (3, 4, 0, 0.75), "Ops": (0, 1, 0, 0.0), NO_TEAM: (0, 1, 2, 0.0)}
    verdicts = {a.action.id: (a.next_review_in, a.done_by_next_review) for a in report.actions}
    assert verdicts["A4"] == ("M08", False) and verdicts["A6"] == (None, None) and verdicts["A1"] == ("M06", True)


def test_decision_outcomes_recovered_and_not(report) -> None:
    got = [(o.meeting_id, o.kr_id, o.decision, o.status_then, o.next_meeting_id, o.status_next, o.status_end,
            o.recovered_by_next, o.recovered_by_end) for o in report.decision_outcomes]
    assert got == [
        ("M04", "LOWER", DecisionKind.ADD_SUPPORT, OFF, "M08", OFF, OFF, False, False),
        ("M06", "LAG", E, RISK, "M08", ON, OFF, True, False),  # better by the next review; missed at the end
        ("M10", "LOWER", DecisionKind.ADJUST_TARGET, RISK, None, None, OFF, None, False),
    ]


def test_meeting_discipline_and_totals(report) -> None:
    got = [(m.meeting_id, m.planned_s, m.used_s, m.overruns, m.overrun_s, m.ended_early) for m in report.meetings]
    assert got == [("M02", 180, 200, 1, 20, False), ("M04", 360, 390, 1, 60, False), ("M06", 180, 300, 1, 120, False),
                   ("M08", 720, 540, 0, 0, False), ("M10", 720, 360, 1, 20, True)]
    totals = report.discipline_totals()
    assert (totals.meetings, totals.planned_s, totals.used_s, totals.overruns, totals.overrun_s,
            totals.ended_early) == (5, 2160, 1790, 4, 220, 1)


def test_quarter_overview_counts_per_week(report) -> None:
    counts = [(w.week.number, w.on_track, w.at_risk, w.off_track, w.no_value) for w in report.weeks]
    assert counts == [(1, 2, 0, 0, 3), (2, 1, 1, 0, 3), (3, 0, 2, 0, 3), (4, 0, 1, 2, 2), (5, 0, 0, 3, 2),
                      (6, 0, 0, 3, 2), (7, 0, 0, 3, 2), (8, 2, 0, 2, 1), (9, 1, 1, 2, 1), (10, 1, 0, 3, 1)]  # LAG missed
    assert report.weeks[-1].week.start == day(64) and report.weeks[-1].week.end == day(70)
    assert report.status_counts() == {ON: 1, RISK: 0, OFF: 3, None: 1}  # the last week is now


def test_teams_without_any_per_person_figure(report) -> None:
    got = {t.team: (t.krs, t.on_track, t.at_risk, t.off_track, t.no_value, t.escalations, t.krs_escalated,
                    t.status_rounds, t.silent_misses) for t in report.teams}
    assert got == {NO_TEAM: (1, 1, 0, 0, 0, 0, 0, 0, 0), "Growth": (2, 0, 0, 2, 0, 1, 1, 2, 1),
                   "Ops": (2, 0, 0, 1, 1, 1, 1, 1, 1)}
    names = {"Ana Ruiz", "Ben Ode", "Cy Park"}
    assert not names & {t.team for t in report.teams}


def test_headline_figures(report) -> None:
    assert (report.day, report.days, report.as_of, len(report.meetings)) == (70, 70, day(70), 5)
    assert [m.meeting_id for m in report.meetings] == ["M02", "M04", "M06", "M08", "M10"]  # the draft is left out


def test_a_quarter_that_has_not_started() -> None:
    report = quarter_report(build_quarter(), [], [], day(-5))
    assert (report.day, report.weeks, report.has_started) == (0, (), False)
    assert report.heading_for_silent_miss == () and report.silent_misses == ()


# --- building blocks --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fraction", "band"), [
    (0.39, OutcomeBand.MISSED), (0.4, OutcomeBand.PARTIAL), (0.99, OutcomeBand.PARTIAL), (1.0, OutcomeBand.TARGET),
    (1.2499, OutcomeBand.TARGET), (1.25, OutcomeBand.STRETCH), (-0.2, OutcomeBand.MISSED), (None, None),
])
def test_band_boundaries(fraction: float | None, band: OutcomeBand | None) -> None:
    assert band_of(fraction) is band


def test_band_of_a_lower_is_better_kr_at_its_boundaries() -> None:
    churn = build_quarter().key_results[0].model_copy(update={"baseline": 3.2, "target": 2.0})
    assert progress(churn, 2.72) != 0.4  # floating point lands just beside the boundary ...
    assert band_of(progress(churn, 2.72)) is OutcomeBand.PARTIAL  # ... and the band still reads 40%
    assert band_of(progress(churn, 2.0)) is OutcomeBand.TARGET
    assert band_of(progress(churn, 1.7)) is OutcomeBand.STRETCH
    assert band_of(progress(churn, 2.8)) is OutcomeBand.MISSED


def test_risk_visible_from_the_room_alone_and_deferred_reviews_ignored() -> None:
    quarter = build_quarter()
    act = quarter.key_results[-1].model_copy(update={"history": []})
    on_track_by_data = review("ACT", 9, RISK, C, on=60)  # 0.9 of the way on day 60 is on track; the room says at risk
    never_discussed = review("ACT", None, OFF, D, deferred=True, on=30)
    assert risk_visible_on(act, quarter, [(day(30), never_discussed), (day(60), on_track_by_data)]) == day(60)
    assert risk_visible_on(act, quarter, [(day(30), never_discussed)]) is None


def test_risk_visible_when_a_review_without_a_value_meets_a_stale_one() -> None:
    quarter = build_quarter()
    lag = quarter.key_results[0].model_copy(update={"history": [quarter.key_results[0].history[0]]})  # 10 on day 7
    no_value = review("LAG", None, None, C, on=20)  # 10 against pace 20/70 trails by 0.19: at risk
    assert risk_visible_on(lag, quarter, [(day(20), no_value)]) == day(20)
    assert risk_visible_on(lag, quarter, []) is None


def test_known_values_and_value_on() -> None:
    quarter = build_quarter()
    lag = quarter.key_results[0]
    values = known_values(lag, [(day(10), review("LAG", 11, ON, C)), (day(12), review("LAG", None, ON, C))])
    assert values[:3] == [(day(7), 10), (day(10), 11), (day(17), 12)]
    assert value_on(values, day(6)) is None and value_on(values, day(16)) == 11 and value_on(values, day(17)) == 12


def test_first_escalation_ignores_bulk_deferred_reviews() -> None:
    flagged = review("LAG", None, None, D, escalate=True, deferred=True)
    assert first_escalated_on([(day(5), flagged), (day(9), review("LAG", 1, OFF, E))]) == day(9)


def test_weeks_cover_the_quarter_up_to_today_and_the_last_one_is_short() -> None:
    quarter = build_quarter().model_copy(update={"end": day(66)})
    weeks = quarter_weeks(quarter, day(100))
    assert len(weeks) == 10 and (weeks[-1].start, weeks[-1].end) == (day(64), day(66))
    assert [w.number for w in quarter_weeks(quarter, day(8))] == [1, 2]


def test_a_meeting_without_a_timer_has_no_overruns() -> None:
    prep = meeting("P1", 20, [review("LAG", 12, RISK, C, "more data first", spent=900)])
    prep = prep.model_copy(update={"kind": MeetingKind.ONE_ON_ONE, "timed": False})
    (figures,) = quarter_report(build_quarter(), [prep], [], AFTER).meetings
    assert (figures.timed, figures.used_s, figures.planned_s, figures.overruns, figures.overrun_s) == (
        False, 900, 180, 0, 0)


def test_at_risk_now_with_no_dated_value_is_visible_as_of_today() -> None:
    # 30% of the way on day 35 (pace 50%): at risk now, but no history point or review ever showed it.
    quarter = validate_quarter({"quarter": "2025-Q1", "start": START.isoformat(), "end": day(70).isoformat(),
                                "objectives": [{"id": "O1", "title": "Grow", "owner": "Ana Ruiz",
                                                "key_results": [kr("NEW", 0, 100, 30, [])]}]})
    figures = quarter_report(quarter, [], [], day(35)).kr("NEW")
    assert figures is not None and figures.status is RISK
    assert figures.risk_visible_on == day(35)
