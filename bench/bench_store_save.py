"""How much one meeting save costs in a new store and in a store with two years of history.

Run by hand:  /work/venv/bin/python bench/bench_store_save.py [--repeat 200]

During a live review every form change saves the draft meeting, so that save must not grow with the
store's history. Two real stores are built in a temp dir (setup, not measured):
  small: 1 quarter of 500 KRs and 1 (draft) meeting;
  large: 8 quarters of 500 KRs, 13 meetings each (104 meetings of ~40 reviews), one of them the draft.
Then the same draft save (one changed field per save) is timed in each, plus opening the store and listing
its quarters. Target: the large store's median save is at most 1.5x the small store's.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewtui.domain.models import (
    Decision,
    DecisionKind,
    KRReview,
    Meeting,
    MeetingKind,
    MeetingState,
    Quarter,
    Status,
)
from reviewtui.store import Store

OBJECTIVES, KRS_PER_OBJECTIVE = 10, 50  # 500 KRs; the model allows at most 50 KRs per objective
QUARTERS, MEETINGS_PER_QUARTER, REVIEWS_PER_MEETING = 8, 13, 40
TARGET_RATIO = 1.5


def build_quarter(index: int) -> Quarter:
    start = date(2025 + index // 4, 1 + 3 * (index % 4), 1)
    end = (start.replace(month=start.month + 2, day=28) if start.month < 10 else start.replace(month=12, day=31))
    return Quarter.model_validate({
        "quarter": f"{start.year}-Q{index % 4 + 1}", "name": f"Quarter {index + 1}",
        "start": start.isoformat(), "end": end.isoformat(),
        "objectives": [
            {"id": f"O{o}", "title": f"Objective {o} with a realistic title", "owner": "Ana Ruiz",
             "team": "Growth", "aligned_to": "Company goal",
             "key_results": [
                 {"id": f"O{o}-KR{k}", "title": f"Key result {o}.{k}: move the metric", "owner": "Bo Chen",
                  "unit": "%", "baseline": 10.0 + k, "target": 30.0 + k * 1.5, "current": 12.0 + k * 0.37,
                  "evidence_source": "weekly dashboard export"}
                 for k in range(1, KRS_PER_OBJECTIVE + 1)]}
            for o in range(1, OBJECTIVES + 1)],
    })


def build_meeting(quarter: Quarter, number: int, *, draft: bool) -> Meeting:
    started = datetime.combine(quarter.start, datetime.min.time(), UTC) + timedelta(days=7 * number, hours=9)
    all_krs = quarter.key_results
    krs = [all_krs[(number * REVIEWS_PER_MEETING + i) % len(all_krs)] for i in range(REVIEWS_PER_MEETING)]
    return Meeting(
        id=f"M{number + 1:02d}", quarter_id=quarter.id, kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
        attendees=["Ana Ruiz", "Bo Chen", "Chidi Okafor", "Dana Levi"], started_at=started,
        ended_at=None if draft else started + timedelta(hours=1),
        state=MeetingState.DRAFT if draft else MeetingState.FINAL,
        agenda=[kr.id for kr in krs], position=0 if draft else len(krs),
        reviews=[KRReview(kr_id=kr.id, value=kr.current, confidence=Status.ON_TRACK,
                          evidence="Dashboard export of the week; numbers checked with the owner.",
                          decision=Decision(kind=DecisionKind.CONTINUE, note="keep going", decided_by="Ana Ruiz",
                                            at=started + timedelta(minutes=3 * i)),
                          time_spent_s=95.0)
                 for i, kr in enumerate(krs)],
    )


def build_large_store(directory: Path, quarters: int = QUARTERS, meetings: int = MEETINGS_PER_QUARTER) -> str:
    """quarters x 500 KRs with `meetings` confirmed meetings each; return the last quarter's id."""
    with Store.open(directory) as store:
        for q in range(quarters):
            quarter = build_quarter(q)
            store.save_quarter(quarter)
            for m in range(meetings):
                store.save_meeting(build_meeting(quarter, m, draft=False))
    return quarter.id


def build_store(directory: Path, quarters: int, meetings_per_quarter: int) -> tuple[str, str]:
    """Fill a store; return (quarter id, meeting id) of the draft meeting, the newest one."""
    draft = ("", "")
    with Store.open(directory) as store:
        for q in range(quarters):
            quarter = build_quarter(q)
            store.save_quarter(quarter)
            for m in range(meetings_per_quarter):
                is_draft = q == quarters - 1 and m == meetings_per_quarter - 1
                store.save_meeting(build_meeting(quarter, m, draft=is_draft))
                if is_draft:
                    draft = (quarter.id, f"M{m + 1:02d}")
    return draft


def time_saves(directory: Path, draft: tuple[str, str], repeat: int) -> list[float]:
    """Seconds per save_meeting of the draft with one changed field, as on each form change."""
    times = []
    with Store.open(directory) as store:
        meeting = store.load_meeting(*draft)
        for warmup in range(5):
            meeting.reviews[0].evidence = f"warm-up {warmup}"
            store.save_meeting(meeting)
        for n in range(repeat):
            meeting.reviews[n % len(meeting.reviews)].evidence = f"Edited during the meeting, change {n}."
            start = time.perf_counter()
            store.save_meeting(meeting)
            times.append(time.perf_counter() - start)
        assert store.load_meeting(*draft) == meeting
    return times


def time_open_and_list(directory: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        store = Store.open(directory)
        listed = store.quarters()
        times.append(time.perf_counter() - start)
        store.close()
        assert listed
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200, help="saves timed per store (default 200)")
    parser.add_argument("--opens", type=int, default=30, help="opens timed per store (default 30)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as tmp:
        small_dir, large_dir = Path(tmp) / "small", Path(tmp) / "large"
        start = time.perf_counter()
        small_draft = build_store(small_dir, 1, 1)
        large_draft = build_store(large_dir, QUARTERS, MEETINGS_PER_QUARTER)
        print(f"setup: built both stores in {time.perf_counter() - start:.1f} s")
        for label, directory in (("small", small_dir), ("large", large_dir)):
            files = list(directory.rglob("*.json"))
            print(f"  {label}: {len(files)} json files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, "
                  f"index.json {(directory / 'index.json').stat().st_size / 1e3:.0f} kB")

        small = time_saves(small_dir, small_draft, args.repeat)
        large = time_saves(large_dir, large_draft, args.repeat)
        small_open = time_open_and_list(small_dir, args.opens)
        large_open = time_open_and_list(large_dir, args.opens)

    ratio = statistics.median(large) / statistics.median(small)
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"save_meeting (N={args.repeat}, draft of {REVIEWS_PER_MEETING} reviews, one field changed):")
    print(f"  small: median {ms(statistics.median(small))}, p95 {ms(p95(small))}")
    print(f"  large: median {ms(statistics.median(large))}, p95 {ms(p95(large))}")
    print(f"save_meeting median: small {ms(statistics.median(small))}, large {ms(statistics.median(large))}, "
          f"ratio {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}")
    open_ratio = statistics.median(large_open) / statistics.median(small_open)
    print(f"open + list quarters (N={args.opens}): small median {ms(statistics.median(small_open))} "
          f"p95 {ms(p95(small_open))}, large median {ms(statistics.median(large_open))} "
          f"p95 {ms(p95(large_open))}, ratio {open_ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
