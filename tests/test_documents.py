"""One document per report, one format module: every renderer says the same thing in the same words.

Each test here pins a disagreement that existed between two renderers (or between a count and its list),
and fails on the code before the document model: 1:31 against 1:30, "until" against "→", an `escalate`
column saying no for an escalation, a KR with a typed value counted as deferred without discussion.
"""

from __future__ import annotations

import re

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from reviewtui.domain.analytics import quarter_report
from reviewtui.domain.models import (
    ActionItem, Decision, DecisionKind, KRReview, Meeting, MeetingKind, Quarter, Retirement, Status, TargetChange,
)
from reviewtui.domain.summary import has_entry, is_escalated, summarize, was_discussed
from reviewtui.domain.enums import OutcomeBand
from reviewtui.export.meeting import meeting_csv, meeting_document, meeting_json, meeting_markdown
from reviewtui.export.report import report_dict, report_lines, report_markdown, report_renderable
from reviewtui.export.terminal import band_text, status_text, to_rich
from reviewtui.format import band_label, duration, number, quantity, status_label
from reviewtui.widgets.countdown import clock_text

from .test_analytics import AFTER, build_actions, build_meetings, build_quarter, day

AT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
REVISIT = date(2026, 11, 29)


def text_of(renderable: RenderableType, width: int = 160) -> str:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


# --- the format module ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (59.4, "0:59"), (59.5, "1:00"), (90.5, "1:31"),
                                                (91.5, "1:32"), (-90.5, "1:31"), (3665, "61:05")])
