"""The demo's second quarter (Brackwater's FY27 Q3): every kind of key result, written by hand, as a user meets it."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

from reviewtui.app import ReviewApp
from reviewtui.demo import kinds_quarter_and_meetings
from reviewtui.domain.enums import Commitment, KRKind, Status
from reviewtui.domain.importing import parse_quarter_json
from reviewtui.domain.planning import Severity, check_quarter
from reviewtui.domain.progress import holds, standing
from reviewtui.export.report import report_markdown
from reviewtui.format import standing_label
from reviewtui.reporting import build_quarter_report
from reviewtui.store import Store
from reviewtui.widgets.kr_table import KRTable

from .conftest import DEMO_TODAY
from .test_app_home import file_checked

KINDS = "FY27-Q3"


def test_the_second_quarter_holds_every_kind_a_three_level_tree_and_long_titles() -> None:
    quarter, meetings = kinds_quarter_and_meetings(DEMO_TODAY)
    krs = quarter.key_results
    assert all(count >= 2 for count in Counter(kr.measure for kr in krs).values())
    assert set(kr.measure for kr in krs) == set(KRKind)
    parents = {o.id: o.parent for o in quarter.objectives}

    def depth(objective_id: str | None) -> int:
        return 0 if objective_id is None else 1 + depth(parents[objective_id])

    assert max(depth(o.id) for o in quarter.objectives) == 3  # company -> team -> individual
    assert 3 <= sum(o.parent is None for o in quarter.objectives) <= 5
    assert {o.commitment for o in quarter.objectives} == set(Commitment)
    assert sum(len(kr.title) >= 300 for kr in krs) >= 2
    assert any(kr.measure.is_metric and kr.baseline is None for kr in krs)
    assert any(kr.checklist for kr in krs) and any(kr.done for kr in krs)
    assert sum(kr.due is not None for kr in krs) >= 3 and sum(bool(kr.notes) for kr in krs) >= 3
    assert len(meetings) == 2


def test_each_status_reads_as_its_owner_would_say_it() -> None:
    quarter, _ = kinds_quarter_and_meetings(DEMO_TODAY)
    shown = {kr.id: standing_label(standing(kr, quarter, DEMO_TODAY)) for kr in quarter.key_results}
    assert shown["OP-KR4"] == "· to be measured"  # a decrease whose baseline nobody has measured yet
    assert shown["KD-KR2"] == "✗ overdue"  # its due date passed, not done
    assert shown["C2-KR4"] == "✓ done"
    assert shown["WS-KR2"] == "· no data"  # a milestone nobody has stated a confidence for
    assert shown["C2-KR3"] == "▲ at risk (stated)"  # a milestone: the room's stated confidence, not the calendar
    assert shown["KD-KR1"] == "▲ at risk"  # a checklist behind its pace to the due date
    assert shown["OP-KR1"] == "✗ off track" and shown["C1-KR1"] == "✓ on track"
    breaches = {kr.id: [p.date.isoformat() for p in kr.history if not holds(kr, p.value)]
                for kr in quarter.key_results if kr.measure.is_threshold}
    assert breaches == {"C1-KR1": ["2026-10-26"], "OP-KR1": ["2026-11-02", "2026-11-09", "2026-11-16"],
                        "OP-KR2": [], "QA-KR2": []}


def test_the_meeting_records_agree_with_the_plan() -> None:
    """Written by hand, so checked: a value reviewed is a history point of that day, the data's verdict
    recorded is the data's verdict that day, and the confidence a KR keeps is the last one stated."""
    quarter, meetings = kinds_quarter_and_meetings(DEMO_TODAY)
    krs = {kr.id: kr for kr in quarter.key_results}
    stated: dict[str, Status] = {}
    for meeting in meetings:
        assert [r.kr_id for r in meeting.reviews] == meeting.agenda
        for review in meeting.reviews:
            kr = krs[review.kr_id]
            if review.value is not None:
                assert (meeting.held_on, review.value) in [(p.date, p.value) for p in kr.history], review.kr_id
                assert standing(kr, quarter, meeting.held_on, review.value).status == review.data_status
            if review.confidence is not None:
                stated[kr.id] = review.confidence
    assert {kr.id: kr.confidence for kr in krs.values() if kr.confidence is not None} == stated
    actions = [r.next_action.id for m in meetings for r in m.reviews if r.next_action]
    assert len(actions) == len(set(actions))


def test_the_shipped_file_imports_as_written() -> None:
    """The quarter file is the import format, nominal dates and all: a user can read it as an example."""
    raw = resources.files("reviewtui.data").joinpath("demo_kinds_quarter.json").read_bytes()
    quarter = parse_quarter_json(raw)
    assert quarter.id == KINDS and len(quarter.objectives) == 7 and len(quarter.key_results) == 19
    assert json.loads(raw)["start"] == "2026-09-28"


def test_the_plan_passes_the_planning_check_with_only_what_a_coach_would_raise() -> None:
    quarter, _ = kinds_quarter_and_meetings(DEMO_TODAY)
    findings = check_quarter(quarter, DEMO_TODAY)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert {f.subject for f in findings} <= {"OP-KR4", "C2-KR3"}  # never measured; a milestone with no due date


