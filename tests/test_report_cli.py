"""`reviewtui report` through the real entry point, on a hand-built store and on the demo; the renderers in-process."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from reviewtui.demo import seed_demo
from reviewtui.domain.analytics import quarter_report
from reviewtui.export.report import report_json, report_lines, report_markdown, report_renderable
from reviewtui.store import Store

from .test_analytics import AFTER, TITLE_WITH_MARKUP, build_actions, build_meetings, build_quarter, day

ANSI = re.compile(r"\x1b\[|\x9b")
ESCAPED_TITLE = r"Q3 \[/\] revenue \[@click=app.quit\]x\[/\]"


def run(*args: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"REVIEWTUI_STORE", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}}
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run([sys.executable, "-m", "reviewtui", "report", *map(str, args)], capture_output=True,
                            text=True, encoding="utf-8", env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The records of test_analytics in a real store (the quarter is long over, whatever today is)."""
    directory = tmp_path_factory.mktemp("report") / "store"
    with Store.open(directory) as store:
        store.save_quarter(build_quarter(act_title=TITLE_WITH_MARKUP))
        for meeting in build_meetings():
            store.save_meeting(meeting)
        store.save_actions("2025-Q1", build_actions())
    return directory


def test_json_holds_the_figures_known_by_hand(built_dir: Path) -> None:
    result = run("2025-Q1", "--json", "--store", built_dir)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    krs = {k["id"]: k for k in report["key_results"]}
    assert (krs["LAG"]["risk_visible_on"], krs["LAG"]["first_escalated_on"]) == ("2025-01-22", "2025-02-12")
    assert (krs["LAG"]["lag_days"], krs["LAG"]["lag_weeks"]) == (21, 3.0)
    assert krs["LOWER"]["lower_is_better"] is True and krs["LOWER"]["band"] == "partial"
    assert krs["ACT"]["band"] == "stretch" and krs["NOVALUE"]["band"] is None
    assert krs["LAG"]["decisions"] == {"continue": 2, "escalate": 1}
    assert krs["LAG"]["weekly_status"][2:4] == ["at_risk", "off_track"]
    assert report["state"] == "over" and report["day"] == 70
    assert [m["kr_id"] for m in report["silent_misses"]] == ["SILENT", "NOVALUE"]
    assert report["heading_for_silent_miss"] == []
    assert report["status_rounds"]["by_kr"] == {"SILENT": 2, "LOWER": 1}
    assert [(r["meeting_id"], r["kr_id"], r["decision"]) for r in report["status_rounds"]["rounds"]] == [
        ("M08", "LOWER", "continue"), ("M08", "SILENT", "defer"), ("M10", "SILENT", "continue")]
    teams = {t["key"]: (t["done"], t["total"], t["pending"], t["share"]) for t in report["follow_through"]["by_team"]}
    assert teams == {"Growth": (3, 4, 0, 0.75), "Ops": (0, 1, 0, 0.0), "(no team)": (0, 1, 2, 0.0)}
    assert [(o["kr_id"], o["decision"], o["recovered_by_next"], o["recovered_by_end"])
            for o in report["decision_outcomes"]] == [("LOWER", "add_support", False, False),
                                                      ("LAG", "escalate", True, False),
                                                      ("LOWER", "adjust_target", None, False)]
    assert report["meeting_totals"] == {"meetings": 5, "planned_s": 2160.0, "used_s": 1790.0, "overruns": 4,
                                        "overrun_s": 220.0, "ended_early": 1}
    assert [(w["week"], w["on_track"], w["at_risk"], w["off_track"], w["no_value"]) for w in report["weeks"]][3] == (
        4, 0, 1, 2, 2)
    assert krs["ACT"]["title"] == TITLE_WITH_MARKUP


