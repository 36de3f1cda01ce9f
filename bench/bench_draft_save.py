"""What one draft save costs during a live meeting, in a session on the demo store and on a large store.

Run by hand:  /work/venv/bin/python bench/bench_draft_save.py [--repeat 200]

During a review every form change ends in MeetingSession.update (reviewtui/session.py), which validates
the changed review and writes the whole draft meeting through Store.save_meeting (atomic write + fsync).
Here a session is started with MeetingSession.start(store, MeetingPlan(...), now), exactly as the start
screen does, and then `update(kr_id, evidence=...)` (one changed field, saved at once) is timed N times.

Stores (built in a temp dir; setup, not measured):
  demo:     the built-in demo (1 quarter of 20 KRs, 1 earlier meeting)            -> agenda of 20 KRs
  wide:     control: 1 quarter of 500 KRs, no meetings (no history, big agenda)   -> agenda of 500 KRs
  large:    8 quarters x 500 KRs, 13 confirmed meetings each (104 meetings)       -> agenda of 500 KRs
The large store is built with bench/bench_store_save.py's builders (all meetings confirmed). The "wide"
control separates the two things that differ between demo and large: history size and agenda size.

Target: median update at most 5 ms in every store, and the same with a small or a large store: the ratio is taken
between two stores holding the same meeting (a 500-KR agenda) with and without 8 quarters of history (wide vs
large, <= 1.5x). demo vs large is printed too; it differs in agenda size as well as in history.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_store_save import build_large_store, ms, p95

from reviewtui.demo import seed_demo
from reviewtui.domain.models import MeetingKind
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.session import MeetingPlan, MeetingSession
from reviewtui.store import Store

TODAY = date(2026, 11, 22)  # inside the demo quarter and inside the large store's last quarter (2026-Q4)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TARGET_MEDIAN_S = 0.005
TARGET_RATIO = 1.5


def build_demo_store(directory: Path) -> str:
    with Store.open(directory) as store:
        return seed_demo(store, TODAY).id


def time_updates(directory: Path, quarter_id: str, repeat: int) -> dict[str, object]:
    """Start a meeting as the start screen does, then time `repeat` one-field updates (each saved)."""
    with Store.open(directory) as store:
        plan = MeetingPlan(quarter_id=quarter_id, kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
                           attendees=["Ana Ruiz", "Bo Chen"], timebox_s=180, order=AgendaOrder.RISK_FIRST)
        start = time.perf_counter()
        session = MeetingSession.start(store, plan, NOW)
        started_in = time.perf_counter() - start
        agenda = session.meeting.agenda
        for warmup in range(5):
            session.update(agenda[0], evidence=f"warm-up {warmup}")
        times = []
        for n in range(repeat):
            kr_id = agenda[n % min(len(agenda), 8)]  # the first KRs, as a meeting moves through its agenda
            t0 = time.perf_counter()
            session.update(kr_id, evidence=f"Dashboard export, checked with the owner (edit {n}).")
            times.append(time.perf_counter() - t0)
        path = store.directory / "quarters" / quarter_id / "meetings" / f"{session.meeting.id}.json"
        size = path.stat().st_size
        assert store.load_meeting(quarter_id, session.meeting.id) == session.meeting
        meetings = len(store.meetings())
    return {"times": times, "agenda": len(agenda), "size": size, "start": started_in, "meetings": meetings}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200, help="updates timed per store (default 200)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as tmp:
        start = time.perf_counter()
        dirs = {"demo": Path(tmp) / "demo", "wide": Path(tmp) / "wide", "large": Path(tmp) / "large"}
        quarter_ids = {"demo": build_demo_store(dirs["demo"]), "wide": build_large_store(dirs["wide"], 1, 0),
                       "large": build_large_store(dirs["large"])}
        print(f"setup: built the stores in {time.perf_counter() - start:.1f} s")
        results = {}
        for label in ("demo", "wide", "large"):
            results[label] = time_updates(dirs[label], quarter_ids[label], args.repeat)

    print(f"MeetingSession.update(kr, evidence=...) with save, N={args.repeat} per store:")
    for label, result in results.items():
        times = result["times"]
        print(f"  {label:5}: median {ms(statistics.median(times))}, p95 {ms(p95(times))}  "
              f"(agenda {result['agenda']} KRs, draft file {result['size'] / 1e3:.0f} kB, "
              f"{result['meetings']} meetings in store, MeetingSession.start {ms(result['start'])})")
    medians = {label: statistics.median(result["times"]) for label, result in results.items()}
    ratio = medians["large"] / medians["wide"]
    verdicts = [f"{label} median over {ms(TARGET_MEDIAN_S)}" for label, value in medians.items()
                if value > TARGET_MEDIAN_S]
    if ratio > TARGET_RATIO:
        verdicts.append(f"store-size ratio over {TARGET_RATIO}")
    print(f"store size, same 500-KR meeting: small store {ms(medians['wide'])}, large store {ms(medians['large'])} "
          f"({ratio:.2f}x; target <= {TARGET_RATIO}x)")
    print(f"agenda size: demo (20 KRs) {ms(medians['demo'])}, large (500 KRs) {ms(medians['large'])} "
          f"({medians['large'] / medians['demo']:.2f}x; for information)")
    print(f"draft save: every median <= {ms(TARGET_MEDIAN_S)} and store-size ratio <= {TARGET_RATIO}x: "
          f"{'OK' if not verdicts else 'OVER TARGET: ' + ', '.join(verdicts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
