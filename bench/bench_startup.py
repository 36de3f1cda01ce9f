"""Time from process launch to the first interactive screen: reviewtui against a bare Textual app.

Run by hand:  /work/venv/bin/python bench/bench_startup.py [--runs 9]

Every launch is a fresh interpreter (subprocess of this same file in --child mode), so interpreter start-up,
imports, app construction, store opening, the first layout and paint are all included, on both sides alike:
  bare:  a Textual App composing Header, a DataTable of 5 rows and Footer (rows added in on_mount);
  demo:  ReviewApp on a store seeded with the built-in demo (1 quarter of 20 KRs, 1 meeting);
  large: ReviewApp on a store of 8 quarters x 500 KRs with 13 confirmed meetings each (built once here,
         with bench/bench_store_save.py's builders; all meetings confirmed so no resume prompt appears).
The parent notes time.time() just before spawning; the child notes time.time() when ready, prints it and
exits. "Ready" is detected the same way in every child: at each frame the app composes, check that the
first screen is up with its table(s) filled (bare: the DataTable has rows; reviewtui: HomeScreen is the
current screen and both QuarterTable and KRTable have rows); then call_after_refresh(...) and record
when that runs, i.e. after that frame and any refresh still pending. Apps run headless at 120x40, so
writing escape codes to a real terminal is not included (the same for both). The child also reports where
its time went: interpreter start (spawn -> first line of this file), imports, and app (imports -> ready);
"1st rows" is spawn -> the first composed frame in which the tables had rows (before the last refresh);
"all rows" is spawn -> the first frame in which the KR table holds every key result (a table of more than
64 rows draws the first 64 with the first frame and the rest right after; for bare and demo it is the same
frame as "1st rows"). The ratio is taken on "ready", the first interactive screen.

Children run with bytecode cached like an installed app (PYTHONPYCACHEPREFIX set to a temp dir,
PYTHONDONTWRITEBYTECODE removed; nothing is written into the source tree).
One untimed warm-up launch of each kind first (.pyc files, disk cache), then --runs rounds, interleaved
bare/demo/large so drift hits all three alike. Medians are reported, with ratios to the bare app.
Targets: demo <= 1.3x bare, large <= 1.6x bare.
"""

from __future__ import annotations

import sys
import time

_WALL_TOP = time.time()  # the child's first moment in this file, before any import below

TODAY_ISO = "2026-11-22"  # inside the demo quarter and inside the large store's last quarter (2026-Q4)
SIZE = (120, 40)
TARGETS = {"demo": 1.3, "large": 1.6}


# --- child side: keep imports inside the functions so both kinds import only what they need ------------
def _ready_hook(app, is_ready, is_complete=None) -> dict[str, float]:
    """At each composed frame, check is_ready(); once it holds, record after the next refresh and exit.

    is_complete(), if given, is checked at every frame too: "complete" is the first frame in which it holds
    (every row of a long table drawn, not just the first screenful); the app is kept running until then.
    """
    marks: dict[str, float] = {}
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        if "seen" not in marks and is_ready():
            marks["seen"] = time.time()

            def record() -> None:
                marks["ready"] = time.time()
                if "complete" in marks:
                    app.exit()

            app.call_after_refresh(record)
        if "seen" in marks and "complete" not in marks and (is_complete is None or is_complete()):
            marks["complete"] = time.time()
            if "ready" in marks:
                app.exit()

    app._display = display
    return marks


def child_bare() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    imported = time.time()

    class BareApp(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Quarter", "Dates", "Objectives", "KRs")
            for n in range(5):
                table.add_row(f"2026-Q{n % 4 + 1}", "01 Oct – 31 Dec", str(n + 3), str(n * 7 + 5), key=str(n))
            table.focus()

    app = BareApp()
    marks = _ready_hook(app, lambda: app.query_one(DataTable).row_count > 0)
    app.run(headless=True, size=SIZE)
    return {"imported": imported, **marks}


def child_review(store_dir: str) -> dict[str, float]:
    from datetime import date
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from reviewtui.app import ReviewApp
    from reviewtui.screens.home import HomeScreen
    from reviewtui.store import Store
    from reviewtui.widgets.kr_table import KRTable
    from reviewtui.widgets.quarter_table import QuarterTable

    imported = time.time()

    with Store.open(store_dir) as store:
        app = ReviewApp(store=store, today=date.fromisoformat(TODAY_ISO))

        def is_ready() -> bool:
            screen = app.screen
            return (isinstance(screen, HomeScreen) and screen.query_one(QuarterTable).row_count > 0
                    and screen.query_one(KRTable).row_count > 0)

        def is_complete() -> bool:
            table = app.screen.query_one(KRTable)
            return table.rows_to_come == 0 and table.row_count > 0

        marks = _ready_hook(app, is_ready, is_complete)
        app.run(headless=True, size=SIZE)
    return {"imported": imported, **marks}


def child_main(kind: str, store_dir: str | None) -> int:
    marks = child_bare() if kind == "bare" else child_review(store_dir or "")
    if "ready" not in marks:
        print("the first screen never became ready", file=sys.stderr)
        return 1
    marks["top"] = _WALL_TOP
    import json

    print(json.dumps(marks))
    return 0


# --- parent side ----------------------------------------------------------------------------------------
def launch(kind: str, store_dir: str | None, env: dict[str, str]) -> dict[str, float]:
    """Spawn one child; return seconds from spawn to top of file, to imports done, and to ready."""
    import json
    import subprocess

    command = [sys.executable, __file__, "--child", kind] + ([store_dir] if store_dir else [])
    spawned = time.time()
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} child failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    return {"interpreter": marks["top"] - spawned, "imports": marks["imported"] - marks["top"],
            "app": marks["ready"] - marks["imported"], "rows": marks["seen"] - spawned,
            "complete": marks["complete"] - spawned,
            "total": marks["ready"] - spawned}