def test_markdown_has_the_sections_in_order_charts_and_escaped_titles(built_dir: Path) -> None:
    result = run("2025-Q1", "--md", "--store", built_dir)
    assert result.returncode == 0, result.stderr
    md = result.stdout
    sections = ["# Accountability report", "## Silent misses", "## Status rounds", "## Decision outcomes",
                "## Follow-through", "### Per meeting", "### Per team", "## Meeting discipline",
                "## Quarter overview", "## Key results", "## Key result histories"]
    positions = [md.index(section) for section in sections]
    assert positions == sorted(positions)
    assert "## Heading for a silent miss" not in md  # the quarter is over: real misses only
    overview = md[md.index("## Quarter overview"):md.index("## Key results")]
    assert "```text\nweek  1  2025-01-06  ✓✓··· " in overview
    histories = md[md.index("## Key result histories"):]
    assert "### LAG" in histories  # ended at 95%: missed, a finding
    chart = histories[histories.index("### SILENT"):].split("```")[1]
    assert "┤" in chart and "· pace 0 → 100" in chart and "╌ target 100" in chart
    assert ESCAPED_TITLE in md and TITLE_WITH_MARKUP not in md
    assert "| **total** |  |  |  | 29:50 | 36:00 | 4 | 3:40 | 1 |" in md


def test_piped_output_is_plain_lines_with_literal_titles(built_dir: Path) -> None:
    result = run("2025-Q1", "--store", built_dir)
    assert result.returncode == 0, result.stderr
    assert not ANSI.search(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:2] == ["quarter", "2025-Q1"]
    assert [line.split("\t")[1] for line in lines if line.startswith("silent_miss\t")] == ["SILENT", "NOVALUE"]
    act = next(line for line in lines if line.startswith("kr\tACT\t"))
    assert act.endswith("\t" + TITLE_WITH_MARKUP)
    assert "kr\tLAG\t95%\toff_track\tpartial\t✓✓▲✗✗✗✗✓▲✗\t2025-01-22\t2025-02-12\t21\t" in result.stdout


def test_unknown_quarter_is_one_line_and_exit_2(built_dir: Path) -> None:
    result = run("2019-Q1", "--store", built_dir)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["reviewtui: no quarter '2019-Q1' in the store (it has: 2025-Q1)"]


def test_no_store_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    result = run("--store", tmp_path / "typo")
    assert result.returncode == 2 and "no reviewtui store" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_json_and_md_together_are_refused(built_dir: Path) -> None:
    result = run("--json", "--md", "--store", built_dir)
    assert result.returncode == 2 and "not allowed with" in result.stderr


def test_a_store_held_by_a_meeting_still_answers_as_of_its_last_save(built_dir: Path) -> None:
    with Store.open(built_dir):  # a writer (a meeting) holds the store: a reader needs no lock
        result = run("2025-Q1", "--store", built_dir)
    assert result.returncode == 0 and result.stdout.startswith("quarter\t2025-Q1\t")
    assert "as of the last save" in result.stderr


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """The demo, dated so that today (which the command judges by) is its usual mid-quarter day."""
    directory = tmp_path / "demo"
    with Store.open(directory) as store:
        seed_demo(store, date.today())
    return directory


