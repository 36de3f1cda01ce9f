"""Keypress latency in the review form's value Input, against a bare Textual app with one Input.

Run by hand:  /work/venv/bin/python bench/bench_keypress.py [--presses 200] [--large]

Both apps run under App.run_test() at 120x40 (headless: composing frames is included, writing escape codes
to a terminal is not). The reviewtui side is a real meeting on the demo store: press r, type a facilitator,
ctrl+s, then the review screen's #value Input has focus (clock=lambda: 0.0, fixed now(), so the 1 s tick
adds no time). The bare side is an App with one Input(type="number") focused (the same Input type as #value).

Per press, a digit key event is sent the way Pilot sends it (driver.send_message(events.Key)) and timed:
  echo:    send -> the first composed frame (App._display) after the Input's value changed, i.e. the
           digit is on screen;
  settled: send -> nothing runnable on the event loop, no message queued in the app or any widget of the
           screen, and no refresh pending, i.e. the key's whole chain is done (in reviewtui: Input.Changed ->
           ReviewForm.Edited -> MeetingSession.update, gate and agenda redrawn) and painted;
  CPU:     process CPU time over the settled window (includes this harness's queue checks, both sides).
The presses are split into --blocks blocks (default 2), run bare, reviewtui, bare, reviewtui, ... each
block in a fresh app (and a fresh demo store), so drift on the machine hits both sides alike.
After every 6 digits the field is cleared with 6 backspaces (sent and settled the same way, not timed), so
values stay realistic. Before each timed digit the app is left idle for GAP_S = 60 ms (a fast typist's pace):
Textual paints at most 60 frames/s, and a key sent right after a paint waits for the next frame slot, so
back-to-back keys would measure that ~16.7 ms frame period on both sides instead of the app's work.
Ratios are reviewtui / bare medians. Target: echo ratio <= 1.5x. "settled" includes waiting for the
next 60 fps frame slot when a key causes a second repaint; CPU does not.

Writes: since the review screen debounces saves (SAVE_DELAY_S = 0.25 s, one Store.save_meeting for a
burst of keys), a keypress does not fsync by itself; the saves that happen are timed (by wrapping the
store's save_meeting on this instance) and counted, with how many fell inside a timed press.

With --large, a meeting on the large store (8 quarters x 500 KRs, 13 confirmed meetings each; the current
quarter's agenda has 500 KRs) is timed too, the same way.

For reference, a few presses are also timed the Pilot way (await pilot.press(k); await pilot.pause()).
That number is dominated by Pilot's idle polling (asyncio.sleep(1/50) loops in wait_for_idle) and is
printed only to show why it is not used for the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from reviewtui.app import ReviewApp
from reviewtui.demo import seed_demo
from reviewtui.screens.review import ReviewScreen
from reviewtui.screens.start_meeting import StartMeetingScreen
from reviewtui.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store_save import ms, p95

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SIZE = (120, 40)
DIGITS = "1234567890"
GROUP = 6  # digits typed before the field is cleared
GAP_S = 0.06  # idle time before each timed key, as between a fast typist's keys (see the docstring)
PILOT_PRESSES = 20
TARGET_RATIO = 1.5


class BareApp(App):
    def compose(self) -> ComposeResult:
        yield Input(type="number", placeholder="new value", id="value")

    def on_mount(self) -> None:
        self.query_one(Input).focus()


class KeyTimer:
    """Sends keys to a running app and times echo and settle, using one frame hook for both apps."""

    def __init__(self, app: App, pilot, field: Input) -> None:
        self.app, self.pilot, self.field = app, pilot, field
        self.frame = asyncio.Event()
        self.watch_value: str | None = None
        self.echo_at: float | None = None
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if self.watch_value is not None and self.echo_at is None and field.value != self.watch_value:
                self.echo_at = time.perf_counter()
            self.frame.set()

        app._display = display

    def _refresh_pending(self) -> bool:
        screen = self.app.screen
        return bool(screen._layout_required or screen._repaint_required or screen._dirty_widgets)

    def _messages_pending(self) -> bool:
        screen = self.app.screen
        return any(node._message_queue.qsize() for node in (self.app, *screen.walk_children(with_self=True)))

    async def key(self, key: str) -> tuple[float, float, float]:
        """Send one key; return (echo, settled, CPU seconds used by the process until settled)."""
        char = key if len(key) == 1 else None
        self.watch_value, self.echo_at = self.field.value, None
        self.frame.clear()
        cpu, start = time.process_time(), time.perf_counter()
        self.app._driver.send_message(events.Key(key, char))
        while self.echo_at is None:
            self.frame.clear()
            await self.frame.wait()
        echo = self.echo_at - start
        loop = asyncio.get_running_loop()
        while True:  # settled: nothing runnable, no message queued anywhere, no refresh pending
            await asyncio.sleep(0)
            if self._refresh_pending():
                self.frame.clear()
                await asyncio.wait_for(self.frame.wait(), 1.0)
            elif not loop._ready and not self._messages_pending():
                break
        settled, cpu = time.perf_counter() - start, time.process_time() - cpu
        self.watch_value = None
        return echo, settled, cpu

    async def run(self, presses: int) -> dict[str, list]:
        echoes, settles, cpus, windows = [], [], [], []
        for n in range(presses):
            await asyncio.sleep(GAP_S)
            started = time.perf_counter()
            echo, settled, cpu = await self.key(DIGITS[n % len(DIGITS)])
            windows.append((started, started + settled))
            echoes.append(echo)
            settles.append(settled)
            cpus.append(cpu)
            if n % GROUP == GROUP - 1:
                for _ in range(GROUP):
                    await self.key("backspace")
        return {"echo": echoes, "settled": settles, "cpu": cpus, "windows": windows}

    async def pilot_way(self, presses: int) -> list[float]:
        times = []
        for n in range(presses):
            await asyncio.sleep(GAP_S)
            start = time.perf_counter()
            await self.pilot.press(DIGITS[n % len(DIGITS)])
            await self.pilot.pause()
            times.append(time.perf_counter() - start)
            if n % GROUP == GROUP - 1:
                for _ in range(GROUP):
                    await self.key("backspace")
        return times


async def bench_bare(presses: int, pilot_presses: int) -> dict[str, object]:
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one(Input)
        assert app.focused is field
        timer = KeyTimer(app, pilot, field)
        for _ in range(10):  # warm-up
            await timer.key("5")
            await timer.key("backspace")
        result = await timer.run(presses)
        nodes = len(list(app.screen.walk_children(with_self=True)))
        result["pilot"] = await timer.pilot_way(pilot_presses)
    return {**result, "nodes": nodes, "saves": [], "saves_in_windows": 0}


async def bench_review(store: Store, presses: int, pilot_presses: int) -> dict[str, object]:
    saves: list[tuple[float, float]] = []
    original_save = store.save_meeting

    def timed_save(meeting) -> None:
        start = time.perf_counter()
        original_save(meeting)
        saves.append((start, time.perf_counter()))

    app = ReviewApp(store=store, today=TODAY, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, StartMeetingScreen), app.screen
        await pilot.press(*"Ana Ruiz")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen), screen
        field = screen.query_one("#value", Input)
        field.focus()
        await pilot.pause()
        assert app.focused is field
        store.save_meeting = timed_save  # this instance only: time the debounced draft saves
        timer = KeyTimer(app, pilot, field)
        for _ in range(10):  # warm-up
            await timer.key("5")
            await timer.key("backspace")
        await pilot.pause(0.4)  # let the warm-up's debounced save land
        saves.clear()
        result = await timer.run(presses)
        nodes = len(list(screen.walk_children(with_self=True)))
        in_windows = sum(1 for s0, s1 in saves if any(w0 <= s0 and s1 <= w1 for w0, w1 in result["windows"]))
        durations = [s1 - s0 for s0, s1 in saves]
        result["pilot"] = await timer.pilot_way(pilot_presses)
        del store.save_meeting
    return {**result, "nodes": nodes, "saves": durations, "saves_in_windows": in_windows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presses", type=int, default=200, help="timed digit presses per app (default 200)")
    parser.add_argument("--blocks", type=int, default=2,
                        help="alternate bare/reviewtui in this many blocks of presses (default 2)")
    parser.add_argument("--large", action="store_true",
                        help="also time a meeting on the large store (8 quarters x 500 KRs: an agenda of 500 KRs)")
    args = parser.parse_args()

    start = time.perf_counter()
    results: dict[str, dict] = {}

    def add(label: str, result: dict) -> None:
        merged = results.setdefault(label, {"echo": [], "settled": [], "cpu": [], "pilot": [], "saves": [],
                                            "saves_in_windows": 0})
        for key in ("echo", "settled", "cpu", "pilot", "saves"):
            merged[key] += result[key]
        merged["saves_in_windows"] += result["saves_in_windows"]
        merged["nodes"] = result["nodes"]

    per_block = max(1, args.presses // args.blocks)
    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as tmp:
        if args.large:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from bench_store_save import build_large_store

            build_large_store(Path(tmp) / "large-template")
        for block in range(args.blocks):  # alternate the apps so drift on the machine hits both alike
            pilot_presses = PILOT_PRESSES if block == 0 else 0
            add("bare", asyncio.run(bench_bare(per_block, pilot_presses)))
            with Store.open(Path(tmp) / f"demo-{block}") as store:  # a fresh store: no interrupted meeting
                seed_demo(store, TODAY)
                add("review", asyncio.run(bench_review(store, per_block, pilot_presses)))
            if args.large:
                shutil.copytree(Path(tmp) / "large-template", Path(tmp) / f"large-{block}")
                with Store.open(Path(tmp) / f"large-{block}") as store:
                    add("large", asyncio.run(bench_review(store, per_block, pilot_presses)))
    args.presses = per_block * args.blocks
    print(f"keypress in a focused Input, N={args.presses} digits per app, run_test {SIZE[0]}x{SIZE[1]} "
          f"({time.perf_counter() - start:.0f} s):")
    for label, result in results.items():
        print(f"  {label:6}: echo median {ms(statistics.median(result['echo']))}, p95 {ms(p95(result['echo']))}; "
              f"settled median {ms(statistics.median(result['settled']))}, p95 {ms(p95(result['settled']))}; "
              f"CPU {ms(statistics.median(result['cpu']))}  ({result['nodes']} widgets on screen)")
    for label, result in results.items():
        if label == "bare":
            continue
        saves = result["saves"]
        summary = (f"{len(saves)} (debounced), median {ms(statistics.median(saves))}, max {ms(max(saves))}; "
                   f"{result['saves_in_windows']} inside a timed press") if saves else "none"
        print(f"  {label} draft saves during the {args.presses} presses: {summary}")
    print(f"  Pilot way (press + pause), N={PILOT_PRESSES}: "
          + ", ".join(f"{label} median {ms(statistics.median(r['pilot']))}" for label, r in results.items())
          + " (floor set by Pilot's 20 ms idle polling; not used)")
    bare = results["bare"]
    for label, result in results.items():
        if label == "bare":
            continue
        echo = statistics.median(result["echo"]) / statistics.median(bare["echo"])
        settled = statistics.median(result["settled"]) / statistics.median(bare["settled"])
        cpu = statistics.median(result["cpu"]) / statistics.median(bare["cpu"])
        print(f"keypress to screen ({label}): bare {ms(statistics.median(bare['echo']))}, {label} "
              f"{ms(statistics.median(result['echo']))} ({echo:.2f}x, target <= {TARGET_RATIO}x) "
              f"{'OK' if echo <= TARGET_RATIO else 'OVER TARGET'}; settled {settled:.2f}x, CPU {cpu:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
