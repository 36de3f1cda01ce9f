"""What the `reviewtui` command imports before its first screen is drawn, and how long each import takes.

Run by hand:  python bench/startup_imports.py [--runs 3] [--top 25]

The command is launched as in bench_startup.py (a pseudo-terminal, 120x32, bytecode cached) on a store seeded
with the demo quarter, with PYTHONPROFILEIMPORTTIME=1: Python writes one line per import to stderr, which is
the terminal, so the lines come in the same byte stream as the screen. Lines before the first screen's
content (the quarter id and the first KR) are the imports that delay it; lines after it are imports done
later (a background thread, a key). bench/bare_table.py is measured the same way for comparison.
Import times are self times as Python reports them (the profiling adds its own overhead), the median over
--runs launches. Modules loaded through importlib.import_module are not reported by Python's profiler: that is
how Textual loads its widgets (`from textual.widgets import DataTable`), so those are missing on both sides.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from ptyapp import PtyApp, child_env, reviewtui_command  # noqa: E402

LINE = re.compile(rb"import time:\s+(\d+) \|\s+(\d+) \| ( *)([\w.]+)")
WATCH = ("pydantic", "pydantic_core", "reviewtui.domain.models", "reviewtui.domain.importing", "tinydb",
         "reviewtui.session", "rich.console")


def imports_before_frame(argv: list[str], markers: list[bytes], env: dict[str, str]) -> tuple[list, list]:
    """(module, self us, cumulative us, depth) imported before and after the first screen, in order."""
    app = PtyApp(argv, env)
    app.spawn()
    try:
        app.wait_for_all(markers, timeout=60)
        frame = min(app.output.find(marker) for marker in markers)
        app.drain(2.0)
    finally:
        app.close()
    before, after = [], []
    for found in LINE.finditer(app.output):
        entry = (found.group(4).decode(), int(found.group(1)), int(found.group(2)), len(found.group(3)) // 2)
        (before if found.start() < frame else after).append(entry)
    return before, after


def report(label: str, runs: list[tuple[list, list]], top: int) -> None:
    selfs: dict[str, list[int]] = defaultdict(list)
    cumulative: dict[str, list[int]] = defaultdict(list)
    roots: dict[str, list[int]] = defaultdict(list)
    totals, later = [], []
    for before, after in runs:
        totals.append(sum(entry[1] for entry in before))
        later.append(sum(entry[1] for entry in after))
        for name, own, whole, _depth in before:
            selfs[name].append(own)
            cumulative[name].append(whole)
            roots[name.split(".")[0]].append(own)
    n = len(runs)
    count = statistics.median(len(before) for before, _ in runs)
    print(f"\n{label}: {count:.0f} modules imported before the first screen, "
          f"{statistics.median(totals) / 1000:.0f} ms of import time (self times added up, median of {n}); "
          f"{statistics.median(later) / 1000:.0f} ms imported in the 2 s after it")
    by_root = {root: sum(values) / n for root, values in roots.items()}
    print("  by top-level package (ms): " + ", ".join(
        f"{root} {ms / 1000:.0f}" for root, ms in sorted(by_root.items(), key=lambda kv: -kv[1])[:12]))
    print(f"  top {top} by cumulative time (a module with everything it imported first), ms:")
    ranked = sorted(cumulative, key=lambda name: -statistics.median(cumulative[name]))
    for name in ranked[:top]:
        print(f"    {statistics.median(cumulative[name]) / 1000:7.1f}  (self {statistics.median(selfs[name]) / 1000:5.1f})  "
              f"{name}")
    seen_before = {name for before, _ in runs for name, *_ in before}
    seen_after = {name for _, after in runs for name, *_ in after}
    print("  watched: " + "; ".join(
        f"{name} {'BEFORE the first screen' if name in seen_before else 'after it' if name in seen_after else 'not imported'}"
        for name in WATCH))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="launches of each app (default 3)")
    parser.add_argument("--top", type=int, default=25, help="modules listed (default 25)")
    args = parser.parse_args()

    from reviewtui.demo import seed_demo
    from reviewtui.store import Store

    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as name:
        tmp = Path(name)
        with Store.open(tmp / "demo", create=True) as store:
            quarter = seed_demo(store, date.today()).id
        env = child_env(str(tmp / "pycache"))
        env["PYTHONPROFILEIMPORTTIME"] = "1"
        apps = {
            "bare (bench/bare_table.py)": ([sys.executable, str(BENCH / "bare_table.py")], [b"B-20"]),
            "reviewtui --store DEMO": ([*reviewtui_command(), "--store", str(tmp / "demo")],
                                       [quarter.encode(), b"O1-KR1"]),
        }
        for argv, markers in apps.values():  # warm-up: bytecode cached
            imports_before_frame(argv, markers, env)
        runs: dict[str, list] = {label: [] for label in apps}
        for _ in range(args.runs):
            for label, (argv, markers) in apps.items():
                runs[label].append(imports_before_frame(argv, markers, env))
    for label, found in runs.items():
        report(label, found, args.top)
    bare = {name for before, _ in runs["bare (bench/bare_table.py)"] for name, *_ in before}
    own = runs["reviewtui --store DEMO"]
    extra: dict[str, list[int]] = defaultdict(list)
    for before, _ in own:
        for name, self_us, _, _ in before:
            if name not in bare:
                extra[name.split(".")[0] if not name.startswith(("reviewtui", "textual")) else
                      ".".join(name.split(".")[:2])].append(self_us)
    print(f"\nimported by reviewtui before its first screen and not by the bare app, self ms by package "
          f"(mean of {len(own)} launches):")
    for group, values in sorted(extra.items(), key=lambda kv: -sum(kv[1]))[:args.top]:
        print(f"  {sum(values) / len(own) / 1000:6.1f}  {group} ({len(values) // len(own)} modules)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
