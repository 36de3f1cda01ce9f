"""`reviewtui serve`: the follower in a browser, behind a secret link. The real command, on a free port."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.test_cli import base_env
from tests.test_readers import open_meeting

__all__ = ["open_meeting"]  # the fixture: a meeting open in another process on a demo store

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(open_meeting: tuple[Path, subprocess.Popen[str], str, str]) -> Iterator[tuple[str, int, str]]:
    """`reviewtui serve` on the open meeting's store: (its URL, its port, the KR the meeting is on)."""
    for url, port, kr_id, _ in serving(open_meeting):
        yield url, port, kr_id


@pytest.fixture
def served_process(open_meeting: tuple[Path, subprocess.Popen[str], str, str]) -> Iterator[
        tuple[str, int, subprocess.Popen[str]]]:
    """`reviewtui serve` on the open meeting's store: (its URL, its port, its process)."""
    for url, port, _, server in serving(open_meeting):
        yield url, port, server


def serving(open_meeting: tuple[Path, subprocess.Popen[str], str, str]) -> Iterator[
        tuple[str, int, str, subprocess.Popen[str]]]:
    store, _, quarter_id, meeting_id = open_meeting
    import json

    meeting = json.loads((store / "quarters" / quarter_id / "meetings" / f"{meeting_id}.json").read_text())
    kr_id = meeting["meeting"]["1"]["agenda"][0]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "reviewtui", "serve", "--store", str(store), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                              env=base_env())
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]{20,})/", line)
        assert found, line + (server.stderr.read() if server.stderr else "")
        assert int(found.group(1)) == port
        yield found.group(0), port, kr_id, server
    finally:
        server.terminate()
        server.wait(timeout=10)
        for stream in (server.stdout, server.stderr):
            if stream is not None:
                stream.close()


async def test_serve_refuses_without_the_token_and_serves_the_follower_with_it(served: tuple[str, int, str]) -> None:
    url, port, kr_id = served
    token = url.rstrip("/").rsplit("/", 1)[1]
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as client:
        for path in ("/", "/ws", "/static/js/textual.js", f"/{token[:-1]}/", f"/{token}x/", f"/?token={token}"):
            async with client.get(base + path) as response:
                assert response.status == 403, path
                assert await response.text() == "forbidden\n"
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await client.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30")
        with pytest.raises(aiohttp.WSServerHandshakeError):  # another site's page, even one that knew the link
            await client.ws_connect(f"ws://127.0.0.1:{port}/{token}/ws", headers={"Origin": "http://evil.example"})

        async with client.get(url) as response:
            assert response.status == 200
            page = await response.text()
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/{token}/ws"' in page
        async with client.get(f"{url}static/js/textual.js") as response:
            assert response.status == 200

        # The browser's side of the websocket, far enough to see the follower's first frames.
        seen = ""
        async with client.ws_connect(f"ws://127.0.0.1:{port}/{token}/ws?width=120&height=32") as websocket:
            while kr_id not in ANSI.sub("", seen):
                message = await websocket.receive(timeout=60)
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
                if message.type is aiohttp.WSMsgType.BINARY:
                    seen += message.data.decode("utf-8", "replace")


def test_serve_on_a_port_in_use_or_no_port_says_so_in_one_line(tmp_path: Path) -> None:
    from reviewtui.store import Store
    from tests.test_cli import run
    from tests.test_readers import files

    Store.open(tmp_path / "store").close()
    before = files(tmp_path / "store")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), "--store", tmp_path / "store")
        assert result.returncode == 2
        assert result.stderr.startswith(f"reviewtui: cannot serve on 127.0.0.1 port {port}: ")
        assert result.stderr.count("\n") == 1 and "choose another with --port" in result.stderr
    result = run("serve", "--port", "70000", "--store", tmp_path / "store")
    assert result.returncode == 2 and result.stderr == "reviewtui: --port 70000 is not a port number (1 to 65535)\n"
    assert files(tmp_path / "store") == before  # serving writes nothing


def test_serve_refuses_a_folder_that_is_not_a_store_in_one_line(tmp_path: Path) -> None:
    from tests.test_cli import run

    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "no" / "such" / "dir", tmp_path / "empty"):  # mistyped, or not a store
        result = run("serve", "--port", str(free_port()), "--store", folder)
        assert result.returncode == 2, result.stdout
        assert result.stdout == ""  # no link printed
        assert result.stderr == (f"reviewtui: no reviewtui store at {folder}; give --store the folder the "
                                 "facilitator's reviewtui uses (the path its home screen shows)\n")
    assert not (tmp_path / "no").exists() and not any((tmp_path / "empty").iterdir())


async def test_a_plain_get_on_the_websocket_gets_400_and_nothing_is_printed(
        served_process: tuple[str, int, subprocess.Popen[str]]) -> None:
    url, _, server = served_process
    async with aiohttp.ClientSession() as client:
        async with client.get(f"{url}ws") as response:  # curl http://127.0.0.1:PORT/<token>/ws
            assert response.status == 400
            assert await response.text() == "bad request: this address is for the page's websocket\n"
        async with client.get(url) as response:  # and the server still serves the page after it
            assert response.status == 200
    server.terminate()
    server.wait(timeout=10)
    assert server.stderr is not None and server.stderr.read() == ""  # no traceback in the serve terminal


async def test_the_page_takes_its_font_from_the_server_never_an_outside_site(
        served: tuple[str, int, str]) -> None:
    url, _, _ = served
    async with aiohttp.ClientSession() as client:
        async with client.get(url) as response:
            page = await response.text()
        assert "googleapis" not in page and "https://" not in page
        fonts = re.findall(r'url\("([^"]+\.ttf)"\)', page)
        assert fonts and all(font.startswith(f"{url}static/fonts/") for font in fonts)
        for font in fonts:
            async with client.get(font) as response:
                assert response.status == 200 and len(await response.read()) > 10_000


async def test_stopping_serve_with_a_tab_open_ends_its_follower_quietly(
        served_process: tuple[str, int, subprocess.Popen[str]]) -> None:
    """Ctrl+C or SIGTERM with a browser tab open: the tab's follower process ends, and the serve terminal shows
    no traceback (each open tab printed 'Event loop is closed' tracebacks as serve exited)."""
    url, port, server = served_process
    token = url.rstrip("/").rsplit("/", 1)[1]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    async with aiohttp.ClientSession() as client, \
            client.ws_connect(f"ws://127.0.0.1:{port}/{token}/ws?width=120&height=32") as websocket:
        message = await websocket.receive(timeout=60)  # the follower is up and drawing
        assert message.type is aiohttp.WSMsgType.BINARY, message
        followers = [int(pid) for pid in children.read_text().split()]
        assert followers  # the tab's follower: a process of its own
        server.terminate()
        assert server.wait(timeout=20) == 0
    assert server.stderr is not None
    said = server.stderr.read()
    assert "Traceback" not in said and "Event loop is closed" not in said, said
    for pid in followers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text(), pid
