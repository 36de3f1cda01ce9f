"""One process at a time per store: an OS lock that dies with its holder, plus who holds it."""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from reviewtui.store.atomic import atomic_write
from reviewtui.store.errors import StoreLocked

LOCK_NAME = ".lock"
HOLDER_NAME = ".lock.holder"


class StoreLock:
    """Hold the store's OS lock; a second process is refused with the holder's pid and start time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = FileLock(directory / LOCK_NAME, timeout=0, thread_local=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreLocked(self._refusal()) from None
        holder = {"pid": os.getpid(), "host": socket.gethostname(),
                  "since": datetime.now().astimezone().isoformat(timespec="seconds")}
        atomic_write(self.directory / HOLDER_NAME, json.dumps(holder).encode(), backup=False)

    def release(self) -> None:
        if self._lock.is_locked:
            (self.directory / HOLDER_NAME).unlink(missing_ok=True)
            self._lock.release()

    def _refusal(self) -> str:
        try:
            holder = json.loads((self.directory / HOLDER_NAME).read_text())
            who = f"process {int(holder['pid'])} on {holder['host']} since {holder['since']}"
        except (OSError, ValueError, KeyError, TypeError):
            who = "another process"
        return (f"the store {self.directory} is in use by {who}; "
                "close that reviewtui first, or pass --store DIR to use another store")
