"""Start-up as users see it: the `reviewtui` command in a terminal, against a bare Textual app launched the same way.

Run by hand:  python bench/bench_startup.py [--runs 15] [--breakdown 5]

Headline (pseudo-terminal). Each launch is the real command in a fresh pseudo-terminal (bench/ptyapp.py):
TERM=xterm-256color, 120x32 set with TIOCSWINSZ before the process starts, the pty as stdin, stdout and
stderr and as the controlling terminal. The time is from just before the fork to the read that brings the
first screen's content, found in the bytes the app writes to the terminal:
  bare:  bench/bare_table.py (Header, a 20-row DataTable, Footer), run by the same interpreter as the
         command; drawn when its last row ("B-20") is on screen;
  demo:  `reviewtui --store DIR` on a store seeded once with the demo quarter (not `reviewtui demo`, which
         seeds a new store on every launch); drawn when the quarter's id and its first KR are on screen;
  large: `reviewtui --store DIR` on 8 quarters x 500 KRs x 13 meetings (bench_store_save.build_large_store);
         drawn the same way.
Launches are interleaved (bare, demo, large, bare, ...) after one untimed warm-up of each, so drift on the
machine hits all three alike. Bytecode is cached as in an installed app (a private PYTHONPYCACHEPREFIX,
warmed by the warm-up). Each app is left running two more seconds (its output read, as a terminal does),
then sent ctrl+q; one still running after 5 s gets SIGTERM, then SIGKILL.
Memory: the child's peak resident set (VmHWM in /proc/<pid>/status) when the first screen is drawn and two
seconds later, and ru_maxrss from wait4() after it exited.
Reported: median, fastest and p90 of each kind, the ratio of medians (and of fastest) to bare, and the
spread of the ratio over the rounds (each round's launch divided by the same round's bare launch).
Targets: demo <= 1.3x bare, large <= 1.6x bare, memory <= 1.5x bare.

Breakdown (headless, in-process; not the headline): --breakdown N more launches of each kind run
`ReviewApp` / the bare app headless inside a child of this file, with hooks that note when imports are
done and when the first screen is ready: where the time goes (interpreter, imports, app).
"""

from __future__ import annotations

import sys
import time

_WALL_TOP = time.time()  # the breakdown child's first moment in this file, before any import below

import math  # noqa: E402
from pathlib import Path  # noqa: E402

BENCH = Path(__file__).resolve().parent
TARGETS = {"demo": 1.3, "large": 1.6}
MEMORY_TARGET = 1.5
SETTLE_S = 2.0  # memory is read again this long after the first screen
BREAKDOWN_SIZE = (120, 32)


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


# --- headline: the command in a pseudo-terminal -------------------------------------------------------------
def launch(argv: list[str], markers: list[bytes], env: dict[str, str]) -> dict[str, float]:
    """One launch: seconds to the first screen, memory (kB) then and SETTLE_S later, and at exit."""
    from ptyapp import PtyApp

    app = PtyApp(argv, env)
    spawned = app.spawn()
    try:
        drawn = app.wait_for_all(markers, timeout=60)
        first = app.memory()
        app.drain(SETTLE_S)
        settled = app.memory()
    finally:
        code = app.close()
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {code}; last output: {bytes(app.output[-400:])!r}")
    return {"first": drawn - spawned, "hwm_first": first.get("VmHWM", 0), "rss_first": first.get("VmRSS", 0),
            "hwm_settled": settled.get("VmHWM", 0), "maxrss": app.rusage.ru_maxrss if app.rusage else 0}


def build_stores(tmp: Path) -> dict[str, tuple[str, str]]:
    """The demo store (seeded for today) and the large one; (directory, quarter id) of each."""
    from datetime import date

    sys.path.insert(0, str(BENCH.parent))
    from bench_store_save import build_large_store

    from reviewtui.demo import seed_demo
    from reviewtui.store import Store

    demo, large = tmp / "demo", tmp / "large"
    with Store.open(demo, create=True) as store:
        demo_quarter = seed_demo(store, date.today()).id
    large_quarter = build_large_store(large)
    return {"demo": (str(demo), demo_quarter), "large": (str(large), large_quarter)}


