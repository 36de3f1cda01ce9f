"""Keypress to screen in a live review, as users see it: the `reviewtui` command in a terminal, the real clock
ticking, against a bare Textual Input launched the same way.

Run by hand:  python bench/bench_keypress.py [--rounds 3] [--keys 20] [--next 4] [--no-large]

Every app runs in its own pseudo-terminal (bench/ptyapp.py: TERM=xterm-256color, 120x32, the pty as the
controlling terminal), launched fresh:
  bare:  bench/bare_input.py, one focused Input(type="number"), run by the command's interpreter;
  demo:  `reviewtui review --store DIR` on a fresh copy of a store seeded with the demo quarter: the set-up
         screen gets a facilitator typed and ctrl+s, the review screen comes up with the value field focused
         and its 1-second tick running (wall clock, countdown, agenda, the time saved every second);
  large: the same on a copy of the large store (8 quarters x 500 KRs x 13 meetings): a 500-KR agenda.
Keypress (in the review, in the Evidence field: a text field like the bare Input; a long string of digits
in the value field soon lies far outside the KR's range and gets 'did you mean ...?', a line that changes on
every key): a prefix ("31415") is typed first, untimed; then one digit at a time is written to the pty and timed
until the terminal output holds the field's new text (the digits drawn between a style change and the
cursor), i.e. the echo as a user would see it. Between keys the app is left alone for a random 80-200 ms
(a typist's pace; the same sequence on every app), reading its output. After 6 timed digits the field is
brought back to the prefix with backspaces (each waited for, not timed).
Next KR (reviewtui only): on the KR on screen (after the first, "4242" is typed into its value field and its
echo waited for: keys that do not reach the field stop the measurement and are reported), tab to the decision
(8 fields on), enter, down (continue), enter, tab to "Why" and type a reason; once "Decision logged" is drawn,
ctrl+n is written and timed until the agenda's "▶ <id>" is drawn: it is redrawn after the new form is mounted,
so the whole new KR is on screen (the header's "KR n+1 of N: <id>" comes earlier, over a screen still being
rebuilt; also printed).
Launches are interleaved in rounds (bare, demo, large, bare, ...). Reported: echo median and p95 per app,
their ratios to bare, the spread of the per-round median ratio; next-KR median and max.
Targets: echo median <= 1.5x bare, p95 <= 2x bare; next KR <= 100 ms on the demo.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from ptyapp import SIZE, PtyApp, child_env, reviewtui_command  # noqa: E402

PREFIX = "31415"  # typed untimed first: every timed value is then 6+ digits, drawn nowhere else on screen
DIGITS = "2718281828"
GROUP = 6  # timed digits before the field is brought back to the prefix
GAP_S = (0.08, 0.20)
BACKSPACE, TAB, ENTER, DOWN, CTRL_N, CTRL_S = b"\x7f", b"\t", b"\r", b"\x1b[B", b"\x0e", b"\x13"
BTAB = b"\x1b[Z"
TABS_TO_DECISION = 8  # value -> confidence, evidence, blocker, escalate, next action, owner, due, decision
DOWNS_TO_DECISION = 1  # from the blank prompt: continue (with a reason, the gate opens on any KR)
REASON = "the fix ships next week"
FOCUS_CHECK = "4242"  # typed into each new KR's value field before deciding it
TARGETS = {"median": 1.5, "p95": 2.0}
NEXT_TARGET_S = 0.100
FACILITATOR = "Ana Ruiz"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def echo_of(value: str) -> re.Pattern[bytes]:
    """The field's text drawn whole: after a style change (…m), before the cursor or the padding."""
    return re.compile(rb"m" + re.escape(value.encode()) + rb"[ \x1b]")


def press(app: PtyApp, key: bytes, times: int, gap: float) -> None:
    """Send a key `times` times, `gap` seconds apart (untimed)."""
    for _ in range(times):
        app.send(key)
        app.drain(gap)


def type_and_wait(app: PtyApp, key: str, value: str) -> None:
    """Type one key (untimed) and wait until the field shows value."""
    start = len(app.output)
    app.send(BACKSPACE if key == "backspace" else key.encode())
    app.wait_for(echo_of(value), start, timeout=10)


def time_keys(app: PtyApp, keys: int, rng: random.Random) -> list[float]:
    """Type the prefix, then `keys` timed digits; seconds from each write to its echo."""
    value = ""
    for char in PREFIX:
        value += char
        type_and_wait(app, char, value)
    app.drain(0.3)
    echoes = []
    for n in range(keys):
        app.drain(rng.uniform(*GAP_S))
        digit = DIGITS[n % len(DIGITS)]
        value += digit
        start = len(app.output)
        sent = app.send(digit.encode())
        echoes.append(app.wait_for(echo_of(value), start, timeout=10) - sent)
        if n % GROUP == GROUP - 1 or n == keys - 1:
            while len(value) > len(PREFIX):
                value = value[:-1]
                type_and_wait(app, "backspace", value)
    return echoes