async def test_the_demo_opens_on_ledgerline_and_lists_brackwater_above_it(demo_store: Store) -> None:
    assert [q.id for q in demo_store.quarters()] == [KINDS, "2026-Q4"]
    app = ReviewApp(store=demo_store, today=DEMO_TODAY)
    async with app.run_test(size=(120, 32)) as pilot:
        await file_checked(pilot, "2026-Q4")
        await pilot.press("up")
        await file_checked(pilot, KINDS)
        table = app.screen.query_one(KRTable)
        rows = {table.get_row_at(i)[0].plain: [cell.plain for cell in table.get_row_at(i)]
                for i in range(table.row_count)}
        assert rows["OP-KR4"][1] == "· to be measured" and rows["OP-KR4"][5].startswith("—")
        assert rows["KD-KR2"][1] == "✗ overdue" and rows["KD-KR2"][5] == "not done"
        assert rows["C2-KR4"][1] == "✓ done" and rows["WS-KR2"][1] == "· no data"
        assert rows["KD-KR1"][5].startswith("3") and "5" in rows["KD-KR1"][5]  # 3 of 5 steps done (or 3/5)
        assert rows["OP-KR1"][1] == "✗ off track" and "96" in rows["OP-KR1"][5]


async def test_enter_on_a_threshold_shows_its_notes_and_dated_values(demo_store: Store) -> None:
    from reviewtui.screens.kr_detail import KRDetailScreen
    from reviewtui.widgets.kr_card import KRCard

    app = ReviewApp(store=demo_store, today=DEMO_TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await file_checked(pilot, "2026-Q4")
        await pilot.press("up")
        await file_checked(pilot, KINDS)
        table = app.screen.query_one(KRTable)
        table.focus()
        table.move_cursor(row=next(i for i in range(table.row_count) if table.get_row_at(i)[0].plain == "OP-KR1"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, KRDetailScreen)
        card = app.screen.query_one(KRCard).plain
        assert "95.2 % (hold ≥ 96 %)" in card and "threshold: stay above" in card
        assert "breaches the line: 4 of 7 dated values held" in card
        assert "Notes Weeks 6 to 8" in card and "Needs Finance" in card
        assert "Last review 2026-11-16: 95.2 %" in card


def test_the_report_of_the_second_quarter_says_each_kind_in_its_own_words(demo_store: Store) -> None:
    markdown = report_markdown(build_quarter_report(demo_store, KINDS, DEMO_TODAY))
    for word in ("· to be measured", "✗ overdue", "✓ done", "· no data"):
        assert word in markdown
    assert "2026-11-16-weekly" in markdown and "2026-10-26-weekly" in markdown
    assert "O1-KR1" not in markdown  # one quarter's report, not the other's
    # A threshold and a one-step milestone have no progress to show: their value against the goal stands in.
    assert "| OP-KR1 | 95.2 (≥ 96) | ✗ off track |" in markdown and "| KD-KR2 | not done | ✗ overdue |" in markdown
    assert "| OP-KR4 | no value | · to be measured |" in markdown


def test_the_card_says_a_one_step_milestone_and_a_baseline_to_be_measured_in_words() -> None:
    """No bar to fill for a milestone of one step or a baseline nobody has measured: '— done, pace 100%' said
    nothing; a checklist's last review counts its steps instead of a bare number."""
    from reviewtui.widgets.kr_card import measure_line, value_words

    quarter, _ = kinds_quarter_and_meetings(DEMO_TODAY)
    krs = {kr.id: kr for kr in quarter.key_results}

    def line(kr_id: str) -> str:
        return measure_line(krs[kr_id], quarter, DEMO_TODAY, 30).plain

    assert line("KD-KR2") == "not done, 9 days past its due date"  # due 2026-11-13
    assert line("WS-KR2") == "not done, 26 days left to its due date"
    assert line("C2-KR3") == "not done, 35 days left in the quarter"  # no due date of its own
    assert line("C2-KR4") == "done"
    assert line("OP-KR4") == "baseline to be measured: the first value entered becomes it"
    assert line("KD-KR1").endswith("60% done, pace 82%")  # a checklist keeps its bar, paced to its due date
    assert value_words(krs["KD-KR1"], 3) == "3 of 5 steps done" and value_words(krs["KD-KR2"], 0) == "not done"
    assert value_words(krs["OP-KR1"], 95.2) == "95.2 %"


async def test_a_checklist_shows_the_steps_left_first_so_a_narrow_screen_keeps_them(demo_store: Store) -> None:
    from reviewtui.widgets.kr_card import KRCard

    app = ReviewApp(store=demo_store, today=DEMO_TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await file_checked(pilot, "2026-Q4")
        await pilot.press("up")
        await file_checked(pilot, KINDS)
        table = app.screen.query_one(KRTable)
        table.focus()
        table.move_cursor(row=next(i for i in range(table.row_count) if table.get_row_at(i)[0].plain == "KD-KR1"))
        await pilot.press("enter")
        await pilot.pause()
        steps = next(line for line in app.screen.query_one(KRCard).plain.splitlines() if line.startswith("["))
        assert steps.startswith("[ ] Temperature-mapped and signed off by Quality  [ ] Night shift trained to load it"
                                "  [x] Order placed with the installer")


def test_the_retrospective_says_what_happened_to_a_milestone_in_its_own_words() -> None:
    from reviewtui.domain.retro import retro_facts
    from reviewtui.widgets.kr_card import KRCard

    quarter, meetings = kinds_quarter_and_meetings(DEMO_TODAY)
    krs = {kr.id: kr for kr in quarter.key_results}

    def happened(kr_id: str) -> str:
        facts = retro_facts(krs[kr_id], quarter, meetings, None, DEMO_TODAY)
        return KRCard._retro(facts)[0].plain

    assert "2 What happened 3 of 5 steps done so far (quarter still running): score 0.60" in happened("KD-KR1")
    assert happened("KD-KR2").endswith("2 What happened not done")  # not 'no value': not done is its value
    assert "2 What happened 95.2 % so far" in happened("OP-KR1")