def headline(runs: int, tmp: Path) -> None:
    import statistics

    from ptyapp import SIZE, child_env, reviewtui_command

    start = time.perf_counter()
    stores = build_stores(tmp)
    print(f"setup: built the demo and large stores in {time.perf_counter() - start:.1f} s")
    command = reviewtui_command()
    kinds = {
        "bare": ([sys.executable, str(BENCH / "bare_table.py")], [b"B-20"]),
        # The quarter list and the key result table, both filled (the KR ids are the same in both stores).
        "demo": ([*command, "--store", stores["demo"][0]], [stores["demo"][1].encode(), b"O1-KR1"]),
        "large": ([*command, "--store", stores["large"][0]], [stores["large"][1].encode(), b"O1-KR1"]),
    }
    env = child_env(str(tmp / "pycache"))
    print(f"command: {' '.join(command)} (interpreter {sys.executable}); terminal {SIZE[0]}x{SIZE[1]}, "
          f"TERM={env['TERM']}")
    for argv, markers in kinds.values():  # warm-up, not timed: bytecode cache, disk cache
        launch(argv, markers, env)
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(runs):
        for kind, (argv, markers) in kinds.items():
            results[kind].append(launch(argv, markers, env))

    def column(kind: str, part: str) -> list[float]:
        return [run[part] for run in results[kind]]

    print(f"\nlaunch -> first screen drawn, in a pseudo-terminal, {runs} launches each, interleaved:")
    print(f"  {'':5}  {'median':>7}  {'fastest':>7}  {'p90':>7}  {'slowest':>7}   {'median ratio':>12}  "
          f"{'fastest ratio':>13}  {'per-round ratio (min-max)':>25}")
    bare = column("bare", "first")
    for kind in kinds:
        times = column(kind, "first")
        line = (f"  {kind:5}  {statistics.median(times):6.3f}s  {min(times):6.3f}s  {p90(times):6.3f}s  "
                f"{max(times):6.3f}s")
        if kind != "bare":
            rounds = sorted(t / b for t, b in zip(times, bare, strict=True))
            line += (f"   {statistics.median(times) / statistics.median(bare):11.2f}x  "
                     f"{min(times) / min(bare):12.2f}x  {rounds[0]:9.2f}x-{rounds[-1]:.2f}x "
                     f"(middle half {rounds[len(rounds) // 4]:.2f}x-{rounds[(3 * len(rounds)) // 4]:.2f}x)")
        print(line)

    print(f"\npeak memory of the child (VmHWM, median of {runs}), MB:")
    print(f"  {'':5}  {'1st frame':>9}  {f'+{SETTLE_S:g} s':>9}  {'at exit':>9}   ratios to bare (1st frame, +{SETTLE_S:g} s)")
    for kind in kinds:
        first, settled = statistics.median(column(kind, "hwm_first")), statistics.median(column(kind, "hwm_settled"))
        maxrss = statistics.median(column(kind, "maxrss"))
        line = f"  {kind:5}  {first / 1024:8.1f}   {settled / 1024:8.1f}   {maxrss / 1024:8.1f}"
        if kind != "bare":
            line += (f"    {first / statistics.median(column('bare', 'hwm_first')):.2f}x, "
                     f"{settled / statistics.median(column('bare', 'hwm_settled')):.2f}x")
        print(line)

    verdicts = []
    for kind, target in TARGETS.items():
        ratio = statistics.median(column(kind, "first")) / statistics.median(bare)
        memory = statistics.median(column(kind, "hwm_settled")) / statistics.median(column("bare", "hwm_settled"))
        verdicts.append(f"{kind} {ratio:.2f}x (target <= {target}x) {'OK' if ratio <= target else 'OVER TARGET'}, "
                        f"memory {memory:.2f}x (target <= {MEMORY_TARGET}x) "
                        f"{'OK' if memory <= MEMORY_TARGET else 'OVER TARGET'}")
    print(f"\nlaunch to first screen: bare {statistics.median(bare):.2f} s; " + "; ".join(verdicts))