def time_next_kr(app: PtyApp, samples: int, rng: random.Random,
                 position: int = 1) -> tuple[list[tuple[float, float]], str]:
    """Decide the KR on screen by keys and move on with ctrl+n, `samples` times.

    Returns, per ctrl+n, seconds until the header names the next KR and until the whole KR is on screen, and
    what failed (empty when nothing did). position: the number of the KR on screen."""
    times = []
    for sample in range(samples):
        if sample:  # a new KR: its value field should have the focus (checked, as keys were seen to go astray)
            start = len(app.output)
            app.send(FOCUS_CHECK.encode())
            try:
                app.wait_for(echo_of(FOCUS_CHECK), start, timeout=2)
            except TimeoutError:
                return times, (f"KR {position}: digits typed after the KR was drawn did not all reach its value "
                               f"field (keys lost or sent elsewhere)")
            app.drain(0.1)
            # Empty the value field again: the check is far outside most KRs' range, and a far-off value is
            # asked about ("did you mean ...?") before the gate opens.
            press(app, BACKSPACE, len(FOCUS_CHECK), 0.02)
            app.drain(0.2)
        press(app, TAB, TABS_TO_DECISION, 0.05)
        start = len(app.output)
        app.send(ENTER)
        try:  # the list is open (the footer offers to dismiss it), so the arrows go to it
            app.wait_for(b"Dismiss", start, timeout=5)
        except TimeoutError:
            return times, f"KR {position}: enter did not open the decision list (the form's fields differ?)"
        app.drain(0.15)
        press(app, DOWN, DOWNS_TO_DECISION, 0.05)
        start = len(app.output)
        app.send(ENTER)
        try:  # chosen: the gate asks for the reason (an off-track KR) or is open already
            app.wait_for(re.compile(rb"written reason to continue|Decision logged"), start, timeout=5)
        except TimeoutError:
            return times, f"KR {position}: 'continue' was not chosen by keys"
        app.drain(0.1)
        start = len(app.output)
        app.send(TAB)  # to "Why" (revisit and new target are skipped: disabled for this decision)
        app.drain(0.05)
        app.send(REASON.encode())
        try:
            app.wait_for(b"Decision logged", start, timeout=5)
        except TimeoutError:
            gate = re.findall(rb"To move on, log: ([^\x1b]*)", app.output[start:])
            return times, (f"KR {position}: the decision was not logged by keys (the gate said: "
                           f"{gate[-1].decode(errors='replace').strip() if gate else '?'})")
        app.drain(rng.uniform(0.3, 0.6))
        start = len(app.output)
        sent = app.send(CTRL_N)
        header = re.compile(rb"KR %d of \d+: ([A-Za-z0-9._-]+)" % (position + 1))
        app.wait_for(header, start, timeout=10)
        found = header.search(app.output, start)
        kr_id = found.group(1)
        # "▶ <id>" in the agenda (its own style, so an escape code or a space follows the id)
        drawn = app.wait_for(re.compile(rb"\xe2\x96\xb6 " + re.escape(kr_id) + rb"[ \x1b]"), start, timeout=10)
        times.append((app.drawn_at(found.end() - 1) - sent, drawn - sent))
        position += 1
        app.drain(rng.uniform(0.2, 0.4))
    return times, ""


def run_bare(env: dict[str, str], keys: int, seed: int) -> dict[str, object]:
    app = PtyApp([sys.executable, str(BENCH / "bare_input.py")], env)
    app.spawn()
    try:
        app.wait_for(b"new value", timeout=60)  # the placeholder: the field is up
        app.drain(1.0)
        echoes = time_keys(app, keys, random.Random(seed))
    finally:
        code = app.close()
    if code != 0:
        raise RuntimeError(f"the bare app exited with {code}")
    return {"echo": echoes, "next": [], "failed": ""}


def run_review(template: Path, tmp: Path, env: dict[str, str], keys: int, next_samples: int,
               seed: int) -> dict[str, object]:
    store = tmp / f"store-{time.monotonic_ns()}"
    shutil.copytree(template, store)  # fresh each launch: the last one left its meeting as a draft
    app = PtyApp([*reviewtui_command(), "review", "--store", str(store)], env)
    app.spawn()
    try:
        app.wait_for(b"ctrl+s starts", timeout=60)  # the set-up screen, facilitator focused
        app.drain(0.5)
        app.send(FACILITATOR.encode())
        app.drain(0.3)
        start = len(app.output)
        app.send(CTRL_S)
        app.wait_for(b"KR 1 of", start, timeout=60)  # the review screen, value focused
        app.drain(1.0)
        # Timed in the Evidence field, a text field like the bare Input: a string of digits in the value field
        # soon lies far outside any KR's range and is asked about ('did you mean ...?'), a line that changes on
        # every key (a real value does not).
        app.send(TAB + TAB)  # value -> confidence -> evidence
        app.drain(0.3)
        rng = random.Random(seed)
        echoes = time_keys(app, keys, rng)
        press(app, BACKSPACE, len(PREFIX), 0.02)  # empty the evidence, and back to the value field
        app.send(BTAB + BTAB)
        app.drain(0.3)
        nexts, failed = time_next_kr(app, next_samples, rng) if next_samples else ([], "")
    finally:
        code = app.close()
    shutil.rmtree(store, ignore_errors=True)
    if code != 0:
        raise RuntimeError(f"reviewtui exited with {code}; last output: {bytes(app.output[-400:])!r}")
    return {"echo": echoes, "next": nexts, "failed": failed}


