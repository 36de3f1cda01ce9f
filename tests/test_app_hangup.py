"""The real `reviewtui` command in a pseudo-terminal: hangups, SIGTERM and quitting, and the exit code each gives.

A closed terminal sends SIGHUP; the app must save what it can and be gone within a couple of seconds,
with a non-zero exit code when the meeting could not be saved, and never linger as an orphan.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from reviewtui.store import Store

from .test_meeting_flow import seed

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX terminals only")

ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=$ ]*[A-Za-z~@`]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b.")
WAIT_S = 30  # for the app to draw a screen; generous, for a loaded machine: only a hang reaches it
EXIT_WITHIN_S = 5  # the app promises 2 s after SIGHUP or SIGTERM; the margin is for a loaded machine


class Terminal:
    """reviewtui running in a pseudo-terminal of its own, as in a terminal window."""

    def __init__(self, *args: str, cols: int = 120, rows: int = 32) -> None:
        env = {k: v for k, v in os.environ.items() if k not in {"REVIEWTUI_STORE", "NO_COLOR", "TEXTUAL"}}
        env["TERM"] = "xterm-256color"
        argv = [sys.executable, "-m", "reviewtui", *args]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the pty is its controlling terminal
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = b""
        self.status: int | None = None

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the app has closed the terminal
            return False
        self.output += chunk
        return bool(chunk)

    def text(self) -> str:
        return ESCAPES.sub(b"", self.output).decode("utf-8", "replace")

    def wait_for(self, text: str) -> None:
        """Read what the app draws until `text` is on screen."""
        deadline = time.monotonic() + WAIT_S
        while text not in self.text():
            if time.monotonic() > deadline or not self._read(0.1):
                raise AssertionError(f"{text!r} never appeared; the screen said: {self.text()[-1500:]!r}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does, and send the SIGHUP that comes with that."""
        os.close(self.fd)
        self.fd = -1
        os.kill(self.pid, signal.SIGHUP)

    def exit_code(self, within_s: float) -> int:
        """The app's exit code; fails if it is still running after within_s."""
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            if self.fd >= 0:
                self._read(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                return os.waitstatus_to_exitcode(status)
            if self.fd < 0:
                time.sleep(0.05)
        raise AssertionError(f"reviewtui still running {within_s} s later")

    def close(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        if self.fd >= 0:
            os.close(self.fd)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "store"
    with Store.open(directory) as store:
        seed(store)
    return directory


def start_meeting(store_dir: Path) -> Terminal:
    terminal = Terminal("--store", str(store_dir))
    terminal.wait_for("Quarters")
    terminal.send("r")
    terminal.wait_for("Facilitator")
    terminal.send("Ana Ruiz")
    terminal.wait_for("Ana Ruiz")
    terminal.send("\x13")  # ctrl+s: start
    terminal.wait_for("To move on, log")
    return terminal


def first_review_on_disk(store_dir: Path) -> dict:
    meetings = list((store_dir / "quarters" / "2026-Q4" / "meetings").glob("*.json"))
    assert len(meetings) == 1
    return json.loads(meetings[0].read_text())["meeting"]["1"]["reviews"][0]


def test_a_hangup_after_the_store_folder_is_gone_exits_at_once_and_non_zero(store_dir: Path) -> None:
    terminal = start_meeting(store_dir)
    try:
        shutil.rmtree(store_dir)
        terminal.hang_up()
        assert terminal.exit_code(within_s=EXIT_WITHIN_S) == 3
    finally:
        terminal.close()


def test_sigterm_saves_the_meeting_and_exits_0(store_dir: Path) -> None:
    terminal = start_meeting(store_dir)
    try:
        terminal.send("\t\t\tBudget frozen")  # from the value: confidence, evidence, then the blocker
        terminal.wait_for("Budget frozen")
        os.kill(terminal.pid, signal.SIGTERM)
        assert terminal.exit_code(within_s=EXIT_WITHIN_S) == 0
    finally:
        terminal.close()
    assert first_review_on_disk(store_dir)["blocker"] == "Budget frozen"


def test_a_hangup_with_the_store_in_place_saves_and_exits_0(store_dir: Path) -> None:
    terminal = start_meeting(store_dir)
    try:
        terminal.send("\t\t\tBudget frozen")
        terminal.wait_for("Budget frozen")
        terminal.hang_up()
        assert terminal.exit_code(within_s=EXIT_WITHIN_S) == 0
    finally:
        terminal.close()
    assert first_review_on_disk(store_dir)["blocker"] == "Budget frozen"


def test_a_failed_save_is_on_screen_and_quitting_anyway_exits_3_saying_why(store_dir: Path) -> None:
    terminal = start_meeting(store_dir)
    try:
        shutil.rmtree(store_dir)
        terminal.wait_for("✗ Not saved: its folder is gone")  # the next tick's save
        terminal.send("\x11")  # ctrl+q
        terminal.wait_for("Quit without saving?")
        terminal.send("y")
        assert terminal.exit_code(within_s=WAIT_S) == 3
        assert "the meeting's last changes were not saved: its folder is gone" in terminal.text()
    finally:
        terminal.close()


def test_quitting_from_the_home_screen_exits_0(store_dir: Path) -> None:
    terminal = Terminal("--store", str(store_dir))
    try:
        terminal.wait_for("Quarters")
        terminal.send("q")
        assert terminal.exit_code(within_s=WAIT_S) == 0
    finally:
        terminal.close()