# --- breakdown: headless, in-process hooks ----------------------------------------------------------------
def _ready_hook(app, is_ready) -> dict[str, float]:
    """At each composed frame check is_ready(); once it holds, note the time after the next refresh and exit."""
    marks: dict[str, float] = {}
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        if "seen" not in marks and is_ready():
            marks["seen"] = time.time()

            def record() -> None:
                marks["ready"] = time.time()
                app.exit()

            app.call_after_refresh(record)

    app._display = display
    return marks


def child_bare() -> dict[str, float]:
    sys.path.insert(0, str(BENCH))
    from bare_table import BareTableApp
    from textual.widgets import DataTable

    imported = time.time()
    app = BareTableApp()
    marks = _ready_hook(app, lambda: app.query_one(DataTable).row_count > 0)
    app.run(headless=True, size=BREAKDOWN_SIZE)
    return {"imported": imported, **marks}


def child_review(store_dir: str) -> dict[str, float]:
    from datetime import date

    from reviewtui.app import ReviewApp
    from reviewtui.screens.home import HomeScreen
    from reviewtui.store import Store
    from reviewtui.widgets.kr_table import KRTable
    from reviewtui.widgets.quarter_table import QuarterTable

    imported = time.time()
    with Store.open(store_dir) as store:
        app = ReviewApp(store=store, today=date.today())

        def is_ready() -> bool:
            screen = app.screen
            return (isinstance(screen, HomeScreen) and screen.query_one(QuarterTable).row_count > 0
                    and screen.query_one(KRTable).row_count > 0)

        marks = _ready_hook(app, is_ready)
        app.run(headless=True, size=BREAKDOWN_SIZE)
    return {"imported": imported, **marks}


def child_main(kind: str, store_dir: str | None) -> int:
    import json

    marks = child_bare() if kind == "bare" else child_review(store_dir or "")
    if "ready" not in marks:
        print("the first screen never became ready", file=sys.stderr)
        return 1
    print(json.dumps({**marks, "top": _WALL_TOP}))
    return 0


def breakdown_launch(kind: str, store_dir: str | None, env: dict[str, str]) -> dict[str, float]:
    import json
    import subprocess

    command = [sys.executable, __file__, "--child", kind] + ([store_dir] if store_dir else [])
    spawned = time.time()
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} child failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    return {"interpreter": marks["top"] - spawned, "imports": marks["imported"] - marks["top"],
            "app": marks["ready"] - marks["imported"], "total": marks["ready"] - spawned}


def breakdown(runs: int, tmp: Path) -> None:
    import statistics

    from ptyapp import child_env

    env = child_env(str(tmp / "pycache"))
    kinds = {"bare": None, "demo": str(tmp / "demo"), "large": str(tmp / "large")}
    for kind, store_dir in kinds.items():  # warm-up
        breakdown_launch(kind, store_dir, env)
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(runs):
        for kind, store_dir in kinds.items():
            results[kind].append(breakdown_launch(kind, store_dir, env))
    print(f"\nBREAKDOWN (headless, in-process hooks, {BREAKDOWN_SIZE[0]}x{BREAKDOWN_SIZE[1]}, no terminal; "
          f"not the headline), median of {runs}:")
    print(f"  {'':5}  {'ready':>7}  {'interpreter':>11}  {'imports':>7}  {'app':>7}")
    for kind, runs_of_kind in results.items():
        median = {part: statistics.median(run[part] for run in runs_of_kind)
                  for part in ("total", "interpreter", "imports", "app")}
        print(f"  {kind:5}  {median['total']:6.3f}s  {median['interpreter']:10.3f}s  {median['imports']:6.3f}s  "
              f"{median['app']:6.3f}s")


def main() -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="timed launches of each kind in a pty (default 15)")
    parser.add_argument("--breakdown", type=int, default=5,
                        help="headless in-process launches of each kind for the breakdown (default 5; 0: none)")
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as tmp:
        headline(args.runs, Path(tmp))
        if args.breakdown:
            breakdown(args.breakdown, Path(tmp))
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        raise SystemExit(child_main(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
    raise SystemExit(main())