def build_templates(tmp: Path, large: bool) -> dict[str, Path]:
    from datetime import date

    from bench_store_save import build_large_store

    from reviewtui.demo import seed_demo
    from reviewtui.store import Store

    templates = {"demo": tmp / "demo"}
    with Store.open(templates["demo"], create=True) as store:
        seed_demo(store, date.today())
    if large:
        templates["large"] = tmp / "large"
        build_large_store(templates["large"])
    return templates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="launches of each app, interleaved (default 3)")
    parser.add_argument("--keys", type=int, default=20, help="timed digits per launch (default 20)")
    parser.add_argument("--next", type=int, default=4, help="timed ctrl+n per reviewtui launch (default 4)")
    parser.add_argument("--no-large", dest="large", action="store_false", help="skip the 500-KR agenda")
    args = parser.parse_args()

    started = time.perf_counter()
    results: dict[str, list[dict[str, object]]] = {}
    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as name:
        tmp = Path(name)
        templates = build_templates(tmp, args.large)
        env = child_env(str(tmp / "pycache"))
        print(f"setup {time.perf_counter() - started:.0f} s; command {' '.join(reviewtui_command())}, terminal "
              f"{SIZE[0]}x{SIZE[1]}, TERM={env['TERM']}")
        run_bare(env, 3, 0)  # warm-up, not timed: bytecode cache, disk cache
        for template in templates.values():
            run_review(template, tmp, env, 3, 0, 0)
        for round_ in range(args.rounds):
            results.setdefault("bare", []).append(run_bare(env, args.keys, round_))
            for label, template in templates.items():
                results.setdefault(label, []).append(
                    run_review(template, tmp, env, args.keys, args.next, round_))

    def all_of(label: str, part: str) -> list:
        return [value for run in results[label] for value in run[part]]

    bare = all_of("bare", "echo")
    print(f"\nkeypress -> echo on the terminal, {args.rounds} launches x {args.keys} digits per app, interleaved "
          f"({time.perf_counter() - started:.0f} s):")
    for label in results:
        echoes = all_of(label, "echo")
        line = (f"  {label:5}: median {ms(statistics.median(echoes))}, p95 {ms(p95(echoes))}, "
                f"fastest {ms(min(echoes))}, slowest {ms(max(echoes))}")
        if label != "bare":
            per_round = sorted(statistics.median(run["echo"]) / statistics.median(base["echo"])
                               for run, base in zip(results[label], results["bare"], strict=True))
            line += (f"; ratio median {statistics.median(echoes) / statistics.median(bare):.2f}x "
                     f"(per launch {per_round[0]:.2f}x-{per_round[-1]:.2f}x), p95 {p95(echoes) / p95(bare):.2f}x")
        print(line)
    for label in results:
        if label == "bare":
            continue
        nexts = [whole for _, whole in all_of(label, "next")]
        headers = [first for first, _ in all_of(label, "next")]
        failed = [run["failed"] for run in results[label] if run["failed"]]
        if nexts:
            print(f"  next KR ({label}): whole KR on screen median {ms(statistics.median(nexts))}, fastest "
                  f"{ms(min(nexts))}, slowest {ms(max(nexts))} (N={len(nexts)}); the header names it after "
                  f"{ms(statistics.median(headers))} (median)" + (f"; not measured: {failed[0]}" if failed else ""))
        elif failed:
            print(f"  next KR ({label}): not measured: {failed[0]}")
    for label in results:
        if label == "bare":
            continue
        echoes = all_of(label, "echo")
        median_ratio = statistics.median(echoes) / statistics.median(bare)
        p95_ratio = p95(echoes) / p95(bare)
        verdict = [f"median {median_ratio:.2f}x (<= {TARGETS['median']}x) "
                   f"{'OK' if median_ratio <= TARGETS['median'] else 'OVER TARGET'}",
                   f"p95 {p95_ratio:.2f}x (<= {TARGETS['p95']}x) {'OK' if p95_ratio <= TARGETS['p95'] else 'OVER TARGET'}"]
        nexts = [whole for _, whole in all_of(label, "next")]
        if nexts and label == "demo":
            median_next = statistics.median(nexts)
            verdict.append(f"next KR {ms(median_next)} (<= {ms(NEXT_TARGET_S)}) "
                           f"{'OK' if median_next <= NEXT_TARGET_S else 'OVER TARGET'}")
        print(f"keypress to screen ({label}): " + "; ".join(verdict))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
