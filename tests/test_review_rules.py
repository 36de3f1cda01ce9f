"""The live review's rules and meeting report, as pure functions on models built for each case."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.models import (
    ActionItem, ActionStatus, ActionUpdate, Decision, DecisionKind, KRReview, Meeting, MeetingKind, Status,
)
from reviewtui.domain.review_rules import AgendaOrder, build_agenda, gate_status, is_narrative, missing_for_decision
from reviewtui.domain.summary import summarize

TODAY = date(2026, 11, 22)
AT = datetime(2026, 11, 22, 10, tzinfo=UTC)
QUARTER = validate_quarter({"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31", "objectives": [
    {"id": "O1", "title": "Objective", "owner": "Ana Ruiz", "key_results": [
        {"id": "ON", "title": "On track", "owner": "Ana Ruiz", "unit": "%", "baseline": 0, "target": 100,
         "current": 60, "history": [{"date": "2026-11-20", "value": 60}]},
        {"id": "OFF", "title": "Off track", "owner": "Ben Ode", "unit": "%", "baseline": 0, "target": 100,
         "current": 10, "history": [{"date": "2026-11-20", "value": 10}]},
        {"id": "RISK", "title": "At risk", "owner": "Ana Ruiz", "unit": "%", "baseline": 0, "target": 100,
         "current": 40, "history": [{"date": "2026-11-20", "value": 40}]},
        {"id": "STALE", "title": "Stale", "owner": "Cy Park", "unit": "%", "baseline": 0, "target": 100,
         "current": 70, "history": [{"date": "2026-10-20", "value": 70}]},
    ]}]})
KRS = {kr.id: kr for kr in QUARTER.key_results}


def review(kr_id: str, kind: DecisionKind | None, note: str = "", **fields: object) -> KRReview:
    decision = Decision(kind=kind, note=note, at=AT, revisit_on=fields.pop("revisit_on", None)) if kind else None
    return KRReview(kr_id=kr_id, decision=decision, **fields)


def missing(r: KRReview) -> list[str]:
    return missing_for_decision(r, gate_status(KRS[r.kr_id], r, QUARTER, TODAY), TODAY, KRS[r.kr_id])


def test_risk_first_agenda_orders_off_track_at_risk_then_stale() -> None:
    assert build_agenda(QUARTER, TODAY, AgendaOrder.RISK_FIRST) == ["OFF", "RISK", "STALE", "ON"]
    assert build_agenda(QUARTER, TODAY, AgendaOrder.OBJECTIVES) == ["ON", "OFF", "RISK", "STALE"]
    assert build_agenda(QUARTER, TODAY, AgendaOrder.RISK_FIRST, owner="Ana Ruiz") == ["RISK", "ON"]


def test_no_decision_is_refused() -> None:
    assert missing(review("ON", None)) == ["a decision"]


def test_continue_on_an_off_track_kr_needs_a_reason_even_if_the_room_says_at_risk() -> None:
    assert missing(review("OFF", DecisionKind.CONTINUE, confidence=Status.AT_RISK)) == [
        "a written reason to continue an off-track KR"]
    assert missing(review("OFF", DecisionKind.CONTINUE, "Fix lands Monday", confidence=Status.AT_RISK)) == []
    # A new value that puts it back on pace opens the gate without a reason.
    assert missing(review("OFF", DecisionKind.CONTINUE, value=60.0)) == []
    # The room may also call an on-pace KR off track; then the reason is needed too.
    assert missing(review("ON", DecisionKind.CONTINUE, confidence=Status.OFF_TRACK)) == [
        "a written reason to continue an off-track KR"]


def test_defer_needs_a_reason_and_a_future_date() -> None:
    assert missing(review("ON", DecisionKind.DEFER)) == ["a reason for deferring", "the date it comes back (revisit)"]
    assert missing(review("ON", DecisionKind.DEFER, "Owner away", revisit_on=TODAY)) == ["a revisit date after today"]
    assert missing(review("ON", DecisionKind.DEFER, "Owner away", revisit_on=date(2026, 11, 29))) == []


def test_escalate_and_adjust_target_need_content() -> None:
    assert missing(review("OFF", DecisionKind.ESCALATE)) == ["what is escalated, and to whom (a blocker or a note)"]
    assert missing(review("OFF", DecisionKind.ESCALATE, blocker="Budget for multi-AZ")) == []
    assert missing(review("OFF", DecisionKind.ADJUST_TARGET)) == ["the new target (a number)",
                                                                  "why the target moves, in the note"]


@pytest.mark.parametrize("reason", ["", "x", "ok", "n/a", "fine."])
def test_a_reason_must_say_something(reason: str) -> None:
    for kind in (DecisionKind.DEFER, DecisionKind.DROP, DecisionKind.REPRIORITISE, DecisionKind.ADJUST_TARGET):
        assert missing(review("OFF", kind, reason, revisit_on=date(2026, 11, 29))), (kind, reason)
    assert missing(review("OFF", DecisionKind.CONTINUE, reason))


def test_an_adjusted_target_is_a_number_on_the_kr_s_side_of_its_baseline() -> None:
    kr = KRS["OFF"]
    why = "scope cut by the board"

    def adjusted(new_target: float) -> list[str]:
        decision = Decision(kind=DecisionKind.ADJUST_TARGET, note=why, at=AT, new_target=new_target)
        return missing(KRReview(kr_id="OFF", decision=decision))

    side = "below" if kr.lower_is_better else "above"
    assert adjusted(kr.baseline) == [f"a new target {side} the baseline ({kr.baseline:g}), as the KR's is"]
    wrong_side = kr.baseline + (10 if kr.lower_is_better else -10)
    assert adjusted(wrong_side) == [f"a new target {side} the baseline ({kr.baseline:g}), as the KR's is"]
    assert adjusted(kr.target) == [f"a new target other than the current one ({kr.target:g})"]
    closer = (kr.baseline + kr.target) / 2
    assert adjusted(closer) == []


def test_drop_reprioritise_and_remove_blocker_need_what_they_act_on() -> None:
    assert missing(review("OFF", DecisionKind.DROP)) == ["why the KR is dropped, in the note"]
    assert missing(review("OFF", DecisionKind.DROP, "superseded by the Q1 plan")) == []
    assert missing(review("OFF", DecisionKind.REPRIORITISE)) == ["what moves, in the note (what goes first, what waits)"]
    assert missing(review("OFF", DecisionKind.REMOVE_BLOCKER, "legal sign-off")) == ["the blocker to remove"]
    assert missing(review("OFF", DecisionKind.REMOVE_BLOCKER, "legal sign-off", blocker="Contract review")) == []


def test_a_next_action_due_in_the_past_is_refused() -> None:
    late = ActionItem(id="A9", kr_id="ON", text="Call", owner="Ana Ruiz", due=date(2026, 11, 2), opened_in="M")
    assert missing(review("ON", DecisionKind.CONTINUE, next_action=late)) == [
        "a due date for the next action that is not in the past"]


@pytest.mark.parametrize(("evidence", "narrative"), [
    ("We are moving in the right direction", True), ("Good progress, team is confident", True),
    ("NPS 52", False), ("see https://bi/churn", False), ("export.csv attached", False), ("ENG-123 merged", False),
    ("", False),
])
def test_narrative_evidence(evidence: str, narrative: bool) -> None:
    assert is_narrative(evidence) is narrative


def test_report_of_a_meeting_ended_early_counts_only_what_was_discussed() -> None:
    earlier = [
        ActionItem(id="A1", kr_id="OFF", text="Overdue", owner="Ben Ode", due=date(2026, 11, 15), opened_in="M0"),
        ActionItem(id="A2", kr_id="OFF", text="Due next week", owner="Ben Ode", due=date(2026, 11, 29),
                   opened_in="M0"),
        ActionItem(id="A3", kr_id="STALE", text="Not discussed", owner="Cy Park", due=date(2026, 11, 1),
                   opened_in="M0"),
        ActionItem(id="A4", kr_id="RISK", text="Done", owner="Ana Ruiz", due=date(2026, 11, 10), opened_in="M0"),
    ]
    meeting = Meeting(
        id="M1", quarter_id="Q", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz", started_at=AT,
        agenda=["OFF", "RISK", "STALE", "ON"],
        reviews=[
            review("OFF", DecisionKind.CONTINUE, "", evidence="Going well", time_spent_s=200, timebox_s=180),
            review("RISK", DecisionKind.ESCALATE, "To the CFO", evidence="40% per dashboard", escalate=True,
                   time_spent_s=100, timebox_s=180),
            review("STALE", DecisionKind.DEFER, "Out of time", revisit_on=date(2026, 11, 29), deferred_unreviewed=True),
            review("ON", DecisionKind.DEFER, "Out of time", revisit_on=date(2026, 11, 29), deferred_unreviewed=True),
        ],
        action_updates=[ActionUpdate(action_id="A4", status=ActionStatus.DONE)],
    )
    report = summarize(meeting, QUARTER, earlier)
    assert (report.decided, report.discussed, report.deferred_unreviewed) == (4, 2, ["STALE", "ON"])
    assert report.escalations == ["RISK"]
    assert report.overruns == [("OFF", 20)]
    assert (report.time_used_s, report.time_planned_s) == (300, 720)
    assert [(f.kr_id, f.message.split(":")[0]) for f in report.flags] == [
        ("OFF", "narrative evidence"),
        ("OFF", "off track and decided 'continue'"),
        ("OFF", "action not done and overdue"),
    ]
    assert [(a.id, s) for a, s in report.earlier_actions] == [("A4", ActionStatus.DONE)]
