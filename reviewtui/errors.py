"""What can go wrong with a store, each with a sentence a user can act on.

Outside the store package so that screens, which never reach the store, can catch these and say on screen
what went wrong; reviewtui.store re-exports them (reviewtui.store.StoreError is the same class).
"""

from __future__ import annotations

import errno

# The cause of a failed write in the words a user acts on; anything else falls back to the OS's own words.
_WRITE_CAUSES = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "it is a symbolic link, which reviewtui does not follow",
    errno.EEXIST: "a file that reviewtui did not create is in the way",
    errno.ENOENT: "its folder is gone",
    errno.EIO: "input/output error",
}


def write_cause(error: OSError) -> str:
    """Why a write failed, in a few plain words."""
    return _WRITE_CAUSES.get(error.errno or 0) or (error.strerror or str(error)).lower()


class StoreError(Exception):
    """Base for store problems a user can cause or fix."""


class StoreLocked(StoreError):
    """Another process holds the store."""


class StoreCorrupt(StoreError):
    """A store file is unreadable; it is reported and never overwritten."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class StoreWriteError(StoreError):
    """A write the store could not make (disk full, read-only, permission); nothing was half-written."""

    def __init__(self, path: object, cause: str) -> None:
        self.path = path
        self.cause = cause
        super().__init__(f"cannot write {path}: {cause}")

    @classmethod
    def from_os_error(cls, path: object, error: OSError) -> StoreWriteError:
        return cls(path, write_cause(error))


class RollForwardPending(StoreError):
    """A meeting was confirmed, but what it changes could not all be written yet; the next open finishes it."""