def build_stores(tmp: str) -> dict[str, str]:
    from datetime import date
    from pathlib import Path

    bench = Path(__file__).resolve().parent
    sys.path.insert(0, str(bench))
    sys.path.insert(0, str(bench.parent))
    from bench_store_save import build_large_store

    from reviewtui.demo import seed_demo
    from reviewtui.store import Store

    demo, large = Path(tmp) / "demo", Path(tmp) / "large"
    with Store.open(demo) as store:
        seed_demo(store, date.fromisoformat(TODAY_ISO))
    build_large_store(large)
    return {"demo": str(demo), "large": str(large)}


def main() -> int:
    import argparse
    import os
    import statistics
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="timed launches of each kind (default 9)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as tmp:
        start = time.perf_counter()
        stores = build_stores(tmp)
        print(f"setup: built the demo and large stores in {time.perf_counter() - start:.1f} s")
        kinds = {"bare": None, "demo": stores["demo"], "large": stores["large"]}
        # Bytecode cached, as in an installed app: this environment may set PYTHONDONTWRITEBYTECODE, and the
        # working copy has no __pycache__; a private cache dir (warmed below) serves both sides alike.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        for kind, store_dir in kinds.items():  # warm-up, not timed
            launch("bare" if kind == "bare" else "review", store_dir, env)
        results: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
        for _ in range(args.runs):
            for kind, store_dir in kinds.items():
                results[kind].append(launch("bare" if kind == "bare" else "review", store_dir, env))

    def median(kind: str, part: str) -> float:
        return statistics.median(run[part] for run in results[kind])

    print(f"launch -> first screen ready, fresh interpreter each, median of {args.runs} "
          f"(headless {SIZE[0]}x{SIZE[1]}):")
    print(f"  {'':5}  {'ready':>8}  {'min':>8}  {'max':>8}  {'1st rows':>8}  {'all rows':>8}   {'interpreter':>11}"
          f"  {'imports':>8}  {'app':>8}")
    for kind in kinds:
        totals = [run["total"] for run in results[kind]]
        print(f"  {kind:5}  {median(kind, 'total'):7.3f}s  {min(totals):7.3f}s  {max(totals):7.3f}s   "
              f"{median(kind, 'rows'):7.3f}s  {median(kind, 'complete'):7.3f}s   {median(kind, 'interpreter'):10.3f}s  "
              f"{median(kind, 'imports'):7.3f}s  {median(kind, 'app'):7.3f}s")
    bare = median("bare", "total")
    parts = [f"bare {bare:.2f} s"]
    over = []
    for kind, target in TARGETS.items():
        ratio = median(kind, "total") / bare
        parts.append(f"{kind} {median(kind, 'total'):.2f} s ({ratio:.2f}x, target <= {target}x)")
        if ratio > target:
            over.append(kind)
    print("launch to home: " + ", ".join(parts) + (f"  OVER TARGET: {', '.join(over)}" if over else "  OK"))
    # On a noisy machine the medians drift from run to run; the fastest launch of each kind is steadier.
    fastest = {kind: min(run["total"] for run in results[kind]) for kind in kinds}
    print("fastest launches: " + ", ".join(
        [f"bare {fastest['bare']:.2f} s"] + [f"{kind} {fastest[kind]:.2f} s ({fastest[kind] / fastest['bare']:.2f}x)"
                                             for kind in TARGETS]))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        raise SystemExit(child_main(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
    raise SystemExit(main())
