"""Kinds of key result, as real plans write them: status, pace, progress, score, band and silent misses.

Domain tests: no screen, no store; each builds a quarter the way an import file would.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from reviewtui.domain.enums import KRKind, OutcomeBand, Status
from reviewtui.domain.importing import InvalidQuarter, parse_quarter_json
from reviewtui.domain.models import KeyResult, Quarter
from reviewtui.domain.progress import is_behind_pace, progress, standing
from reviewtui.domain.score import band_of, data_score, met
from reviewtui.format import goal_text, standing_label, value_against_goal

START, END = date(2026, 10, 1), date(2026, 12, 31)
DAY_23, DAY_46, AFTER = date(2026, 10, 23), date(2026, 11, 15), date(2027, 1, 5)


def quarter(*krs: dict[str, Any], commitment: str = "committed") -> Quarter:
    objective = {"id": "O1", "title": "Run a reliable service", "owner": "Ana Ruiz", "commitment": commitment,
                 "key_results": [{"title": "A key result", "owner": "Ana Ruiz", "id": f"KR{i}", **kr}
                                 for i, kr in enumerate(krs, 1)]}
    return Quarter.model_validate({"quarter": "Q", "start": START.isoformat(), "end": END.isoformat(),
                                   "objectives": [objective]})


def one(**kr: Any) -> tuple[KeyResult, Quarter]:
    q = quarter(kr)
    return q.key_results[0], q


# --- the kind is resolved, and each kind takes only its own fields ------------------------------------------

def test_without_a_kind_the_direction_of_the_target_decides() -> None:
    q = quarter({"baseline": 45, "target": 60, "unit": "points"}, {"baseline": 100, "target": 60, "unit": "min"})
    assert [kr.kind for kr in q.key_results] == [KRKind.INCREASE, KRKind.DECREASE]


@pytest.mark.parametrize(("fields", "where"), [
    ({"kind": "stay_above", "threshold": 80, "target": 90}, "target"),
    ({"kind": "milestone", "baseline": 0}, "baseline"),
    ({"kind": "increase", "baseline": 60, "target": 45}, "target"),
    ({"kind": "stay_below"}, "threshold"),
    ({"kind": "increase", "threshold": 3, "target": 5}, "threshold"),
    ({"threshold": 3}, "kind"),
])
def test_a_field_the_kind_does_not_take_is_refused_at_its_path(fields: dict[str, Any], where: str) -> None:
    data = {"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31", "objectives": [{
        "id": "O1", "title": "t", "owner": "Ana", "key_results": [
            {"id": "SG-O1-KR3", "title": "t", "owner": "Ana", **fields}]}]}
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(__import__("json").dumps(data).encode())
    assert [p.path for p in caught.value.problems] == [f"objectives[0].key_results[0].{where}"]
    assert str(caught.value.problems[0]).startswith(f"objectives[0].key_results[0] (SG-O1-KR3).{where}: ")


def test_a_due_date_outside_the_quarter_and_a_missing_parent_are_refused() -> None:
    data = {"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31", "objectives": [
        {"id": "O1", "title": "t", "owner": "Ana", "parent": "O9", "key_results": [
            {"id": "K1", "title": "t", "owner": "Ana", "kind": "milestone", "due": "2027-02-01"}]}]}
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(__import__("json").dumps(data).encode())
    # both at once: the tree is checked beside the KR's own problems
    assert sorted(p.path for p in caught.value.problems) == ["objectives[0].key_results[0].due", "objectives[0].parent"]
    del data["objectives"][0]["key_results"][0]["due"]
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(__import__("json").dumps(data).encode())
    assert [p.path for p in caught.value.problems] == ["objectives[0].parent"]


def test_a_cycle_of_parents_is_refused() -> None:
    objectives = [{"id": f"O{i}", "title": "t", "owner": "Ana", "parent": f"O{3 - i}", "key_results": []}
                  for i in (1, 2)]
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(__import__("json").dumps({"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31",
                                                     "objectives": objectives}).encode())
    assert "cycle" in caught.value.problems[0].message


# --- thresholds: a breach is never on track ----------------------------------------------------------------

@pytest.mark.parametrize(("kind", "value", "expected"), [
    ("stay_above", 70, Status.OFF_TRACK), ("stay_above", 80, Status.ON_TRACK), ("stay_above", 95, Status.ON_TRACK),
    ("stay_below", 2.5, Status.OFF_TRACK), ("stay_below", 1.9, Status.ON_TRACK),
])
def test_a_threshold_is_on_track_only_while_it_holds(kind: str, value: float, expected: Status) -> None:
    kr, q = one(kind=kind, threshold=80 if kind == "stay_above" else 2, unit="%", current=value)
    assert standing(kr, q, DAY_23).status is expected
    assert is_behind_pace(kr, q, DAY_23) is (expected is Status.OFF_TRACK)
    assert progress(kr) is None  # a threshold has no way to go, only a line to hold


def test_a_threshold_scores_the_share_of_dated_values_that_held() -> None:
    kr, _ = one(kind="stay_below", threshold=2, unit="s", current=1.8, history=[
        {"date": "2026-10-10", "value": 1.5}, {"date": "2026-10-20", "value": 2.6},
        {"date": "2026-11-01", "value": 2.0}, {"date": "2026-11-20", "value": 1.8}])
    values = [(p.date, p.value) for p in kr.history]
    assert data_score(kr, values) == 0.75
    assert band_of(0.75) is OutcomeBand.PARTIAL and not met(0.75)
    assert value_against_goal(kr, kr.unit) == "1.8 s (hold ≤ 2 s)"
    assert value_against_goal(kr, kr.unit, short=True) == "1.8 (≤ 2)"  # never '1.8 ≤ 2', read as a statement


# --- milestones: never off track from the calendar alone ----------------------------------------------------

def test_a_milestone_not_done_has_no_status_until_someone_states_one() -> None:
    kr, q = one(kind="milestone", due="2026-12-15")
    assert standing(kr, q, DAY_46) == standing(kr, q, date(2026, 12, 14))
    assert standing_label(standing(kr, q, DAY_46)) == "· no data"
    stated = kr.model_copy(update={"confidence": Status.AT_RISK})
    assert standing(stated, q, DAY_46).status is Status.AT_RISK
    assert not is_behind_pace(kr, q, DAY_46)


def test_a_milestone_is_done_or_overdue_after_its_due_date() -> None:
    kr, q = one(kind="milestone", due="2026-11-01")
    assert standing_label(standing(kr, q, date(2026, 11, 2))) == "✗ overdue"
    done, _ = one(kind="milestone", done=True, due="2026-11-01")
    assert done.current == 1 and standing_label(standing(done, q, date(2026, 11, 2))) == "✓ done"
    assert data_score(done, []) == 1.0 and data_score(kr, []) is None  # not done: the owner's to score


def test_a_checklist_counts_its_done_steps_and_runs_to_its_due_date() -> None:
    steps = [{"title": f"step {n}", "done": n <= 2} for n in range(1, 6)]
    kr, q = one(kind="milestone", checklist=steps, due="2026-10-31")
    assert kr.current == 2 and progress(kr) == 0.4
    assert value_against_goal(kr, "") == "2 of 5 steps done" and goal_text(kr, "") == "all 5 steps done, due 2026-10-31"
    assert standing(kr, q, date(2026, 10, 5)).status is Status.ON_TRACK  # 40% done, 16% of the way to the due date
    assert standing(kr, q, date(2026, 10, 28)).status is Status.OFF_TRACK  # 40% done, 90% of the way
    assert standing(kr, q, date(2026, 11, 2)).word == "overdue"
    none_done, _ = one(kind="milestone", checklist=[{"title": "a"}, {"title": "b"}])
    assert none_done.current == 0  # nothing done is a value too: the pace of a checklist starts at once


# --- to be measured: never a status made up from nothing -------------------------------------------------------

def test_a_baseline_to_be_measured_has_no_status_until_measured() -> None:
    kr, q = one(kind="increase", baseline=None, target=60, unit="points")
    assert standing_label(standing(kr, q, DAY_46)) == "· to be measured"
    assert value_against_goal(kr, kr.unit) == "— → 60 points (baseline to be measured)"
    assert standing(kr, q, DAY_46, value=50).status is None  # the first value is the baseline


def test_pace_runs_from_when_the_baseline_was_measured() -> None:
    kr, q = one(kind="increase", baseline=40, target=60, unit="points", current=45, baseline_on="2026-11-15")
    assert standing(kr, q, date(2026, 11, 25)).status is Status.ON_TRACK  # 25% done, 21% of its own time


def test_a_due_date_moves_pace() -> None:
    kr, q = one(baseline=0, target=100, unit="%", current=50, due="2026-10-31")
    without, _ = one(baseline=0, target=100, unit="%", current=50)
    assert standing(without, q, date(2026, 10, 25)).status is Status.ON_TRACK
    assert standing(kr, q, date(2026, 10, 25)).status is Status.OFF_TRACK


# --- commitment: aspirational objectives succeed at 0.7 ------------------------------------------------------------

def test_an_aspirational_kr_at_72_percent_met_its_band_and_a_committed_one_at_90_did_not() -> None:
    aspirational = quarter({"baseline": 0, "target": 100, "unit": "%", "current": 72}, commitment="aspirational")
    committed = quarter({"baseline": 0, "target": 100, "unit": "%", "current": 90})
    high, low = aspirational.key_results[0], committed.key_results[0]
    assert high.success_at == 0.7 and low.success_at == 1.0
    assert band_of(data_score(high, []), high.success_at) is OutcomeBand.TARGET and met(0.72, 0.7)
    assert band_of(data_score(low, []), low.success_at) is OutcomeBand.PARTIAL and not met(0.9)
    # after the quarter there is no pace left: met, or missed (never "on track" at 90% of a committed target)
    assert standing(high, aspirational, AFTER).status is Status.ON_TRACK
    assert standing_label(standing(low, committed, AFTER)) == "✗ missed"


# --- the stand-up includes a KR nobody measured -------------------------------------------------------------

def test_a_kr_never_measured_by_the_third_week_joins_the_stand_up() -> None:
    from reviewtui.domain.meeting_kinds import needs_attention

    kr, q = one(baseline=10, target=20, unit="deals")
    assert not needs_attention(kr, q, date(2026, 10, 14), None, None)
    assert needs_attention(kr, q, date(2026, 10, 15), None, None)
    assert standing_label(standing(kr, q, date(2026, 10, 15))) == "· never measured"
    assert standing_label(standing(kr, q, date(2026, 10, 14))) == "· no data"


# --- a plan with no meetings reads well -----------------------------------------------------------------------

def test_a_plan_only_report_draws_no_empty_charts_and_names_each_status() -> None:
    from reviewtui.domain.analytics import quarter_report
    from reviewtui.export.report import report_markdown

    q = quarter({"baseline": 0, "target": 10, "unit": "deals"}, {"kind": "milestone", "due": "2026-12-01"},
                {"kind": "stay_above", "threshold": 99.9, "unit": "%"})
    text = report_markdown(quarter_report(q, [], [], date(2026, 11, 30)))
    assert "No key result has a value yet: nothing to chart." in text
    assert "```" not in text  # no chart block at all
    assert len(text.splitlines()) < 80
    assert "| KR1 | no value | · never measured |" in text and "| KR2 | not done | · no data |" in text


# --- roll-up: objectives in a tree ---------------------------------------------------------------------------

def test_an_objective_rolls_up_its_krs_and_children_and_takes_the_weakest_status() -> None:
    from reviewtui.domain.rollup import Node, roll_up

    q = Quarter.model_validate({"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31", "objectives": [
        {"id": "CO", "title": "Company", "owner": "Ana Ruiz", "key_results": [
            {"id": "C1", "title": "t", "owner": "Ana Ruiz", "baseline": 0, "target": 100, "unit": "%", "current": 50}]},
        {"id": "TEAM", "title": "Team", "owner": "Bo Li", "parent": "CO", "key_results": [
            {"id": "T1", "title": "t", "owner": "Bo Li", "kind": "stay_below", "threshold": 2, "current": 3, "unit": "s"},
            {"id": "T2", "title": "t", "owner": "Bo Li", "kind": "milestone", "done": True}]},
        {"id": "ME", "title": "Mine", "owner": "Cy Ng", "parent": "TEAM", "commitment": "aspirational",
         "key_results": [{"id": "M1", "title": "t", "owner": "Cy Ng", "baseline": 0, "target": 10, "current": 7,
                          "unit": "deals"}]},
        {"id": "OTHER", "title": "Other", "owner": "Di Wu", "key_results": []},
    ]})
    nodes = [Node(o.id, o.parent) for o in q.objectives]
    rolled = roll_up(nodes, {o.id: o.key_results for o in q.objectives}, q, date(2026, 11, 15))
    assert [(r.id, r.depth) for r in rolled] == [("CO", 0), ("TEAM", 1), ("ME", 2), ("OTHER", 0)]
    by_id = {r.id: r for r in rolled}
    assert by_id["ME"].progress == 1.0  # 7 of 10 under an aspirational objective is a success
    assert by_id["TEAM"].progress == pytest.approx((0.0 + 1.0 + 1.0) / 3)  # breached threshold, done, child
    assert by_id["TEAM"].status is Status.OFF_TRACK  # the breached threshold
    assert by_id["CO"].status is Status.OFF_TRACK and by_id["CO"].progress == pytest.approx((0.5 + 2 / 3) / 2)
    assert by_id["OTHER"].progress is None and by_id["OTHER"].status is None


# --- where the room and the data disagreed ---------------------------------------------------------------------

def test_the_report_lists_where_the_room_said_better_than_the_data() -> None:
    from datetime import datetime

    from reviewtui.domain.analytics import quarter_report
    from reviewtui.domain.models import Decision, KRReview, Meeting
    from reviewtui.export.report import report_dict, report_markdown

    q = quarter({"baseline": 0, "target": 100, "unit": "%", "current": 10},
                {"kind": "stay_above", "threshold": 80, "unit": "%", "current": 85})
    at = datetime(2026, 11, 16, 10, 0)
    reviews = [
        KRReview(kr_id="KR1", value=10, confidence=Status.ON_TRACK, data_status=Status.OFF_TRACK,
                 decision=Decision(kind="continue", note="the pipeline is full for December", at=at)),
        KRReview(kr_id="KR2", value=85, confidence=Status.AT_RISK, data_status=Status.ON_TRACK,
                 decision=Decision(kind="continue", at=at)),
    ]
    meeting = Meeting(id="M1", quarter_id="Q", kind="weekly", facilitator="Ana Ruiz", started_at=at, state="final",
                      agenda=["KR1", "KR2"], reviews=reviews)
    report = quarter_report(q, [meeting], [], date(2026, 11, 20))
    found = [(d.kr_id, d.room, d.data, d.rosier) for d in report.disagreements]
    assert found == [("KR1", Status.ON_TRACK, Status.OFF_TRACK, True), ("KR2", Status.AT_RISK, Status.ON_TRACK, False)]
    text = report_markdown(report)
    assert "2 reviews where the room and the data disagreed; 1 rosier than the data." in text
    assert "| M1 | 2026-11-16 | KR1 | ✓ on track | ✗ off track | rosier |" in text
    assert report_dict(report)["disagreements"][0]["rosier"] is True


# --- the retrospective's score: the data's, or the owner's with a reason ----------------------------------------

def test_a_milestone_not_done_needs_the_owners_score_and_an_override_needs_a_reason() -> None:
    from reviewtui.domain.models import KRReview
    from reviewtui.domain.retro import missing_score, retro_facts

    q = quarter({"kind": "milestone", "due": "2026-12-01"}, {"baseline": 0, "target": 100, "unit": "%", "current": 55})
    milestone, metric = q.key_results
    assert missing_score(retro_facts(milestone, q, [], None, END)) == [
        "the owner's score, 0 to 1 (the data cannot score a milestone that is not done)"]
    scored = retro_facts(milestone, q, [], None, END, KRReview(kr_id="KR1", score=0.6))
    assert missing_score(scored) == [] and scored.band is OutcomeBand.PARTIAL
    assert missing_score(retro_facts(metric, q, [], None, END)) == []  # the data's 0.55 stands
    override = retro_facts(metric, q, [], None, END, KRReview(kr_id="KR2", score=0.7))
    assert missing_score(override) == ["why the score differs from the data's (0.55), in a few words"]
    reasoned = retro_facts(metric, q, [], None, END, KRReview(kr_id="KR2", score=0.7,
                                                               score_reason="two deals signed on 2 January"))
    assert missing_score(reasoned) == [] and reasoned.score == 0.7 and reasoned.data_score == 0.55


@pytest.mark.parametrize(("typed", "read"), [("0.7", 0.7), ("70%", 0.7), ("0,55", 0.55), ("1", 1.0), ("0", 0.0),
                                             ("1.2", "a score from 0 to 1"), ("-0.1", "a score from 0 to 1")])
def test_a_score_is_read_as_people_write_it(typed: str, read: float | str) -> None:
    from reviewtui.domain.review_entry import parse_score

    assert parse_score(typed) == read


def test_the_record_shows_an_overridden_score_beside_the_datas() -> None:
    from reviewtui.domain.models import KRReview
    from reviewtui.domain.retro import retro_facts
    from reviewtui.export.meeting import _happened

    q = quarter({"baseline": 0, "target": 100, "unit": "%", "current": 55})
    facts = retro_facts(q.key_results[0], q, [], None, END, KRReview(kr_id="KR1", score=0.7,
                                                                        score_reason="two deals signed on 2 January"))
    assert _happened(facts) == "55 → 100 % (from 0), score 0.70 (data 0.55): two deals signed on 2 January, ◐ partial"


def test_the_first_value_of_a_kr_to_be_measured_becomes_its_baseline_and_never_breaks_the_store() -> None:
    from datetime import datetime

    from reviewtui.domain.effects import apply_values
    from reviewtui.domain.models import Decision, KRReview, Meeting

    q = quarter({"kind": "decrease", "baseline": None, "target": 5, "unit": "pages"},
                {"kind": "increase", "baseline": None, "target": 60, "unit": "points"})
    at = datetime(2026, 11, 16, 10, 0)
    reviews = [KRReview(kr_id="KR1", value=20, decision=Decision(kind="continue", at=at)),
               KRReview(kr_id="KR2", value=75, decision=Decision(kind="continue", at=at))]
    meeting = Meeting(id="M1", quarter_id="Q", kind="weekly", facilitator="Ana Ruiz", started_at=at, state="final",
                      agenda=["KR1", "KR2"], reviews=reviews)
    after = apply_values(q, meeting)
    measured, past = after.key_results
    assert (measured.baseline, measured.baseline_on, measured.current) == (20, date(2026, 11, 16), 20)
    assert standing(measured, after, date(2026, 11, 17)).status is Status.ON_TRACK  # pace runs from its baseline day
    assert past.baseline is None and past.current == 75  # 75 is past the target 60: not a baseline
    assert standing_label(standing(past, after, date(2026, 11, 17))) == "✓ target met"
    Quarter.model_validate_json(after.model_dump_json(by_alias=True))  # still a valid quarter on disk


# --- what a new user's trial found -------------------------------------------------------------------------------

def test_a_milestone_or_threshold_is_never_stretch_and_a_no_value_kr_needs_the_owners_score() -> None:
    from reviewtui.domain.models import KRReview
    from reviewtui.domain.retro import missing_score, retro_facts
    from reviewtui.domain.score import band_for

    q = quarter({"kind": "milestone", "done": True}, {"baseline": 0, "target": 10, "unit": "deals"},
                commitment="aspirational")
    done, unmeasured = q.key_results
    assert band_for(done, 1.0) is OutcomeBand.TARGET  # 1.0 of 0.7 would be stretch for a metric
    assert band_for(unmeasured, 1.0) is OutcomeBand.STRETCH
    assert missing_score(retro_facts(unmeasured, q, [], None, END)) == [
        "the owner's score, 0 to 1 (the data cannot score a KR with no value)"]
    assert missing_score(retro_facts(unmeasured, q, [], None, END, KRReview(kr_id="KR2", score=0.2))) == []


def test_a_milestones_value_is_a_whole_number_of_its_steps() -> None:
    from reviewtui.domain.meeting_kinds import FormField
    from reviewtui.domain.review_entry import ReviewEntry, ValueCheck, read_entry

    for steps, typed, problem in ((1, "2", "a milestone's value: 1 when done, 0 when not (not 2)"),
                                  (5, "6", "a milestone's value: its steps done, a whole number from 0 to 5 (not 6)"),
                                  (5, "2.5", "a milestone's value: its steps done, a whole number from 0 to 5 (not 2.5)")):
        read = read_entry(ReviewEntry(asks=frozenset({FormField.VALUE}), value=typed), "", ValueCheck(0, steps, None, steps))
        assert read.problems == [problem] and read.unread == {"value": typed}
    good = read_entry(ReviewEntry(asks=frozenset({FormField.VALUE}), value="3"), "", ValueCheck(0, 5, None, 5))
    assert good.problems == [] and good.changes["value"] == 3.0


@pytest.mark.parametrize(("fields", "where"), [
    ({"kind": "milestone", "done": True, "checklist": [{"title": "a"}]}, "done"),
    ({"kind": "milestone", "current": 0.5}, "current"),
    ({"kind": "milestone", "checklist": [{"title": "a"}], "current": 3}, "current"),
    ({"kind": "milestone", "notes": "x" * 2001}, "notes"),
])
def test_a_milestone_says_one_thing(fields: dict[str, Any], where: str) -> None:
    data = {"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31", "objectives": [{
        "id": "O1", "title": "t", "owner": "Ana", "key_results": [{"id": "K1", "title": "t", "owner": "Ana", **fields}]}]}
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(__import__("json").dumps(data).encode())
    assert [p.path for p in caught.value.problems] == [f"objectives[0].key_results[0].{where}"]


def test_behind_pace_counts_every_kr_shown_at_risk_or_worse() -> None:
    overdue, q = one(kind="milestone", due="2026-10-20")
    breached, _ = one(kind="stay_below", threshold=2, current=3, unit="s")
    assert is_behind_pace(overdue, q, DAY_46) and is_behind_pace(breached, q, DAY_46)


def test_the_roll_up_counts_an_overdue_or_never_measured_kr_as_nothing_done() -> None:
    from reviewtui.domain.rollup import Node, roll_up

    q = quarter({"kind": "milestone", "due": "2026-10-20"}, {"baseline": 0, "target": 10, "unit": "deals"},
                {"kind": "stay_above", "threshold": 80, "unit": "%", "current": 90,
                 "history": [{"date": "2026-10-10", "value": 70}, {"date": "2026-11-01", "value": 90}]},
                {"kind": "milestone", "due": "2026-12-20"})
    rolled = roll_up([Node("O1", None)], {"O1": q.key_results}, q, DAY_46)
    # overdue 0, never measured 0, threshold held 1 of 2 dated values 0.5; the milestone not due yet is left out
    assert rolled[0].progress == pytest.approx(0.5 / 3) and rolled[0].status is Status.OFF_TRACK


def test_a_retrospective_is_no_status_round() -> None:
    from datetime import datetime

    from reviewtui.domain.analytics import quarter_report
    from reviewtui.domain.models import Decision, KRReview, Meeting

    q = quarter({"baseline": 0, "target": 100, "unit": "%", "current": 40})
    at = datetime(2027, 1, 4, 10, 0)
    retro = Meeting(id="R1", quarter_id="Q", kind="retro", facilitator="Ana Ruiz", started_at=at, state="final",
                    agenda=["KR1"], reviews=[KRReview(kr_id="KR1", value=40, owner_did="hired two people late",
                                                      lesson="hire in the first month",
                                                      decision=Decision(kind="continue", note="carry it on", at=at))])
    assert quarter_report(q, [retro], [], date(2027, 1, 5)).status_rounds == ()


def test_one_import_run_lists_a_missing_parent_beside_the_krs_problems() -> None:
    data = {"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31", "objectives": [
        {"id": "O1", "title": "t", "owner": "Ana", "parent": "NOPE", "key_results": [
            {"id": "K1", "title": "t", "owner": "Ana", "kind": "milestone", "target": 3},
            {"id": "K2", "title": "t", "owner": "Ana", "baseline": None, "target": 5}]}]}
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(__import__("json").dumps(data).encode())
    found = {p.path: p.message for p in caught.value.problems}
    assert set(found) == {"objectives[0].key_results[0].target", "objectives[0].key_results[1].baseline",
                          "objectives[0].parent"}
    assert found["objectives[0].key_results[1].baseline"].startswith("give a number, or a kind")


def test_a_csv_cannot_give_an_objective_two_commitments() -> None:
    from reviewtui.domain.importing import parse_quarter_csv

    header = ("objective_id,objective,objective_owner,kr_id,key_result,kr_owner,unit,baseline,target,current,"
              "evidence_source,commitment,kind,threshold,due")
    rows = ["O1,Grow,Ana Ruiz,K1,Win deals,Ana Ruiz,deals,0,10,,crm,aspirational,,,",
            "O1,Grow,Ana Ruiz,K2,Keep uptime,Ana Ruiz,%,,,,status page,committed,stay_above,99.9,",
            "O1,Grow,Ana Ruiz,K3,Ship v2,Ana Ruiz,,,,,,,milestone,,2026-12-01"]
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_csv("\n".join([header, *rows]).encode(), quarter="Q", start="2026-10-01", end="2026-12-31")
    assert [str(p) for p in caught.value.problems] == [
        "row 3: objective 'O1' has a different title, owner, commitment or parent than on an earlier row"]
    fixed = parse_quarter_csv("\n".join([header, rows[0], rows[1].replace(",committed,", ",,"), rows[2]]).encode(),
                              quarter="Q", start="2026-10-01", end="2026-12-31")
    kinds = [kr.kind for kr in fixed.key_results]
    assert kinds == [KRKind.INCREASE, KRKind.STAY_ABOVE, KRKind.MILESTONE]
    assert fixed.objectives[0].key_results[2].due == date(2026, 12, 1) and fixed.key_results[0].success_at == 0.7


def test_the_report_lists_every_dated_breach_once_per_day() -> None:
    from datetime import datetime

    from reviewtui.domain.analytics import quarter_report
    from reviewtui.domain.models import Decision, KRReview, Meeting
    from reviewtui.export.report import report_dict, report_markdown

    q = quarter({"kind": "stay_below", "threshold": 2, "unit": "s", "current": 2.4, "history": [
        {"date": "2026-10-10", "value": 1.5}, {"date": "2026-10-20", "value": 2.6}, {"date": "2026-11-02", "value": 2.4}]})
    at = datetime(2026, 11, 2, 10, 0)
    meeting = Meeting(id="M1", quarter_id="Q", kind="weekly", facilitator="Ana Ruiz", started_at=at, state="final",
                      agenda=["KR1"], reviews=[KRReview(kr_id="KR1", value=2.4, decision=Decision(
                          kind="escalate", note="p99 is breached for two weeks now", at=at))])
    report = quarter_report(q, [meeting], [], date(2026, 11, 3))
    assert report.krs[0].breaches == (date(2026, 10, 20), date(2026, 11, 2))
    assert report.krs[0].score == pytest.approx(1 / 3)  # three days with a value, one held
    assert "| KR1 | 2.4 s (hold ≤ 2 s) | 2 | 2026-10-20, 2026-11-02 | 33% |" in report_markdown(report)
    assert report_dict(report)["key_results"][0]["breaches"] == ["2026-10-20", "2026-11-02"]


@pytest.mark.parametrize("reader", [False, True])
def test_an_index_row_of_an_older_shape_is_rebuilt_not_called_damaged(tmp_path: Any, reader: bool) -> None:
    import json as json_module

    from reviewtui.store import Store
    from reviewtui.store.summaries import SUMMARY_VERSION

    directory = tmp_path / "store"
    with Store.open(directory) as store:
        store.save_quarter(quarter({"baseline": 0, "target": 10, "unit": "deals", "current": 4}))
    index = directory / "index.json"
    data = json_module.loads(index.read_text())
    for row in data["quarters"].values():  # as an older reviewtui wrote it: shorter key result lines
        row["summary_version"] = SUMMARY_VERSION - 1
        row["krs"] = [line[:-2] for line in row["krs"]]
    index.write_text(json_module.dumps(data))
    opened = Store.open_reader(directory) if reader else Store.open(directory)
    with opened as store:
        (summary,) = store.quarters()
        assert summary.krs[0].current == 4 and summary.krs[0].kind is KRKind.INCREASE


def test_risk_becomes_visible_on_a_thresholds_first_breach_and_soon_after_a_milestones_due_date() -> None:
    from reviewtui.domain.timeline import risk_visible

    breached, q = one(kind="stay_above", threshold=80, unit="%", current=85, history=[
        {"date": "2026-10-05", "value": 90}, {"date": "2026-10-19", "value": 75}, {"date": "2026-11-02", "value": 85}])
    assert risk_visible(breached, q, [], DAY_46) == date(2026, 10, 19)  # the breach's own date
    held, _ = one(kind="stay_above", threshold=80, unit="%", current=85, history=[{"date": "2026-10-05", "value": 90}])
    assert risk_visible(held, q, [], DAY_46) is None
    overdue, _ = one(kind="milestone", due="2026-10-20")
    seen = risk_visible(overdue, q, [], DAY_46)
    assert seen is not None and date(2026, 10, 21) <= seen <= date(2026, 10, 27)  # the week it went overdue
    pending, _ = one(kind="milestone", due="2026-12-20")
    assert risk_visible(pending, q, [], DAY_46) is None  # the calendar alone never makes it a risk
