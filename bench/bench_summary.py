"""The meeting summary coming up, as users see it: the `reviewtui` command in a terminal, the real clock ticking.

Run by hand:  python bench/bench_summary.py [--runs 7] [--no-large] [--no-early]

Every launch is the real command in its own pseudo-terminal (bench/ptyapp.py: TERM=xterm-256color, 120x32,
the pty as the controlling terminal), on a fresh copy of a store made once (setup, not timed):
  demo:     the demo quarter, with a draft meeting in which every KR on its agenda was discussed and decided
            (a value, the room's confidence, evidence, 'continue' with a note of its own), stopped at its last KR;
  500 KRs:  one quarter of 10 objectives x 50 KRs (bench_store_save.build_quarter, moved to run through today),
            with the same kind of draft: the Decisions table has 500 rows, the evidence 500 lines.
`reviewtui review --store DIR` offers to resume the draft; enter resumes it, on its last KR ('KR n of n'). After
a second of rest, ctrl+e (end the meeting: nothing is undecided, so that is the summary) is written to the pty
and timed until the terminal output holds the first KR's decision note, a cell of the summary's first screen
and nowhere else (the review screen shows the last KR's); the footer's 'Write the record' is timed too.
With --early (default on), the 500-KR quarter is also reviewed from a new meeting: a facilitator is typed,
ctrl+s starts it, ctrl+e asks for a reason, and enter (after the reason is typed) is timed until the facts'
'Ended early' line is drawn: 499 KRs deferred without discussion, so its Decisions table is small.
Launches are interleaved (demo, 500, early, demo, ...) after one untimed warm-up of each (bytecode cached in
a private PYTHONPYCACHEPREFIX, as in an installed app). Reported: median and max per kind, against the target.
--before DIR (a folder holding another version's `reviewtui` package, e.g. `git archive HEAD~1 reviewtui | tar
-x -C DIR`) runs each launch a second time with that package first on PYTHONPATH, interleaved, so both versions
meet the same load on a shared machine.
Target: the summary of a 500-KR meeting on screen in <= 300 ms.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from ptyapp import SIZE, PtyApp, child_env, reviewtui_command, start_review  # noqa: E402

TARGET_S = 0.300
ENTER, CTRL_E = b"\r", b"\x05"
FACILITATOR = "Ana Ruiz"
REASON = "out of time"


def note_of(kr_id: str, index: int = 0) -> str:
    """A decision note unique to its KR, short enough not to wrap at the first row (the marker of the summary's
    first screen); every third is a sentence that wraps in a narrow Note column."""
    return f"on plan ({kr_id})" + ("; the owner checks the dashboard export against the raw events before the next "
                                  "check-in" if index % 3 == 2 else "")


def large_quarter(today: date):
    """10 objectives x 50 KRs, running from 30 days ago to 60 days ahead (so a review can start today)."""
    from bench_store_save import build_quarter

    quarter = build_quarter(0)
    data = quarter.model_dump(mode="json", by_alias=True)
    data.update(start=(today - timedelta(days=30)).isoformat(), end=(today + timedelta(days=60)).isoformat())
    return type(quarter).model_validate(data)


def decided_draft(store, quarter_id: str, now: datetime) -> tuple[str, int]:
    """A weekly check-in of the quarter in which every KR was discussed and decided, left on its last KR.

    Returns the first KR's id (its note marks the summary's first screen) and the agenda's length."""
    from reviewtui.domain.models import DecisionKind, MeetingKind, Status
    from reviewtui.domain.review_rules import AgendaOrder
    from reviewtui.session import MeetingPlan, MeetingSession

    plan = MeetingPlan(quarter_id=quarter_id, kind=MeetingKind.WEEKLY, facilitator=FACILITATOR,
                       attendees=[FACILITATOR, "Bo Chen"], timebox_s=120, order=AgendaOrder.OBJECTIVES)
    session = MeetingSession.start(store, plan, now)
    for index, kr_id in enumerate(session.meeting.agenda):
        kr = session.key_result(kr_id)
        value = kr.current if kr.current is not None else kr.baseline
        session.update(kr_id, save=False, value=value, confidence=Status.ON_TRACK, time_spent_s=30.0 + index % 7,
                       evidence=f"weekly dashboard export, row {index + 1}")
        session.update(kr_id, save=False, decision={
            "kind": DecisionKind.CONTINUE, "note": note_of(kr_id, index), "decided_by": FACILITATOR,
            "at": now + timedelta(seconds=30 * index)})
    session.go_to(len(session.meeting.agenda) - 1)  # writes the draft
    undecided = session.undecided()
    if undecided:
        raise RuntimeError(f"the bench's draft leaves KRs undecided: {undecided[:5]} ({session.missing(undecided[0])})")
    return session.meeting.agenda[0], len(session.meeting.agenda)


