"""One process at a time per store: an OS lock that dies with its holder, plus who holds it."""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reviewtui.store.atomic import atomic_write
from reviewtui.store.errors import StoreError, StoreLocked

LOCK_NAME = ".lock"  # Windows only: there a directory cannot be locked, and an open file cannot be deleted
HOLDER_NAME = ".lock.holder"

# The operating system's own file lock, taken without waiting. It belongs to the open file, so it is
# released when the holder closes it or dies in any way (kill -9 included): nothing is left to clean up.
if sys.platform == "win32":  # os.name == "nt", in the form type checkers follow
    import msvcrt

    def _open_lock_target(directory: Path) -> int:
        return os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)

    def _try_lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # OSError when another process holds it

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _open_lock_target(directory: Path) -> int:
        # The store folder itself is locked: it is never deleted while it holds the store, so no file can be
        # removed to let a second writer in, and a read-only store can still be opened for reading.
        return os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # OSError (EWOULDBLOCK) when another process holds it

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Holder:
    """Who holds a store for writing, from the note the holder left."""

    pid: int
    host: str
    since: str


def current_holder(directory: Path) -> Holder | None:
    """The process holding the store, read from its note without touching the lock; None when none is alive.

    A note left by a killed holder names a pid that is gone (on this host), and counts as no holder."""
    try:
        note = json.loads((directory / HOLDER_NAME).read_text())
        holder = Holder(int(note["pid"]), str(note["host"]), str(note["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if holder.host == socket.gethostname() and sys.platform != "win32":  # there signal 0 is CTRL_C_EVENT
        try:
            os.kill(holder.pid, 0)
        except ProcessLookupError:
            return None
        except OSError:  # alive, but someone else's (PermissionError)
            pass
    return holder


class StoreLock:
    """Hold the store's OS lock; a second process is refused with the holder's pid and start time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._fd: int | None = None
        self._wrote_holder = False

    def acquire(self) -> None:
        if self._fd is not None:
            return
        try:
            fd = _open_lock_target(self.directory)
        except OSError as error:
            raise StoreError(f"cannot lock the store {self.directory}: {error.strerror}") from None
        try:
            _try_lock(fd)
        except OSError:
            os.close(fd)
            raise StoreLocked(self._refusal()) from None
        self._fd = fd
        holder = {"pid": os.getpid(), "host": socket.gethostname(),
                  "since": datetime.now().astimezone().isoformat(timespec="seconds")}
        try:
            atomic_write(self.directory / HOLDER_NAME, json.dumps(holder).encode(), backup=False)
            self._wrote_holder = True
        except StoreError:  # a full or read-only disk: the lock holds without the note of who holds it
            pass

    def release(self) -> None:
        if self._fd is None:
            return
        if self._wrote_holder:
            try:
                (self.directory / HOLDER_NAME).unlink(missing_ok=True)
            except OSError:
                pass
            self._wrote_holder = False
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def _refusal(self) -> str:
        try:
            holder = json.loads((self.directory / HOLDER_NAME).read_text())
            who = f"process {int(holder['pid'])} on {holder['host']} since {holder['since']}"
        except (OSError, ValueError, KeyError, TypeError):
            who = "another process"
        return (f"the store {self.directory} is in use by {who}; "
                "close that reviewtui first, or pass --store DIR to use another store")
