"""Run a command in a pseudo-terminal the way a user's terminal would, and watch what it draws.

Used by bench_startup.py and bench_keypress.py. The child gets a pty as its controlling terminal (stdin,
stdout and stderr), TERM=xterm-256color and a fixed size set with TIOCSWINSZ before it starts; the
parent reads everything the child writes (a terminal that is not read would stall the child) and looks
for markers in that byte stream. Nothing here answers the child's terminal queries: a terminal that does
not answer is what Textual meets over many SSH links, and both sides of a comparison meet it alike.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

SIZE = (120, 32)  # columns, rows
CTRL_Q = b"\x11"


def child_env(pycache: str | None = None) -> dict[str, str]:
    """The environment of a launched app: this one, with a real-looking terminal and bytecode cached.

    PYTHONDONTWRITEBYTECODE is dropped and PYTHONPYCACHEPREFIX points at a private directory, so that after a
    warm-up launch every module loads from cached bytecode, as in an installed app (nothing is written into
    the source tree). REVIEWTUI_STORE is dropped: the benchmarks pass --store.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "REVIEWTUI_STORE", "COLUMNS", "LINES")
           and not k.startswith("TEXTUAL")}
    env["TERM"] = "xterm-256color"
    if pycache:
        env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def reviewtui_command() -> list[str]:
    """The installed console script, as users run it (next to this interpreter, else on PATH)."""
    import shutil

    beside = Path(sys.executable).with_name("reviewtui")
    found = str(beside) if beside.exists() else shutil.which("reviewtui")
    return [found] if found else [sys.executable, "-m", "reviewtui"]


def read_status(pid: int) -> dict[str, int]:
    """VmHWM (peak resident set) and VmRSS of a live process, in kB; empty if it is gone."""
    found: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    name, value = line.split(":", 1)
                    found[name] = int(value.split()[0])
    except OSError:
        pass
    return found


class PtyApp:
    """One child process on its own pseudo-terminal; `output` is everything it has written so far."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = SIZE,
                 cwd: str | None = None) -> None:
        self.argv, self.env, self.size, self.cwd = list(argv), env, size, cwd
        self.output = bytearray()
        self.reads: list[tuple[float, int]] = []  # (perf_counter(), len(output)) after each read
        self.pid = -1
        self.fd = -1
        self.spawned = 0.0
        self.rusage = None
        self.status: int | None = None

    def spawn(self) -> float:
        """Start the child; returns the perf_counter() time just before the fork."""
        columns, rows = self.size
        executable = self.argv[0]
        self.spawned = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: set the terminal's size, then become the app
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                if self.cwd:
                    os.chdir(self.cwd)
                os.execve(executable, self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        return self.spawned

    def _read_some(self, timeout: float) -> bool:
        """Read what is there within timeout; False when the child has closed the terminal."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the child has exited and the slave side is closed
            return False
        if not chunk:
            return False
        self.output += chunk
        self.reads.append((time.perf_counter(), len(self.output)))
        return True

    def drawn_at(self, offset: int) -> float:
        """perf_counter() of the read that brought output[offset]."""
        return next(at for at, end in self.reads if end > offset)

    def wait_for(self, pattern: bytes | re.Pattern[bytes], start: int = 0, timeout: float = 30.0) -> float:
        """Read until pattern occurs in output[start:]; returns perf_counter() at the read that completed it."""
        deadline = time.perf_counter() + timeout
        search = pattern.search if isinstance(pattern, re.Pattern) else (
            lambda data, pos: data.find(pattern, pos) >= 0)
        # Search only what can hold a new match: the new bytes and a tail of the old ones.
        overlap = 4096
        checked = start
        while True:
            if search(self.output, max(start, checked - overlap)):
                return time.perf_counter()
            checked = len(self.output)
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{pattern!r} not drawn within {timeout} s by {' '.join(self.argv)}; "
                                   f"last output: {bytes(self.output[-600:])!r}")
            if not self._read_some(min(left, 0.5)):
                if search(self.output, max(start, checked - overlap)):
                    return time.perf_counter()
                raise EOFError(f"{' '.join(self.argv)} ended before drawing {pattern!r}; "
                               f"last output: {bytes(self.output[-600:])!r}")

    def wait_for_all(self, patterns: Sequence[bytes | re.Pattern[bytes]], start: int = 0,
                     timeout: float = 30.0) -> float:
        """Read until every pattern has occurred after start; the time of the read that completed the last."""
        done = 0.0
        for pattern in patterns:
            done = self.wait_for(pattern, start, timeout)
        return done

    def drain(self, seconds: float) -> None:
        """Keep reading (the child must never block on a full terminal) for this long."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            if not self._read_some(min(left, 0.1)):
                return

    def send(self, keys: bytes) -> float:
        """Type keys into the terminal; returns perf_counter() just after the write."""
        os.write(self.fd, keys)
        return time.perf_counter()

    def memory(self) -> dict[str, int]:
        return read_status(self.pid)

    def close(self, quit_keys: bytes = CTRL_Q, grace: float = 5.0) -> int:
        """End the child cleanly: quit keys, then SIGTERM, then SIGKILL; reap it (rusage kept) and close the pty."""
        if self.pid <= 0:
            return -1
        try:
            for signum, wait in ((None, grace), (signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
                try:
                    if signum is None:
                        os.write(self.fd, quit_keys)
                    else:
                        os.kill(self.pid, signum)
                except OSError:
                    pass
                deadline = time.perf_counter() + wait
                while time.perf_counter() < deadline:
                    pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
                    if pid:
                        self.status, self.rusage = status, rusage
                        return os.waitstatus_to_exitcode(status)
                    self._read_some(0.05)
            pid, status, rusage = os.wait4(self.pid, 0)
            self.status, self.rusage = status, rusage
            return os.waitstatus_to_exitcode(status)
        finally:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.pid = -1

    def __enter__(self) -> PtyApp:
        self.spawn()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def screen_text(output: bytes, size: tuple[int, int] = SIZE) -> str:
    """The screen as a terminal would show it (needs pyte; only for looking at a run, not for timing)."""
    import pyte

    screen = pyte.Screen(*size)
    stream = pyte.ByteStream(screen)
    stream.feed(bytes(output))
    return "\n".join(line.rstrip() for line in screen.display)


def start_review(store: Path, env: dict[str, str], facilitator: str = "Ana Ruiz") -> PtyApp:
    """`reviewtui review --store STORE` as a facilitator starts it: their name typed on the set-up screen, then
    ctrl+s; returned once the review screen shows its first KR (the value field has the focus)."""
    app = PtyApp([*reviewtui_command(), "review", "--store", str(store)], env)
    app.spawn()
    app.wait_for(b"ctrl+s starts", timeout=60)
    app.drain(0.5)
    app.send(facilitator.encode())
    app.drain(0.3)
    start = len(app.output)
    app.send(b"\x13")  # ctrl+s
    app.wait_for(b"KR 1 of", start, timeout=60)
    app.drain(1.0)
    return app