def test_demo_report_as_json(demo_dir: Path) -> None:
    result = run("--json", "--store", demo_dir)  # the default quarter: the one containing today
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    def day(days_ago: int) -> str:
        return (date.today() - timedelta(days=days_ago)).isoformat()

    assert report["state"] == "running" and report["silent_misses"] == []
    assert [m["meeting_id"] for m in report["meetings"]] == [f"{day(31)}-weekly", f"{day(24)}-monthly",
                                                             f"{day(10)}-weekly"]
    krs = {k["id"]: k for k in report["key_results"]}
    assert krs["O2-KR4"]["first_escalated_on"] == day(10) and krs["O2-KR4"]["lag_days"] == 15
    assert krs["O4-KR3"]["first_escalated_on"] == day(24) and krs["O4-KR3"]["lag_days"] == 15
    assert [(r["kr_id"], r["decision"]) for r in report["status_rounds"]["rounds"]] == [("O2-KR4", "continue"),
                                                                                       ("O3-KR3", "defer")]
    assert "O2-KR4" not in {m["kr_id"] for m in report["heading_for_silent_miss"]}  # escalated
    assert "O3-KR3" in {m["kr_id"] for m in report["heading_for_silent_miss"]}
    # A1 done by its KR's next review; A2 dropped; A3 not done by the next review (done late, later).
    assert [(f["done"], f["total"], f["pending"]) for f in report["follow_through"]["by_meeting"]] == [
        (1, 3, 0), (0, 1, 0), (0, 0, 5)]
    assert krs["O1-KR1"]["actions"]["done_late"] == 1
    recovered = {(o["kr_id"], o["decision"]): o["recovered_by_end"] for o in report["decision_outcomes"]}
    assert recovered[("O1-KR2", "add_support")] is True and recovered[("O4-KR3", "escalate")] is False
    assert report["status_counts"] == {"on_track": 10, "at_risk": 5, "off_track": 4, "no_value": 1}


def test_demo_report_as_markdown(demo_dir: Path) -> None:
    result = run("--md", "--store", demo_dir)
    assert result.returncode == 0, result.stderr
    assert "## Heading for a silent miss" in result.stdout and "## Silent misses" not in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("| O2-KR2 |"))
    assert row.endswith("| Marcus Bell | Cut \\[P1\\] incidents to ≤ 2/month |")  # the title last, escaped
    assert "### O2-KR4: Raise 30-day API availability" in result.stdout and "┊ today" in result.stdout


# --- the renderers in-process -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report():
    quarter = build_quarter(act_title=TITLE_WITH_MARKUP)
    return quarter_report(quarter, build_meetings(), build_actions(), AFTER)


def test_terminal_rendering_shows_user_text_literally(report) -> None:
    console = Console(file=io.StringIO(), width=200, record=True, color_system=None)
    console.print(report_renderable(report))
    text = console.export_text()
    assert TITLE_WITH_MARKUP in text
    sections = ["Silent misses", "Status rounds", "Decision outcomes", "Follow-through", "Meeting discipline",
                "Quarter overview", "Key results"]
    positions = [text.index(section) for section in sections]
    assert positions == sorted(positions)
    assert "✗ off track" in text and "21 d (3 wk)" in text


def test_plain_lines_have_no_empty_section_markers(report) -> None:
    kinds = [line.split("\t")[0] for line in report_lines(report)]
    assert kinds[0] == "quarter" and kinds.count("meeting") == 5 and kinds.count("week") == 10
    assert kinds.count("kr") == 5 and kinds.count("decision_outcome") == 3 and kinds.count("status_round") == 3


def test_markdown_charts_only_the_key_results_that_need_attention(report) -> None:
    md = report_markdown(report)
    charted = re.findall(r"^### (\S+):", md, flags=re.MULTILINE)
    assert charted == ["LAG", "SILENT", "LOWER", "ACT"]  # NOVALUE has nothing to draw
    assert "NOVALUE needs attention with no value yet; the other 0 are in the table above" in md


@pytest.mark.parametrize("today", [day(-5), day(30), day(100)])
def test_every_form_renders_a_quarter_without_meetings_or_key_results(today: date) -> None:
    empty = build_quarter().model_copy(update={"objectives": [build_quarter().objectives[0].model_copy(
        update={"key_results": []})]})
    report = quarter_report(empty, [], [], today)
    state = json.loads(report_json(report))["state"]
    assert state == {day(-5): "not_started", day(30): "running", day(100): "over"}[today]
    assert "No final meetings yet." in report_markdown(report)
    assert report_lines(report)[0].startswith("quarter\t2025-Q1\t")
    console = Console(file=io.StringIO(), width=80, record=True)
    console.print(report_renderable(report))
    assert "0 final meetings;" in console.export_text()
