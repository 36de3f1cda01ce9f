"""`reviewtui meetings` and `reviewtui export` through the real entry point, on a store holding the demo."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtui.demo import actions_after, demo_quarter_and_meetings
from reviewtui.domain.models import ActionItem, Meeting
from reviewtui.store import Store

from .conftest import DEMO_TODAY


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewtui", *map(str, args)], capture_output=True, text=True,
                          timeout=60)


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "store"
    quarter, meetings = demo_quarter_and_meetings(DEMO_TODAY)
    meeting = next(m for m in meetings if m.id == "2026-11-12-weekly")
    # A formula-looking note must not run in a spreadsheet. (Planted before seeding: a record is never edited.)
    meeting.reviews[0].decision.note = "=HYPERLINK(\"http://x\")"
    with Store.open(directory) as store:
        store.save_quarter(quarter)
        for record in meetings:
            store.save_meeting(record)
        store.save_actions(quarter.id, actions_after(meetings))
    return directory


def test_meetings_lists_records_as_json(demo_dir: Path) -> None:
    result = run("meetings", "--json", "--store", demo_dir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["id"], r["kind"], r["state"], r["key_results"]) for r in rows] == [
        ("2026-10-22-weekly", "weekly", "final", 6), ("2026-10-29-monthly", "monthly", "final", 6),
        ("2026-11-12-weekly", "weekly", "final", 8)]


def test_meetings_of_an_unknown_quarter_is_a_usage_error(demo_dir: Path) -> None:
    result = run("meetings", "2019-Q1", "--store", demo_dir)
    assert result.returncode == 2 and "no quarter '2019-Q1'" in result.stderr


def test_export_markdown_json_and_csv(demo_dir: Path, tmp_path: Path) -> None:
    md = run("export", "2026-11-12-weekly", "--store", demo_dir)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Weekly check-in: Q4 2026, 2026-11-12 10:00")
    assert "| O2-KR2 | Cut \\[P1\\] incidents to ≤ 2/month |" in md.stdout

    out = tmp_path / "m.json"
    as_json = run("export", "2026-11-12-weekly", "--format", "json", "-o", out, "--store", demo_dir)
    assert as_json.returncode == 0 and out.exists()
    assert Meeting.model_validate_json(out.read_text()).id == "2026-11-12-weekly"

    as_csv = run("export", "2026-11-12-weekly", "--format", "csv", "--store", demo_dir)
    assert as_csv.returncode == 0
    assert as_csv.stdout.startswith("\ufeff")  # spreadsheets then read UTF-8 correctly
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout.lstrip("\ufeff"))))
    assert len(rows) == 8 and rows[0]["kr_id"] == "O2-KR4"
    assert rows[0]["decision_note"].startswith("'=")  # no formula
    assert rows[0]["value"] == "99.56" and rows[0]["time_spent_s"] == "255"
    # 'escalate' is the summary's own definition: the CSV and the record name the same KRs.
    escalations = md.stdout.split("## Escalations\n")[1].split("##")[0]
    listed = [line[2:].split(":")[0] for line in escalations.splitlines() if line.startswith("- ")]
    assert listed and [row["kr_id"] for row in rows if row["escalate"] == "yes"] == listed
    assert all(row["discussed"] == "yes" for row in rows)  # a full agenda: every KR discussed


def test_export_of_an_unknown_meeting_says_how_to_list_them(demo_dir: Path) -> None:
    result = run("export", "nope", "--store", demo_dir)
    assert result.returncode == 2
    assert result.stderr.strip() == "reviewtui: no meeting 'nope' in the store; list them with: reviewtui meetings"
    assert "Traceback" not in result.stderr


def test_demo_actions_are_as_the_earlier_meetings_left_them(demo_dir: Path) -> None:
    with Store.open(demo_dir) as store:
        actions: list[ActionItem] = store.actions("2026-Q4")
    assert [(a.id, a.status.value, a.opened_in, a.closed_in) for a in actions] == [
        ("A1", "done", "2026-10-22-weekly", "2026-10-29-monthly"),
        ("A2", "dropped", "2026-10-22-weekly", "2026-10-29-monthly"),
        ("A3", "done", "2026-10-22-weekly", "2026-11-12-weekly"),
        ("A4", "open", "2026-10-29-monthly", None),
        *((f"A{n}", "open", "2026-11-12-weekly", None) for n in range(5, 10)),
    ]


def test_an_export_of_a_draft_or_a_discarded_meeting_says_it_is_not_a_record(demo_dir: Path, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from reviewtui.domain.models import MeetingKind
    from reviewtui.domain.review_rules import AgendaOrder
    from reviewtui.session import MeetingPlan, MeetingSession

    with Store.open(demo_dir) as store:
        session = MeetingSession.start(store, MeetingPlan("2026-Q4", MeetingKind.WEEKLY, "Ana Ruiz", [], 180,
                                                          AgendaOrder.RISK_FIRST), datetime(2026, 11, 22, 9, tzinfo=UTC))
        meeting_id = session.meeting.id
    out = tmp_path / "draft.md"
    draft = run("export", meeting_id, "-o", out, "--store", demo_dir)
    assert draft.returncode == 0, draft.stderr
    assert out.read_text().startswith("> **Draft, not a record: the meeting is still open or was never confirmed.**")
    assert f"{meeting_id}: Draft, not a record" in draft.stderr
    as_csv = run("export", meeting_id, "--format", "csv", "--store", demo_dir)
    assert as_csv.returncode == 0 and "Draft, not a record" in as_csv.stderr
    assert "Draft" not in as_csv.stdout  # the rows stay rows
    with Store.open(demo_dir) as store:
        store.discard_draft(store.load_meeting("2026-Q4", meeting_id), "started by mistake",
                            datetime(2026, 11, 22, 9, 5, tzinfo=UTC))
    discarded = run("export", meeting_id, "--store", demo_dir)
    assert discarded.stdout.startswith("> **Discarded, not a record")
    record = run("export", "2026-11-12-weekly", "--store", demo_dir)
    assert record.stdout.startswith("# Weekly") and record.stderr == ""