def test_a_duration_rounds_half_a_second_up_everywhere(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown and clock_text(seconds) == shown


@pytest.mark.parametrize(("value", "shown"), [(60, "60"), (60.0, "60"), (2.72, "2.72"), (99.56, "99.56"),
                                              (0.1 + 0.2, "0.3"), (1_250_000, "1250000"), (-3.5, "-3.5")])
def test_a_number_reads_as_people_write_it(value: float, shown: str) -> None:
    assert number(value) == shown
    assert quantity(value, "points") == f"{shown} points" and quantity(None, "points", "none") == "none"


def test_a_status_and_a_band_are_one_glyph_and_word_in_every_renderer() -> None:
    for status in (*Status, None):
        assert status_text(status).plain == status_label(status)
    assert [status_label(s) for s in (*Status, None)] == ["✓ on track", "▲ at risk", "✗ off track", "· no value"]
    assert [band_label(b) for b in (*OutcomeBand, None)] == ["✗ missed", "◐ partial", "✓ target", "★ stretch",
                                                             "· no value"]
    assert band_text(OutcomeBand.STRETCH).plain == "★ stretch"


@pytest.mark.speed_guard
def test_the_format_module_loads_neither_rich_textual_nor_the_models() -> None:
    code = ("import sys, reviewtui.format; "
            "print(sorted(m for m in ('rich', 'textual', 'pydantic') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- the meeting record and the summary screen: one document --------------------------------------------

def quarter() -> Quarter:
    return Quarter.model_validate({
        "quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31", "objectives": [{
            "id": "O1", "title": "Grow", "owner": "Ana Ruiz", "key_results": [
                {"id": f"K{n}", "title": f"Key result {n}", "owner": "Ana Ruiz", "unit": "points",
                 "baseline": 0, "target": 100, "current": 50} for n in range(1, 6)]}]})


def decision(kind: DecisionKind, note: str = "", revisit_on: date | None = None) -> Decision:
    return Decision(kind=kind, note=note, at=AT, revisit_on=revisit_on)


def a_meeting(reviews: list[KRReview], kind: MeetingKind = MeetingKind.WEEKLY) -> Meeting:
    return Meeting(id="2026-11-22-weekly", quarter_id="2026-Q4", kind=kind, facilitator="Ana Ruiz",
                   started_at=AT, agenda=[r.kr_id for r in reviews], reviews=reviews)


def ended_early() -> Meeting:
    """K1 discussed and escalated by decision alone; K2 typed (value and blocker) before the early end; K3 and
    K4 deferred with nothing typed; K5 overran by 90.5 s."""
    bulk = decision(DecisionKind.DEFER, "Out of time today", REVISIT)
    return a_meeting([
        KRReview(kr_id="K1", value=40, evidence="40 in the dashboard", blocker="No budget",
                 decision=decision(DecisionKind.ESCALATE, "Budget to the CFO"), time_spent_s=100),
        KRReview(kr_id="K2", value=55, blocker="Vendor late", decision=bulk, deferred_unreviewed=True),
        KRReview(kr_id="K3", decision=bulk, deferred_unreviewed=True),
        KRReview(kr_id="K4", decision=bulk, deferred_unreviewed=True),
        KRReview(kr_id="K5", value=60, evidence="60 in report.csv", decision=decision(DecisionKind.CONTINUE),
                 time_spent_s=270.5, timebox_s=180),
    ])


def record_and_screen(meeting: Meeting) -> tuple[str, str]:
    """The Markdown record, and the summary screen's text (the same document, rendered for a terminal)."""
    report = summarize(meeting, quarter(), [])
    document = meeting_document(meeting, quarter(), report)
    return meeting_markdown(meeting, quarter(), report), text_of(to_rich(document))


def test_a_kr_with_anything_typed_was_discussed_and_the_count_is_its_list() -> None:
    """Issue 10 item 6: '3 deferred without discussion' above a list of 2, and a typed KR counted as such."""
    meeting = ended_early()
    k2 = meeting.review_of("K2")
    assert k2 is not None and has_entry(k2) and was_discussed(k2)
    report = summarize(meeting, quarter(), [])
    assert report.deferred_unreviewed == ["K3", "K4"] and report.discussed == 3 and report.ended_early
    record, screen = record_and_screen(meeting)
    line = "Ended early: 2 key results deferred without discussion (K3, K4), until 2026-11-29: Out of time today"
    assert f"- {line}" in record and line in screen
    assert "Key results discussed: 3 of 5; decisions logged: 5" in record
    assert re.search(r"\| K2 \| Key result 2 \| Ana Ruiz \| 55 points \|  \| [^|]* \| defer until 2026-11-29 \|",
                     record)  # a row: discussed
    rows = {row["kr_id"]: row for row in csv.DictReader(io.StringIO(meeting_csv(meeting, quarter()).lstrip("\ufeff")))}
    assert [k for k, row in rows.items() if row["discussed"] == "no"] == report.deferred_unreviewed
    stored = json.loads(meeting_json(meeting))
    assert [r["kr_id"] for r in stored["reviews"] if r["deferred_unreviewed"]] == report.deferred_unreviewed


def test_escalated_is_one_definition_for_the_summary_the_record_and_the_csv() -> None:
    """Issue 10 item 9: the CSV's escalate column said 'no' for a KR decided escalate without the toggle."""
    meeting = ended_early()
    report = summarize(meeting, quarter(), [])
    assert report.escalations == ["K1"]
    rows = list(csv.DictReader(io.StringIO(meeting_csv(meeting, quarter()).lstrip("\ufeff"))))
    assert [row["kr_id"] for row in rows if row["escalate"] == "yes"] == report.escalations
    record, screen = record_and_screen(meeting)
    assert "- K1: No budget; Budget to the CFO" in record.split("## Escalations")[1].split("##")[0]  # what goes up
    assert "**K1**: evidence: 40 in the dashboard; blocker: No budget **(escalated)**" in record
    assert "K1: evidence: 40 in the dashboard; blocker: No budget (escalated)" in screen
    typed_only = KRReview(kr_id="K3", escalate=True, decision=decision(DecisionKind.DEFER), deferred_unreviewed=True)
    assert is_escalated(typed_only)  # the toggle was typed: discussed, and escalated


def test_text_typed_that_did_not_read_yet_was_discussed_too() -> None:
    half_typed = KRReview(kr_id="K3", unread={"value": "85e2"}, decision=decision(DecisionKind.DEFER),
                          deferred_unreviewed=True)
    assert has_entry(half_typed) and was_discussed(half_typed)
    untouched = KRReview(kr_id="K4", decision=decision(DecisionKind.DEFER), deferred_unreviewed=True)
    assert not has_entry(untouched) and not was_discussed(untouched) and not is_escalated(untouched)


def test_a_deferral_and_a_duration_read_the_same_on_the_screen_and_in_the_record() -> None:
    """'defer until' on both (the screen said '→'), and 90.5 s over is 1:31 on both (the record said 1:30)."""
    meeting = a_meeting([
        KRReview(kr_id="K1", evidence="evidence 1", decision=decision(DecisionKind.DEFER, "Owner away", REVISIT)),
        KRReview(kr_id="K5", value=60, evidence="60 in report.csv", decision=decision(DecisionKind.CONTINUE),
                 time_spent_s=270.5, timebox_s=180),
    ])
    record, screen = record_and_screen(meeting)
    for shown in (record, screen):
        assert "defer until 2026-11-29" in shown and "→" not in shown
        assert "K5: 1:31 over" in shown and "Time used: 4:31 of 6:00 planned" in shown


def test_no_empty_table_header_when_a_meeting_opened_no_actions() -> None:
    """Issue 10 item 13: an empty 'Action items' table header was written when there were none."""
    record, screen = record_and_screen(a_meeting([KRReview(kr_id="K1", decision=decision(DecisionKind.CONTINUE))]))
    section = record.split("## New action items")[1].split("##")[0]
    assert section.strip() == "none" and "| Id |" not in record
    assert "New action items\nnone" in screen
    with_action = a_meeting([KRReview(kr_id="K1", decision=decision(DecisionKind.CONTINUE), next_action=ActionItem(
        id="A1", kr_id="K1", text="Call Ben", owner="Ben Ode", due=REVISIT, opened_in="2026-11-22-weekly"))])
    assert "| A1 | K1 | Call Ben | Ben Ode | 2026-11-29 |" in record_and_screen(with_action)[0]


def test_a_meeting_without_a_timer_is_not_recorded_against_a_plan() -> None:
    """Issue 10 item 13: a 1:1 prep without timer was recorded as '0:31 of 15:00 planned'."""
    meeting = a_meeting([KRReview(kr_id="K1", decision=decision(DecisionKind.CONTINUE), time_spent_s=31)])
    meeting.timed = False
    record, screen = record_and_screen(meeting)
    assert "Time spent: 0:31 (no timer)" in record and "planned" not in record
    assert "Time spent: 0:31 (no timer)" in screen


def test_an_adjusted_target_says_where_it_moves() -> None:
    moved = Decision(kind=DecisionKind.ADJUST_TARGET, note="Scope cut by the board", at=AT, new_target=80)
    record, screen = record_and_screen(a_meeting([KRReview(kr_id="K1", decision=moved)]))
    assert "adjust target to 80 points" in record and "adjust target to 80 points" in screen


# --- the quarter report: goalposts wherever a score shows -------------------------------------------------

def moved_quarter() -> Quarter:
    """The analytics quarter with SILENT's target moved from 120 to 100 and NOVALUE dropped."""
    data = build_quarter().model_dump(mode="json", by_alias=True)
    krs = {kr["id"]: kr for objective in data["objectives"] for kr in objective["key_results"]}
    krs["SILENT"]["target_history"] = [TargetChange(on=day(52), from_target=120, to_target=100, meeting="M08",
                                                    reason="scope cut").model_dump(mode="json")]
    krs["NOVALUE"]["dropped"] = Retirement(on=day(66), meeting="M10", reason="replaced by a retention KR"
                                           ).model_dump(mode="json")
    return Quarter.model_validate(data)


MOVED = "target moved from 120 to 100 % on 2025-02-26 by M08: scope cut"
DROPPED = "dropped 2025-03-12: replaced by a retention KR"


@pytest.fixture(scope="module")
def moved_report():
    return quarter_report(moved_quarter(), build_meetings(), build_actions(), AFTER)


def test_moved_goalposts_show_wherever_the_report_shows_a_score(moved_report) -> None:
    md = report_markdown(moved_report)
    silent = md.split("## Silent misses")[1].split("## Status rounds")[0]
    assert f"| SILENT | 50% | ✗ missed | ◐ partial | 2025-01-29 | {MOVED} |" in silent
    assert "NOVALUE" not in silent  # dropped: decided on, not missed
    key_results = md.split("## Key results")[1].split("## Key result histories")[0]
    assert MOVED in key_results and DROPPED in key_results
    histories = md.split("### SILENT")[1].split("```")[0]
    assert f"- {MOVED}" in histories
    kr_lines = {line.split("\t")[1]: line for line in report_lines(moved_report) if line.startswith("kr\t")}
    assert MOVED in kr_lines["SILENT"].split("\t") and DROPPED in kr_lines["NOVALUE"].split("\t")
    terminal = text_of(report_renderable(moved_report), width=400)
    assert MOVED in terminal and DROPPED in terminal


def test_moved_goalposts_are_fields_in_the_json(moved_report) -> None:
    report = report_dict(moved_report)
    krs = {k["id"]: k for k in report["key_results"]}
    assert krs["SILENT"]["target"] == 100 and krs["SILENT"]["original_target"] == 120
    assert krs["SILENT"]["target_history"] == [{"on": "2025-02-26", "from_target": 120, "to_target": 100,
                                                "meeting": "M08", "reason": "scope cut"}]
    assert krs["NOVALUE"]["dropped"] == {"on": "2025-03-12", "meeting": "M10", "reason": "replaced by a retention KR"}
    assert krs["LAG"]["target_history"] == [] and krs["LAG"]["dropped"] is None
    assert krs["LAG"]["original_target"] == 100
    silent = {m["kr_id"]: m for m in report["silent_misses"]}
    assert set(silent) == {"SILENT"} and silent["SILENT"]["original_target"] == 120
    assert silent["SILENT"]["target_history"][0]["meeting"] == "M08"


def test_the_report_screen_table_is_the_documents(tmp_path: Path) -> None:
    """The per-KR table on screen is drawn from the same cells as the report (no second copy of the columns)."""
    from reviewtui.export.report import key_results_table
    from reviewtui.export.terminal import terminal_columns

    table = key_results_table(quarter_report(moved_quarter(), build_meetings(), build_actions(), AFTER))
    shown = [table.columns[i].key for i in terminal_columns(table)]
    assert shown[:3] == ["kr", "progress", "status"] and "goalposts" in shown and shown[-1] == "title"
    empty = key_results_table(quarter_report(build_quarter(), build_meetings(), build_actions(), AFTER))
    assert "goalposts" not in [empty.columns[i].key for i in terminal_columns(empty)]  # nothing moved: no column