def build_templates(tmp: Path, large: bool) -> dict[str, tuple[Path, str, int]]:
    """Stores to copy per launch: label -> (directory, first KR on the agenda, agenda length)."""
    from reviewtui.demo import seed_demo
    from reviewtui.store import Store

    today = date.today()
    now = datetime.now().astimezone() - timedelta(hours=1)
    templates = {}
    with Store.open(tmp / "demo", create=True) as store:
        quarter = seed_demo(store, today)
        templates["demo"] = (tmp / "demo", *decided_draft(store, quarter.id, now))
    if large:
        with Store.open(tmp / "large", create=True) as store:
            quarter = large_quarter(today)
            store.save_quarter(quarter)
            templates["500 KRs"] = (tmp / "large", *decided_draft(store, quarter.id, now))
        with Store.open(tmp / "fresh", create=True) as store:
            store.save_quarter(quarter)
        templates["500 early"] = (tmp / "fresh", "", len(quarter.key_results))
    return templates


def run_decided(template: Path, tmp: Path, env: dict[str, str], first_kr: str, agenda: int) -> tuple[float, float]:
    """Resume the decided draft on its last KR, then ctrl+e: seconds to the first row's note and to the footer."""
    store = tmp / f"store-{time.monotonic_ns()}"
    shutil.copytree(template, store)
    app = PtyApp([*reviewtui_command(), "review", "--store", str(store)], env)
    app.spawn()
    try:
        app.wait_for(b"Resume it", timeout=60)
        app.drain(0.5)
        start = len(app.output)
        app.send(ENTER)
        app.wait_for(b"KR %d of %d" % (agenda, agenda), start, timeout=60)
        app.drain(1.0)
        start = len(app.output)
        sent = app.send(CTRL_E)
        shown = app.wait_for(note_of(first_kr).encode(), start, timeout=60) - sent
        footer = app.wait_for(b"Write the record", start, timeout=60) - sent
        app.drain(0.5)
    finally:
        code = app.close()
    cleaned_up(app, code, store)
    return shown, footer


def cleaned_up(app: PtyApp, code: int, store: Path) -> None:
    """The launch's store copy removed; RuntimeError if reviewtui exited with an error."""
    shutil.rmtree(store, ignore_errors=True)
    if code != 0:
        raise RuntimeError(f"reviewtui exited with {code}; last output: {bytes(app.output[-400:])!r}")


def run_early(template: Path, tmp: Path, env: dict[str, str]) -> tuple[float, float]:
    """Start a meeting by keys, end it at once with a reason: seconds from enter to 'Ended early' and the footer."""
    store = tmp / f"store-{time.monotonic_ns()}"
    shutil.copytree(template, store)
    app = start_review(store, env, FACILITATOR)
    try:
        start = len(app.output)
        app.send(CTRL_E)
        app.wait_for(b"End the meeting now?", start, timeout=30)
        app.drain(0.3)
        app.send(REASON.encode())
        app.drain(0.3)
        start = len(app.output)
        sent = app.send(ENTER)
        shown = app.wait_for(b"Ended early", start, timeout=60) - sent
        footer = app.wait_for(b"Write the record", start, timeout=60) - sent
        app.drain(0.5)
    finally:
        code = app.close()
    cleaned_up(app, code, store)
    return shown, footer


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed launches of each kind, interleaved (default 7)")
    parser.add_argument("--no-large", dest="large", action="store_false", help="the demo quarter only")
    parser.add_argument("--no-early", dest="early", action="store_false", help="skip the meeting ended early")
    parser.add_argument("--before", type=Path, help="a folder with another version's reviewtui package, "
                        "run interleaved as 'before'")
    args = parser.parse_args()

    started = time.perf_counter()
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as name:
        tmp = Path(name)
        templates = build_templates(tmp, args.large)
        if not args.early:
            templates.pop("500 early", None)
        envs = {"": child_env(str(tmp / "pycache"))}
        if args.before:
            before = args.before.resolve()
            if not (before / "reviewtui" / "__init__.py").exists():
                parser.error(f"--before: no reviewtui package in {before}")
            envs["before: "] = {**child_env(str(tmp / "pycache-before")), "PYTHONPATH": str(before)}
        print(f"setup {time.perf_counter() - started:.0f} s; command {' '.join(reviewtui_command())}, terminal "
              f"{SIZE[0]}x{SIZE[1]}, TERM={envs['']['TERM']}" + (f"; before: {args.before}" if args.before else ""))

        def run(label: str, env: dict[str, str]) -> tuple[float, float]:
            directory, first_kr, agenda = templates[label]
            if label == "500 early":
                return run_early(directory, tmp, env)
            return run_decided(directory, tmp, env, first_kr, agenda)

        for label in templates:  # warm-up, not timed: bytecode cache, disk cache
            for env in envs.values():
                run(label, env)
        for _ in range(args.runs):
            for label in templates:
                for version, env in envs.items():
                    results.setdefault(version + label, []).append(run(label, env))

    print(f"\nkey -> summary on the terminal, {args.runs} launches each, interleaved "
          f"({time.perf_counter() - started:.0f} s):")
    for label, runs in results.items():
        shown = [s for s, _ in runs]
        footer = [f for _, f in runs]
        what = "'Ended early' line" if label.endswith("500 early") else "first row's note"
        verdict = "OK" if statistics.median(shown) <= TARGET_S else "OVER TARGET"
        print(f"  {label:17}: {what} median {ms(statistics.median(shown))}, max {ms(max(shown))}, "
              f"min {ms(min(shown))} (N={len(shown)}); footer median {ms(statistics.median(footer))}, "
              f"max {ms(max(footer))}; target <= {ms(TARGET_S)}: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
