"""The meeting's rules without a screen: the session reads what the form holds, builds the decision and the
next action, and keeps the gate closed until a decision is logged. Each test runs in milliseconds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reviewtui.domain.enums import DecisionKind, Status
from reviewtui.domain.goalposts import goalpost_lines
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.meeting_kinds import FormField
from reviewtui.domain.review_entry import ReviewEntry, parse_date, parse_number
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.domain.models import MeetingKind
from reviewtui.session import MeetingPlan, MeetingSession
from reviewtui.store import Store

NOW = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
EVERY_FIELD = frozenset(FormField)


@pytest.fixture
def session(tmp_path: Path) -> MeetingSession:
    store = Store.open(tmp_path / "store")
    store.save_quarter(validate_quarter({
        "quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31",
        "objectives": [{"id": "O1", "title": "Delight customers", "owner": "Ana Ruiz", "key_results": [
            {"id": "K1", "title": "Raise NPS", "owner": "Ana Ruiz", "unit": "points", "baseline": 45,
             "target": 60, "current": 55, "evidence_source": "NPS export"},
            {"id": "K2", "title": "Uptime", "owner": "Ben Ode", "unit": "%", "baseline": 90, "target": 99.9,
             "current": 90.5, "evidence_source": "status page"}]}]}))
    plan = MeetingPlan("2026-Q4", MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES)
    opened = MeetingSession.start(store, plan, NOW)
    yield opened
    store.close()


def entry(**fields: object) -> ReviewEntry:
    return ReviewEntry(asks=EVERY_FIELD, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("typed", "unit", "read"), [
    ("52", "points", 52.0), ("52.5", "points", 52.5), (" -3 ", "points", -3.0), ("12,5", "points", 12.5),
    ("1,250.5", "points", 1250.5), ("1,250,000", "points", 1250000.0), ("99.5%", "%", 99.5),
])
def test_numbers_as_people_write_them_are_read(typed: str, unit: str, read: float) -> None:
    assert parse_number(typed, unit) == read


@pytest.mark.parametrize(("typed", "unit", "problem"), [
    ("85e2", "minutes", "a number written with 0-9 and one '.' (not '85e2')"),
    ("1_000", "points", "a number written with 0-9 and one '.' (not '1_000')"),
    ("\u0663\u0663", "points", "a number written with 0-9 and one '.' (not '\u0663\u0663')"),
    ("\uff15\uff12", "points", "a number written with 0-9 and one '.' (not '\uff15\uff12')"),
    ("about 85", "points", "a number written with 0-9 and one '.' (not 'about 85')"),
    ("1,250", "points", "one way to read '1,250': write 1250 or 1.25"),
    ("12%", "points", "a number without '%' (the unit is points)"),
    ("nan", "points", "a number written with 0-9 and one '.' (not 'nan')"),
])
def test_anything_else_is_a_problem_in_words(typed: str, unit: str, problem: str) -> None:
    assert parse_number(typed, unit) == problem


def test_dates_are_read_only_as_written_yyyy_mm_dd() -> None:
    assert parse_date("2026-12-01") == date(2026, 12, 1)
    assert parse_date("2026-12-1") is None and parse_date("20261201") is None and parse_date("2026-02-30") is None


def test_no_decision_keeps_the_gate_closed(session: MeetingSession) -> None:
    assert session.apply("K1", entry(value="56", evidence="NPS 56 in nps.csv"), NOW) == []
    assert session.missing("K1") == ["a decision"]
    assert session.advance() == ["a decision"] and session.position == 0
    assert session.review_of("K1").value == 56.0 and session.unsaved


def test_a_value_that_does_not_read_is_not_stored_and_holds_the_gate(session: MeetingSession) -> None:
    session.apply("K1", entry(value="56"), NOW)
    problems = session.apply("K1", entry(value="85e2", decision=DecisionKind.CONTINUE), NOW)
    assert problems == ["a number written with 0-9 and one '.' (not '85e2') for the value"]
    assert session.review_of("K1").value == 56.0  # the last value that read, never 8500
    assert session.missing("K1") == problems
    assert session.apply("K1", entry(value="57", decision=DecisionKind.CONTINUE), NOW) == []
    assert session.missing("K1") == [] and session.is_decided("K1")


def test_a_logged_decision_opens_the_gate_and_advance_moves_on(session: MeetingSession) -> None:
    session.apply("K1", entry(value="56", decision=DecisionKind.CONTINUE, note="on pace"), NOW)
    decision = session.review_of("K1").decision
    assert decision is not None and (decision.kind, decision.decided_by, decision.at) == (
        DecisionKind.CONTINUE, "Ana Ruiz", NOW)
    assert session.advance() == [] and session.position == 1
    assert session.advance() == ["a decision"] and session.position == 1  # the last KR: nothing to move to


def test_the_decision_keeps_the_time_it_was_first_logged(session: MeetingSession) -> None:
    later = datetime(2026, 11, 12, 10, 5, tzinfo=UTC)
    session.apply("K1", entry(decision=DecisionKind.CONTINUE), NOW)
    session.apply("K1", entry(decision=DecisionKind.CONTINUE, note="still on pace"), later)
    assert session.review_of("K1").decision.at == NOW  # type: ignore[union-attr]
    session.apply("K1", entry(decision=DecisionKind.ESCALATE, note="budget to the CFO"), later)
    assert session.review_of("K1").decision.at == later  # type: ignore[union-attr]


def test_continue_on_an_off_track_kr_needs_a_written_reason(session: MeetingSession) -> None:
    session.apply("K2", entry(value="90.2", confidence=Status.OFF_TRACK, decision=DecisionKind.CONTINUE), NOW)
    assert session.missing("K2") == ["a written reason to continue an off-track KR"]


def test_defer_needs_a_reason_and_a_revisit_date_after_today(session: MeetingSession) -> None:
    session.apply("K1", entry(decision=DecisionKind.DEFER, revisit="2026-12-1"), NOW)
    assert session.missing("K1") == ["a real revisit date, written YYYY-MM-DD (not '2026-12-1')",
                                     "a reason for deferring"]
    session.apply("K1", entry(decision=DecisionKind.DEFER, note="wait for the survey", revisit="2026-11-12"), NOW)
    assert session.missing("K1") == ["a revisit date after today"]
    session.apply("K1", entry(decision=DecisionKind.DEFER, note="wait for the survey", revisit="2026-11-19"), NOW)
    assert session.missing("K1") == []


def test_a_next_action_is_built_with_a_free_id_and_needs_an_owner_and_a_due_date(session: MeetingSession) -> None:
    problems = session.apply("K1", entry(action_text="Send the survey", action_due="next week"), NOW)
    assert problems == ["a real due date for the next action, written YYYY-MM-DD (not 'next week')",
                        "one owner for the next action"]
    assert session.review_of("K1").next_action is None
    session.apply("K1", entry(action_text="Send the survey", action_owner="Ana Ruiz", action_due="2026-11-19"), NOW)
    action = session.review_of("K1").next_action
    assert action is not None and (action.id, action.owner, action.due, action.opened_in) == (
        "A1", "Ana Ruiz", date(2026, 11, 19), session.meeting.id)
    session.apply("K2", entry(action_text="Page the SRE", action_owner="Ben Ode", action_due="2026-11-13"), NOW)
    assert session.review_of("K2").next_action.id == "A2"  # type: ignore[union-attr]
    session.apply("K1", entry(action_text="", action_owner="Ana Ruiz"), NOW)
    assert session.review_of("K1").next_action is None  # cleared text: no action


def test_text_over_its_limit_is_named_at_its_field(session: MeetingSession) -> None:
    problems = session.apply("K1", entry(evidence="x" * 5000), NOW)
    assert len(problems) == 1 and problems[0].startswith("evidence: ")
    assert session.review_of("K1").evidence == ""


def test_a_field_the_kind_does_not_ask_for_is_left_alone(session: MeetingSession) -> None:
    session.apply("K1", entry(value="56", evidence="NPS 56 in nps.csv"), NOW)
    session.apply("K1", ReviewEntry(asks=frozenset({FormField.DECISION, FormField.BLOCKER}), value="1",
                                    evidence="", decision=DecisionKind.CONTINUE), NOW)
    review = session.review_of("K1")
    assert (review.value, review.evidence) == (56.0, "NPS 56 in nps.csv")


# --- decisions that take effect when the record is written ---------------------------------------------------
def test_adjust_target_and_drop_take_effect_when_the_record_is_written(session: MeetingSession) -> None:
    from reviewtui.domain.analytics import quarter_report
    from reviewtui.session import final_meetings, plan_agenda

    problems = session.apply("K1", entry(value="52", decision=DecisionKind.ADJUST_TARGET, new_target="abc",
                                         note="scope cut by the board in November"), NOW)
    assert problems == ["a number written with 0-9 and one '.' (not 'abc') for the new target"]
    assert session.missing("K1")[-1] == "the new target (a number)"
    session.apply("K1", entry(value="52", decision=DecisionKind.ADJUST_TARGET, new_target="55",
                              note="scope cut by the board in November"), NOW)
    assert session.missing("K1") == []
    session.apply("K2", entry(value="91", decision=DecisionKind.DROP, note="superseded by the platform OKR"), NOW)
    assert session.missing("K2") == []
    session.save()
    ended = datetime(2026, 11, 12, 10, 30, tzinfo=UTC)
    session.finish(ended)

    store = session.store
    quarter = store.load_quarter("2026-Q4")
    k1, k2 = quarter.key_results
    assert (k1.target, k1.original_target) == (55.0, 60.0)
    assert [(c.on, c.from_target, c.to_target, c.meeting, c.reason) for c in k1.target_history] == [
        (date(2026, 11, 12), 60.0, 55.0, session.meeting.id, "scope cut by the board in November")]
    assert k2.dropped is not None and (k2.dropped.on, k2.dropped.reason) == (
        date(2026, 11, 12), "superseded by the platform OKR")
    meeting_id = session.meeting.id
    assert goalpost_lines(k1) == [
        f"target moved from 60 to 55 points on 2026-11-12 by {meeting_id}: scope cut by the board in November"]
    assert goalpost_lines(k2) == ["dropped 2026-11-12: superseded by the platform OKR"]
    assert [line.dropped_on for line in store.quarters()[0].krs] == [None, "2026-11-12"]  # the home screen's list
    # Dropped: out of the next meeting's agenda, and never a silent miss.
    plan = MeetingPlan("2026-Q4", MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.RISK_FIRST)
    assert plan_agenda(store, quarter, plan, date(2026, 11, 19)) == ["K1"]
    report = quarter_report(quarter, final_meetings(store, "2026-Q4"), store.actions("2026-Q4"), date(2027, 1, 5))
    assert "K2" not in {k.kr.id for k in report.silent_misses}
    assert report.kr("K1") is not None and report.kr("K1").kr.target == 55.0  # type: ignore[union-attr]


def test_a_record_applied_twice_moves_the_target_once(session: MeetingSession) -> None:
    from reviewtui.domain.effects import apply_values

    session.apply("K1", entry(decision=DecisionKind.ADJUST_TARGET, new_target="55", note="scope cut by the board"),
                  NOW)
    final = session.meeting.model_copy(update={"ended_at": NOW})
    once = apply_values(session.quarter, final)
    twice = apply_values(once, final)
    assert twice == once and len(twice.key_results[0].target_history) == 1


def test_the_largest_quarter_that_imports_can_be_reviewed_whole(tmp_path: Path) -> None:
    from reviewtui.domain.models import MAX_KRS, MAX_KRS_PER_OBJECTIVE, MAX_OBJECTIVES

    quarter = validate_quarter({
        "quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31",
        "objectives": [{"id": f"O{o}", "title": "Objective", "owner": "Ana Ruiz", "key_results": [
            {"id": f"O{o}-K{k}", "title": "Key result", "owner": "Ben Ode", "unit": "%", "baseline": 0,
             "target": 100, "evidence_source": "report"} for k in range(MAX_KRS_PER_OBJECTIVE)]}
            for o in range(MAX_OBJECTIVES)]})
    with Store.open(tmp_path / "store") as store:
        store.save_quarter(quarter)
        plan = MeetingPlan("2026-Q4", MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES)
        session = MeetingSession.start(store, plan, NOW)
        assert len(session.meeting.agenda) == len(session.meeting.reviews) == MAX_KRS == 2500
        assert [m.id for m in store.drafts()] == [session.meeting.id]


def test_text_that_does_not_read_is_kept_as_typed_and_the_gate_still_holds_after_a_resume(
        session: MeetingSession) -> None:
    session.apply("K1", entry(value="85e2", decision=DecisionKind.CONTINUE, action_text="Send the survey",
                              action_owner="Ana Ruiz", action_due="2026-12-1"), NOW)
    review = session.review_of("K1")
    assert review.unread == {"value": "85e2", "action_text": "Send the survey", "action_owner": "Ana Ruiz",
                             "action_due": "2026-12-1"}
    before = session.missing("K1")
    assert before[:2] == ["a number written with 0-9 and one '.' (not '85e2') for the value",
                          "a real due date for the next action, written YYYY-MM-DD (not '2026-12-1')"]
    session.save()
    resumed = MeetingSession.resume(session.store, "2026-Q4", session.meeting.id)
    assert resumed.review_of("K1").unread == review.unread
    assert resumed.missing("K1") == before  # nobody acted: the gate says the same
    resumed.apply("K1", entry(value="52", decision=DecisionKind.CONTINUE, action_text="Send the survey",
                              action_owner="Ana Ruiz", action_due="2026-12-01"), NOW)
    assert resumed.review_of("K1").unread == {} and resumed.missing("K1") == []


def test_a_next_action_has_one_owner_not_two(session: MeetingSession) -> None:
    problems = session.apply("K1", entry(action_text="Send the survey", action_owner="Marcus and Chen",
                                         action_due="2026-11-19"), NOW)
    assert problems == ["one owner for the next action (owner 'Marcus and Chen' names 2 owners; "
                        "accountability needs exactly one person)"]
    assert session.review_of("K1").next_action is None


def test_an_impossible_revisit_date_is_named_once(session: MeetingSession) -> None:
    session.apply("K1", entry(decision=DecisionKind.DEFER, note="wait for the survey", revisit="2026-02-30"), NOW)
    assert session.missing("K1") == ["a real revisit date, written YYYY-MM-DD (not '2026-02-30')"]


def test_a_dropped_kr_is_in_no_status_count(session: MeetingSession) -> None:
    from reviewtui.domain.analytics import quarter_report
    from reviewtui.session import final_meetings

    session.apply("K1", entry(decision=DecisionKind.CONTINUE, note="on pace with the plan"), NOW)
    session.apply("K2", entry(decision=DecisionKind.DROP, note="superseded by the platform OKR"), NOW)
    session.finish(datetime(2026, 11, 12, 10, 30, tzinfo=UTC))
    store = session.store
    report = quarter_report(store.load_quarter("2026-Q4"), final_meetings(store, "2026-Q4"),
                            store.actions("2026-Q4"), date(2026, 11, 19))
    assert sum(report.status_counts().values()) == 1


def test_ending_early_marks_only_the_krs_with_nothing_typed_as_not_discussed(session: MeetingSession) -> None:
    from reviewtui.session import latest_reviews

    session.apply("K1", entry(value="56", blocker="survey tool down"), NOW)  # typed, no decision yet
    deferred = session.defer_rest("out of time today", date(2026, 11, 19), NOW)
    assert deferred == ["K1", "K2"]
    assert [session.review_of(k).deferred_unreviewed for k in deferred] == [False, True]
    session.finish(datetime(2026, 11, 12, 10, 30, tzinfo=UTC))
    last = latest_reviews([session.meeting])
    assert set(last) == {"K1"}  # its card shows this review as the last one next time


def test_the_projected_end_does_not_jump_on_one_quick_first_kr(session: MeetingSession) -> None:
    from datetime import timedelta

    session.add_time("K1", 8)
    session.apply("K1", entry(decision=DecisionKind.CONTINUE, note="on pace with the plan"), NOW)
    # One KR decided in 8 s: the KR left is still expected to take its timebox (180 s), not 8 s.
    assert session.projected_end(NOW) == NOW + timedelta(seconds=180)
