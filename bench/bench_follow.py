"""Following a live review, as users see it: the `reviewtui` command in pseudo-terminals, the real clock ticking.

Run by hand:  python bench/bench_follow.py [--rounds 3] [--keys 20] [--followers 10]

Every app runs in its own pseudo-terminal (bench/ptyapp.py: TERM=xterm-256color, 120x32), launched fresh on a
fresh copy of a store seeded with the demo quarter:
  facilitator: `reviewtui review --store DIR`, a facilitator typed and ctrl+s, the value field focused;
  follower:    `reviewtui follow --store DIR` on the same store, up once it draws "KR 1 of".
Follow latency: a digit is typed into the facilitator's value field and timed until the follower's terminal
output holds the new value ("Value  712 tickets"): keypress -> the facilitator's form -> its save (within a
quarter second) -> the follower's poll of the draft's stamp (every quarter second) -> the follower's frame.
Between keys the apps are left alone for a random 0.6-1.0 s; after 3 digits the field is brought back to its
first digit with backspaces (each waited for on the follower, not timed).
Facilitator echo with followers: the keypress -> echo measurement of bench_keypress.py, in one facilitator
process, with no follower and with N followers of its store running (their terminals read all the while by a
`cat` each), in alternating phases. Followers' memory: resident set of each follower process, after the phases.
Targets (issue 12): follow latency median <= 0.5 s; echo with 10 followers <= 1.1x echo with none.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_keypress import FACILITATOR, PREFIX, ms, p95, time_keys, type_and_wait  # noqa: E402
from ptyapp import SIZE, PtyApp, child_env, reviewtui_command, start_review  # noqa: E402

FOLLOW_TARGET_S = 0.5
RATIO_TARGET = 1.1
GAP_S = (0.6, 1.0)
FIRST = "2"  # the demo's first KR is a ticket count from 420 to 150: values stay within reason (no question)
DIGITS = "1282845904"


def value_drawn(value: str) -> re.Pattern[bytes]:
    """The follower's field line holds the value: after a style change or a space, before the unit's space."""
    return re.compile(rb"[m ]" + re.escape(value.encode()) + rb" ")


def read_all_the_time(apps: list[PtyApp]) -> list[subprocess.Popen[bytes]]:
    """A reader process per follower's terminal, as a terminal is one (a terminal not read stalls its app).

    Processes, not a thread of this one: a reading thread here would compete with the timing loop for the GIL."""
    return [subprocess.Popen(["cat"], stdin=app.fd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for app in apps]


def start_follower(store: Path, env: dict[str, str]) -> PtyApp:
    app = PtyApp([*reviewtui_command(), "follow", "--store", str(store)], env)
    app.spawn()
    app.wait_for(b"KR 1 of", timeout=60)
    return app


def time_follow(facilitator: PtyApp, follower: PtyApp, keys: int, rng: random.Random) -> list[float]:
    """Seconds from a digit typed by the facilitator to the follower's frame holding the new value."""
    value = FIRST
    type_and_wait(facilitator, FIRST, value)
    follower.wait_for(value_drawn(value), timeout=10)
    latencies = []
    for n in range(keys):
        pause_until = time.perf_counter() + rng.uniform(*GAP_S)
        while time.perf_counter() < pause_until:  # both terminals read while idle
            facilitator.drain(0.02)
            follower.drain(0.02)
        digit = DIGITS[n % len(DIGITS)]
        value += digit
        start = len(follower.output)
        sent = facilitator.send(digit.encode())
        deadline = time.perf_counter() + 10
        while not value_drawn(value).search(follower.output, max(0, start - 64)):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the follower never drew {value}; last output {bytes(follower.output[-400:])!r}")
            facilitator.drain(0.005)
            follower.drain(0.005)
        latencies.append(follower.reads[-1][0] - sent)
        if n % 3 == 2 or n == keys - 1:
            while len(value) > len(FIRST):
                value = value[:-1]
                type_and_wait(facilitator, "backspace", value)
            follower.wait_for(value_drawn(value), timeout=10)
    return latencies


