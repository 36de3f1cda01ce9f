"""One meeting driven through every decision kind: the summary, the Markdown/CSV/JSON record, the quarter
report and the home screen's index agree on every date, count and decision, and each decision took effect.
Domain and store only (no screen): the session is what the review screen drives."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

from reviewtui.domain.analytics import quarter_report
from reviewtui.domain.enums import DecisionKind
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.meeting_kinds import FormField
from reviewtui.domain.models import MeetingKind, MeetingState
from reviewtui.domain.review_entry import ReviewEntry
from reviewtui.domain.review_rules import AgendaOrder, build_agenda
from reviewtui.export.meeting import meeting_csv, meeting_json, meeting_markdown
from reviewtui.export.report import report_dict, report_markdown
from reviewtui.session import MeetingPlan, MeetingSession, final_meetings
from reviewtui.store import Store

NOW = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
HELD = NOW.date()
KINDS = list(DecisionKind)  # one KR per decision kind, K1..K8 in this order


def plan() -> dict:
    krs = [{"id": f"K{i}", "title": f"Key result {i} [b]not markup[/b]", "owner": "Ana Ruiz", "unit": "points",
            "baseline": 0, "target": 100, "current": 30, "evidence_source": "dashboard"}
           for i in range(1, len(KINDS) + 1)]
    return {"quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31",
            "objectives": [{"id": "O1", "title": "Everything", "owner": "Ana Ruiz", "key_results": krs}]}


def entry_for(kind: DecisionKind, index: int) -> ReviewEntry:
    typed = {"value": str(20 + index), "evidence": f"{20 + index} points in export-{index}.csv",
             "decision": kind, "note": f"because reason number {index} says something"}
    if kind in (DecisionKind.ESCALATE, DecisionKind.REMOVE_BLOCKER):
        typed["blocker"] = f"blocked by vendor contract {index}"
    if kind is DecisionKind.ESCALATE:
        typed["escalate"] = True
    if kind is DecisionKind.ADJUST_TARGET:
        typed["new_target"] = "80"
    if kind is DecisionKind.DEFER:
        typed["revisit"] = "2026-11-26"
    if kind is DecisionKind.CONTINUE:
        typed.update(action_text="Call the three biggest accounts", action_owner="Ben Ode", action_due="2026-11-19")
    return ReviewEntry(asks=frozenset(FormField), **typed)  # type: ignore[arg-type]


def test_every_decision_kind_reads_the_same_everywhere_and_takes_effect(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        store.save_quarter(validate_quarter(plan()))
        session = MeetingSession.start(
            store, MeetingPlan("2026-Q4", MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES), NOW)
        for index, kind in enumerate(KINDS, 1):
            assert session.apply(f"K{index}", entry_for(kind, index), NOW) == []
            assert session.missing(f"K{index}") == [], (kind, session.missing(f"K{index}"))
        summary = session.report()
        session.finish(NOW)
        meeting, quarter = session.meeting, store.load_quarter("2026-Q4")
        assert meeting.state is MeetingState.FINAL

        # -- the record, in every format ------------------------------------------------------------------
        markdown = meeting_markdown(meeting, quarter, summary)
        rows = {row["kr_id"]: row for row in csv.DictReader(io.StringIO(meeting_csv(meeting, quarter).lstrip("\ufeff")))}
        stored = {r["kr_id"]: r for r in json.loads(meeting_json(meeting))["reviews"]}
        for index, kind in enumerate(KINDS, 1):
            kr_id = f"K{index}"
            assert rows[kr_id]["decision"] == stored[kr_id]["decision"]["kind"] == kind.value
            assert rows[kr_id]["value"] == str(20 + index) and stored[kr_id]["value"] == 20 + index
            assert rows[kr_id]["discussed"] == "yes"
            assert rows[kr_id]["date"] == HELD.isoformat()
        assert "Key result 3 \\[b\\]not markup\\[/b\\]" in markdown  # escaped for Markdown, never dropped
        # escalations: one definition for the summary, the CSV and the report
        escalated_csv = sorted(k for k, row in rows.items() if row["escalate"] == "yes")
        assert summary.escalations == escalated_csv == ["K2"]
        assert summary.decided == summary.discussed == len(KINDS) and summary.deferred_unreviewed == []
        # the deferral: the same date in the summary, the CSV, the JSON and the Markdown
        assert rows["K8"]["revisit_on"] == stored["K8"]["decision"]["revisit_on"] == "2026-11-26"
        assert "defer until 2026-11-26" in markdown
        # one new action, the same everywhere
        assert [a.kr_id for a in summary.new_actions] == ["K1"]
        assert [(a.kr_id, a.owner, a.due) for a in store.actions("2026-Q4")] == [("K1", "Ben Ode", date(2026, 11, 19))]
        assert rows["K1"]["next_action"] == "Call the three biggest accounts" and rows["K1"]["action_due"] == "2026-11-19"

        # -- the decisions took effect -----------------------------------------------------------------------
        krs = {kr.id: kr for kr in quarter.key_results}
        assert all(krs[f"K{i}"].current == 20 + i for i in range(1, len(KINDS) + 1))
        assert krs["K6"].target == 80 and krs["K6"].original_target == 100
        assert krs["K6"].target_history[0].on == HELD and krs["K6"].target_history[0].meeting == meeting.id
        assert krs["K7"].dropped is not None and krs["K7"].dropped.on == HELD
        assert "K7" not in build_agenda(quarter, HELD, AgendaOrder.OBJECTIVES)  # retired from later agendas
        lines = {line.id: line for line in store.quarters()[0].krs}  # what the home screen shows
        assert lines["K7"].dropped_on == HELD.isoformat() and lines["K6"].target == 80
        assert all(lines[k].current == krs[k].current for k in krs)

        # -- the quarter report agrees ---------------------------------------------------------------------------
        records = final_meetings(store, "2026-Q4")
        report = quarter_report(quarter, records, store.actions("2026-Q4"), date(2026, 11, 13))
        figures = {k.kr.id: k for k in report.krs}
        for index, kind in enumerate(KINDS, 1):
            assert figures[f"K{index}"].decisions == {kind: 1}
            assert figures[f"K{index}"].reviews == 1
        assert [k for k, f in figures.items() if f.escalations] == ["K2"]
        assert figures["K2"].first_escalated_on == HELD
        assert "K7" not in [k.kr.id for k in report.heading_for_silent_miss]  # a dropped KR is not a miss
        document = report_dict(report)
        json_krs = {k["id"]: k for k in document["key_results"]}
        assert json_krs["K6"]["target"] == 80 and json_krs["K6"]["original_target"] == 100
        assert json_krs["K7"]["dropped"]["on"] == HELD.isoformat()
        assert [m["meeting_id"] for m in document["meetings"]] == [meeting.id]
        text = report_markdown(report)
        assert f"target moved from 100 to 80 points on {HELD} by {meeting.id}" in text
        assert f"dropped {HELD}" in text
