"""The follower in a real browser: headless Chromium loads `reviewtui serve`'s link and follows a facilitator.

Run by hand (needs Debian's `chromium` package):  python bench/browser_follow.py [--changes 10] [--shot FILE]

A demo store gets a weekly check-in started by a facilitator's session in this process (the store's writer,
as `reviewtui review` would be); `reviewtui serve` serves the follower of that store; headless Chromium opens
the link in a 1280x720 window and is driven over its DevTools protocol. Checked: the page shows the
KR the meeting is on; then the facilitator's session types a new value, `changes` times, and each is timed
until the page has received the frame that shows it (target: within 2 s; see WATCH_WEBSOCKET). A screenshot of
the page is written to FILE, and one of the presenter view (p) at a video tile's 640x360 beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import aiohttp

TARGET_S = 2.0
WINDOW = (1280, 720)  # a laptop's browser window: the whole follower, the fields typed included
TILE = (640, 360)  # a small video tile: the presenter view
# xterm draws into a canvas, which holds no text to read: the page's websocket is watched instead, from before the
# page's own script runs, and what it receives is kept as text (escape codes removed). xterm draws it on its next
# animation frame; the screenshot shows that it does.
WATCH_WEBSOCKET = r"""(() => {
  const Real = window.WebSocket;
  window.__received = '';
  window.WebSocket = function (url, protocols) {
    const socket = new Real(url, protocols);
    const decoder = new TextDecoder();
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') return;
      window.__received += decoder.decode(event.data, {stream: true}).replace(/\x1b\[[0-?]*[ -\/]*[@-~]/g, '');
    });
    return socket;
  };
  window.WebSocket.prototype = Real.prototype;
})();"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class DevTools:
    """Just enough of Chromium's DevTools protocol: send a command, wait for its answer."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.next_id = 0

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        await self.websocket.send_str(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads((await self.websocket.receive(timeout=30)).data)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


async def wait_for_text(tools: DevTools, wanted: str, timeout: float, since: int = 0) -> float:
    """Poll the page every 20 ms until what its terminal received after `since` holds wanted; seconds it took."""
    started = time.perf_counter()
    while not await tools.evaluate(f"window.__received.slice({since}).includes({json.dumps(wanted)})"):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{wanted!r} not shown in the browser within {timeout} s")
        await asyncio.sleep(0.02)
    return time.perf_counter() - started


def follower_memory_mb(server_pid: int) -> tuple[float, float]:
    """Resident memory of serve's own process and of the follower processes it runs for the browser, in MB."""
    table = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss=,args="], capture_output=True, text=True).stdout
    rows = [line.split(None, 3) for line in table.splitlines() if line.strip()]
    children: dict[int, list[tuple[int, int, str]]] = {}
    for pid, ppid, rss, *args in rows:
        children.setdefault(int(ppid), []).append((int(pid), int(rss), args[0] if args else ""))
    own = next(int(rss) for pid, _, rss, *_ in rows if int(pid) == server_pid)
    followers, stack = 0, [server_pid]
    while stack:
        for pid, rss, args in children.get(stack.pop(), []):
            stack.append(pid)
            followers += rss if " follow " in f"{args} " and "python" in args else 0
    return own / 1024, followers / 1024


async def drive(url: str, chromium: str, profile: Path, changes: int, shot: Path, session: Any,
                server_pid: int) -> list[float]:
    port = free_port()
    browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                                f"--remote-debugging-port={port}", f"--window-size={WINDOW[0]},{WINDOW[1]}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async with aiohttp.ClientSession() as client:
            for _ in range(100):
                try:
                    async with client.get(f"http://127.0.0.1:{port}/json/list") as response:
                        pages = [t for t in await response.json() if t["type"] == "page"]
                    if pages:
                        break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            async with client.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as websocket:
                tools = DevTools(websocket)
                await tools.send("Page.enable")
                await tools.send("Page.addScriptToEvaluateOnNewDocument", source=WATCH_WEBSOCKET)
                await tools.send("Page.navigate", url=url)
                kr_id = session.kr.id
                loaded = await wait_for_text(tools, kr_id, 60)
                print(f"the browser shows {kr_id} {loaded:.1f} s after loading the link")
                own, follower = follower_memory_mb(server_pid)
                print(f"memory: serve {own:.0f} MB, the browser tab's follower process {follower:.0f} MB (resident)")
                latencies = []
                for n in range(changes):
                    value = float(200 + 7 * n)
                    since = await tools.evaluate("window.__received.length")
                    session.update(kr_id, value=value)  # written through, as the review's quarter-second save does
                    latencies.append(await wait_for_text(tools, f"{value:g} ", 10, since))
                    await asyncio.sleep(0.3)
                png = await tools.send("Page.captureScreenshot", format="png")
                shot.write_bytes(base64.b64decode(png["data"]))
                # The presenter view on a video tile: p, as an attendee presses it, at 640x360.
                await tools.send("Emulation.setDeviceMetricsOverride", width=TILE[0], height=TILE[1],
                                 deviceScaleFactor=1, mobile=False)
                await asyncio.sleep(1.0)
                await tools.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
                for kind in ("keyDown", "keyUp"):
                    await tools.send("Input.dispatchKeyEvent", type=kind, key="p", code="KeyP", text="p",
                                     windowsVirtualKeyCode=80)
                await asyncio.sleep(1.5)
                png = await tools.send("Page.captureScreenshot", format="png")
                shot.with_name(shot.stem + "-presenter.png").write_bytes(base64.b64decode(png["data"]))
                return latencies
    finally:
        browser.terminate()
        browser.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=10, help="values typed by the facilitator (default 10)")
    parser.add_argument("--shot", type=Path, default=Path(tempfile.gettempdir()) / "reviewtui-browser-follow.png",
                        help="where the screenshot goes")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("needs Chromium: apt-get install chromium", file=sys.stderr)
        return 2

    from reviewtui.demo import seed_demo
    from reviewtui.domain.models import MeetingKind
    from reviewtui.domain.review_rules import AgendaOrder
    from reviewtui.session import MeetingPlan, MeetingSession
    from reviewtui.store import Store

    with tempfile.TemporaryDirectory(prefix="reviewtui-browser-") as name:
        tmp = Path(name)
        store = Store.open(tmp / "store")
        seed_demo(store, date.today())
        plan = MeetingPlan(store.quarters()[-1].id, MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.RISK_FIRST)
        session = MeetingSession.start(store, plan, datetime.now().astimezone())
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "reviewtui", "serve", "--store", str(store.directory),
                                   "--port", str(port)], stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            found = re.search(r"http://\S+/", server.stdout.readline())
            assert found, "serve printed no link"
            latencies = asyncio.run(drive(found.group(0), chromium, tmp / "profile", args.changes, args.shot, session,
                                         server.pid))
        finally:
            server.terminate()
            server.wait(timeout=10)
            store.close()
    print(f"a value typed by the facilitator -> shown in the browser, N={len(latencies)}: median "
          f"{statistics.median(latencies) * 1000:.0f} ms, slowest {max(latencies) * 1000:.0f} ms; target <= "
          f"{TARGET_S:.0f} s {'OK' if max(latencies) <= TARGET_S else 'OVER TARGET'}")
    print(f"screenshots: {args.shot} ({WINDOW[0]}x{WINDOW[1]}), "
          f"{args.shot.with_name(args.shot.stem + '-presenter.png')} (presenter view, {TILE[0]}x{TILE[1]})")
    return 0 if max(latencies) <= TARGET_S else 1  # .ci/run runs this check: a change slower than 2 s fails it


if __name__ == "__main__":
    raise SystemExit(main())