def clear(facilitator: PtyApp, value: str) -> None:
    """Empty the value field, one backspace at a time, each waited for."""
    while value:
        value = value[:-1]
        start = len(facilitator.output)
        facilitator.send(b"\x7f")
        facilitator.wait_for(re.compile(rb"new value in") if not value else re.compile(
            rb"m" + re.escape(value.encode()) + rb"[ \x1b]"), start, timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="fresh facilitator launches (default 3)")
    parser.add_argument("--keys", type=int, default=20, help="timed digits per measurement (default 20)")
    parser.add_argument("--followers", type=int, default=10, help="followers for the echo comparison (default 10)")
    args = parser.parse_args()

    from datetime import date

    from reviewtui.demo import seed_demo
    from reviewtui.store import Store

    started = time.perf_counter()
    follow: list[float] = []
    echo: dict[str, list[float]] = {"none": [], "followers": []}
    memory_kb: list[int] = []
    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-follow-") as name:
        tmp = Path(name)
        template = tmp / "demo"
        with Store.open(template, create=True) as store:
            seed_demo(store, date.today())
        env = child_env(str(tmp / "pycache"))
        print(f"command {' '.join(reviewtui_command())}, terminals {SIZE[0]}x{SIZE[1]}, TERM={env['TERM']}, "
              f"{os.cpu_count()} CPUs")
        for round_ in range(args.rounds):
            store = tmp / f"store-{round_}"
            shutil.copytree(template, store)
            rng = random.Random(round_)
            facilitator = start_review(store, env, FACILITATOR)
            try:
                follower = start_follower(store, env)
                try:
                    follow += time_follow(facilitator, follower, args.keys, rng)
                finally:
                    follower.close(quit_keys=b"q")
                clear(facilitator, FIRST)
                phases = ["none", "followers"] if round_ % 2 == 0 else ["followers", "none"]
                for phase in phases:
                    followers: list[PtyApp] = []
                    readers: list[subprocess.Popen[bytes]] = []
                    if phase == "followers":
                        followers = [start_follower(store, env) for _ in range(args.followers)]
                        readers = read_all_the_time(followers)
                        facilitator.drain(1.0)
                    try:
                        echo[phase] += time_keys(facilitator, args.keys, rng)
                        clear(facilitator, PREFIX)
                        memory_kb += [app.memory().get("VmRSS", 0) for app in followers]
                    finally:
                        for app in followers:
                            app.close(quit_keys=b"q")
                        for reader in readers:
                            reader.kill()
                            reader.wait()
            finally:
                facilitator.close()
            shutil.rmtree(store, ignore_errors=True)

    print(f"\n{args.rounds} rounds, {time.perf_counter() - started:.0f} s")
    print(f"follow latency (facilitator keypress -> follower frame), N={len(follow)}: median "
          f"{ms(statistics.median(follow))}, p95 {ms(p95(follow))}, fastest {ms(min(follow))}, slowest "
          f"{ms(max(follow))}; target median <= {ms(FOLLOW_TARGET_S)} "
          f"{'OK' if statistics.median(follow) <= FOLLOW_TARGET_S else 'OVER TARGET'}")
    none, many = echo["none"], echo["followers"]
    ratio = statistics.median(many) / statistics.median(none)
    print(f"facilitator echo, no follower: median {ms(statistics.median(none))}, p95 {ms(p95(none))} (N={len(none)})")
    print(f"facilitator echo, {args.followers} followers: median {ms(statistics.median(many))}, p95 {ms(p95(many))} "
          f"(N={len(many)}); ratio median {ratio:.2f}x, p95 {p95(many) / p95(none):.2f}x; target <= {RATIO_TARGET}x "
          f"{'OK' if ratio <= RATIO_TARGET else 'OVER TARGET'}")
    if memory_kb:
        print(f"memory per follower process (VmRSS): median {statistics.median(memory_kb) / 1024:.0f} MB, "
              f"max {max(memory_kb) / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
