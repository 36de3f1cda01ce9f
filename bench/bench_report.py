"""How long `reviewtui report` takes on a store of 8 quarters x 500 KRs x 13 final meetings.

Run by hand:  /work/venv/bin/python bench/bench_report.py [--repeat 5]

Setup (not measured): a real store in a temp dir built with bench_store_save's build_quarter and
build_meeting, with work for the analytics added: every KR gets a weekly history (13 points, some KRs
falling behind pace), every meeting's 40 reviews get values, confidences, escalations, changing decisions,
status rounds, overruns and next actions, and those actions are closed (done, late, dropped) or left open.
Measured, for the newest quarter that is over (so all its weeks and meetings count):
  `reviewtui report QUARTER --json` and `--md` as subprocesses (median of N): interpreter start-up, opening
  the store, loading the quarter, its meetings and actions, the analytics and the rendering;
  quarter_report() alone, in-process (median of N).
Target: each command under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store_save import MEETINGS_PER_QUARTER, QUARTERS, build_meeting, build_quarter

from reviewtui.domain.analytics import quarter_report
from reviewtui.domain.models import (
    ActionItem, ActionStatus, Decision, DecisionKind, HistoryPoint, Meeting, MeetingState, Quarter, Status,
)
from reviewtui.domain.progress import suggested_status
from reviewtui.export.report import report_json, report_markdown
from reviewtui.store import Store

TARGET_S = 2.0
WEEKS = 13


def with_history(quarter: Quarter) -> Quarter:
    """Weekly values for every KR: most keep pace, every third falls behind, every seventh stalls."""
    objectives = []
    for o, objective in enumerate(quarter.objectives):
        krs = []
        for k, kr in enumerate(objective.key_results):
            reach = 0.35 if (o + k) % 7 == 0 else 0.7 if (o + k) % 3 == 0 else 1.05
            history = [HistoryPoint(date=min(quarter.start + timedelta(days=7 * w + 6), quarter.end),
                                    value=kr.baseline + (kr.target - kr.baseline) * reach * (w + 1) / WEEKS)
                       for w in range(WEEKS)]
            krs.append(kr.model_copy(update={"history": history, "current": history[-1].value}))
        objectives.append(objective.model_copy(update={"key_results": krs}))
    return quarter.model_copy(update={"objectives": objectives})


def value_on(quarter: Quarter, kr_id: str, day: date) -> float | None:
    kr = next(k for k in quarter.key_results if k.id == kr_id)
    known = [p.value for p in kr.history if p.date <= day]
    return known[-1] if known else None


def enrich(meeting: Meeting, quarter: Quarter, number: int) -> Meeting:
    """Values, confidences, varied decisions, escalations, overruns and a next action on every fourth KR."""
    krs = {kr.id: kr for kr in quarter.key_results}
    day = meeting.held_on
    reviews = []
    for i, review in enumerate(meeting.reviews):
        value = value_on(quarter, review.kr_id, day)
        measured = krs[review.kr_id].model_copy(update={"current": value})
        status = suggested_status(measured, quarter, day)
        kind = DecisionKind.CONTINUE
        if status is Status.OFF_TRACK:
            kind = [DecisionKind.ESCALATE, DecisionKind.ADD_SUPPORT, DecisionKind.CONTINUE, DecisionKind.DEFER][i % 4]
        elif status is Status.AT_RISK:
            kind = [DecisionKind.REMOVE_BLOCKER, DecisionKind.CONTINUE, DecisionKind.ADJUST_TARGET][i % 3]
        decision = Decision(kind=kind, note="why, in a sentence", decided_by="Ana Ruiz", at=meeting.started_at,
                            revisit_on=day + timedelta(days=7) if kind is DecisionKind.DEFER else None)
        action = None
        if i % 4 == 0:
            action = ActionItem(id=f"A{number}-{i}", kr_id=review.kr_id, text="Follow up with the data team",
                                owner="Bo Chen", due=day + timedelta(days=5), opened_in=meeting.id)
        reviews.append(review.model_copy(update={
            "value": value, "confidence": status, "decision": decision, "next_action": action,
            "escalate": kind is DecisionKind.ESCALATE, "time_spent_s": 60.0 + (i * 37) % 200,
            "deferred_unreviewed": number % 5 == 4 and i >= 36}))
    return meeting.model_copy(update={"reviews": reviews})


def close_actions(meetings: list[Meeting]) -> list[ActionItem]:
    """Each action is closed at the next meeting: 6 in 10 done, 1 dropped, 3 left open."""
    actions = []
    for index, meeting in enumerate(meetings):
        for n, action in enumerate(meeting.new_actions()):
            later = meetings[index + 1] if index + 1 < len(meetings) else None
            if later is not None and n % 10 < 7:
                status = ActionStatus.DROPPED if n % 10 == 6 else ActionStatus.DONE
                action = action.model_copy(update={"status": status, "closed_in": later.id})
            actions.append(action)
    return actions


def build_store(directory: Path, today: date) -> str:
    """Fill the store; return the id of the newest quarter that is over (all 13 weeks count), else the newest."""
    newest = ""
    with Store.open(directory) as store:
        for q in range(QUARTERS):
            quarter = with_history(build_quarter(q))
            store.save_quarter(quarter)
            meetings = [enrich(build_meeting(quarter, m, draft=False), quarter, m) for m in range(MEETINGS_PER_QUARTER)]
            assert all(m.state is MeetingState.FINAL for m in meetings)
            for meeting in meetings:
                store.save_meeting(meeting)
            store.save_actions(quarter.id, close_actions(meetings))
            if quarter.end < today or not newest:
                newest = quarter.id
    return newest


def time_command(directory: Path, quarter_id: str, flag: str, repeat: int) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "reviewtui", "report", quarter_id, flag, "--store",
                                 str(directory)], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
        size = len(result.stdout)
    return times, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as tmp:
        directory = Path(tmp) / "store"
        start = time.perf_counter()
        today = date.today()
        quarter_id = build_store(directory, today)
        files = list(directory.rglob("*.json"))
        print(f"setup: {QUARTERS} quarters x 500 KRs x {MEETINGS_PER_QUARTER} final meetings in "
              f"{time.perf_counter() - start:.1f} s ({len(files)} json files, "
              f"{sum(f.stat().st_size for f in files) / 1e6:.1f} MB); reporting on {quarter_id}")

        with Store.open(directory) as store:
            quarter = store.load_quarter(quarter_id)
            meetings = [store.load_meeting(quarter_id, m.id) for m in store.meetings(quarter_id)]
            actions = store.actions(quarter_id)
        in_process, renders = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            report = quarter_report(quarter, meetings, actions, today)
            in_process.append(time.perf_counter() - start)
            start = time.perf_counter()
            report_json(report), report_markdown(report)
            renders.append(time.perf_counter() - start)
        print(f"  {len(meetings)} meetings, {sum(len(m.reviews) for m in meetings)} reviews, {len(actions)} actions; "
              f"{len(report.status_rounds)} status rounds, {len(report.decision_outcomes)} decision outcomes")

        verdicts = []
        for flag in ("--json", "--md"):
            times, size = time_command(directory, quarter_id, flag, args.repeat)
            median = statistics.median(times)
            verdicts.append(median <= TARGET_S)
            print(f"reviewtui report {quarter_id} {flag}: median {median:.2f} s (min {min(times):.2f}, "
                  f"max {max(times):.2f}, N={args.repeat}, {size / 1e3:.0f} kB out); target < {TARGET_S:.0f} s "
                  f"{'OK' if median <= TARGET_S else 'OVER TARGET'}")
        print(f"quarter_report() in-process: median {statistics.median(in_process) * 1000:.0f} ms; "
              f"report_json + report_markdown: median {statistics.median(renders) * 1000:.0f} ms")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
