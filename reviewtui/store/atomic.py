"""Crash-safe file replacement: a reader always sees a whole old file or a whole new one.

Temp files are created new (O_EXCL) and never through a symbolic link (O_NOFOLLOW), under names that
only this module makes, so cleaning up after a killed writer can never touch a file that is not ours.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

from reviewtui.store.errors import StoreCorrupt, StoreWriteError

TEMP_SUFFIX = ".rvtmp"
# .<file name>.<pid>.<8 hex>.rvtmp: what atomic_write creates, and the only names cleanup removes.
_TEMP_NAME = re.compile(r"^\.[^/\\]+\.\d+\.[0-9a-f]{8}\.rvtmp$")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has no symbolic-link race of this kind to guard


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def is_temp_name(name: str) -> bool:
    """True only for names atomic_write gives its temp files."""
    return bool(_TEMP_NAME.fullmatch(name))


def remove_leftover_temps(directory: Path) -> None:
    """Delete temp files a killed writer left in this one folder (not below it); only ours, never a link."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if is_temp_name(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:  # a read-only store: the leftover is harmless, it is never read
                pass


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory for fsync
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_new(path: Path, payload: bytes) -> None:
    """Create path (which must not exist) and write payload to it, synced; never through a link."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes, *, backup: bool = True) -> None:
    """Write payload to path via a synced temp file and rename; keep the previous version as path.bak.

    Raises StoreWriteError (disk full, read-only, permission denied, ...) with path left as it was."""
    tmp = temp_name(path)
    try:
        _write_new(tmp, payload)
        if backup and os.path.isfile(path) and not os.path.islink(path):
            _keep_backup(path)
        os.replace(tmp, path)  # replaces a link planted at path itself; never writes through it
        _fsync_dir(path.parent)
    except OSError as error:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise StoreWriteError.from_os_error(path, error) from None


def _keep_backup(path: Path) -> None:
    """A hard link keeps the old version as path.bak without copying it; the rename never leaves path missing."""
    bak_tmp = temp_name(path)
    try:
        os.link(path, bak_tmp)
        os.replace(bak_tmp, backup_path(path))
    except OSError:  # no backup is better than no write (a file system without hard links, say)
        try:
            bak_tmp.unlink(missing_ok=True)
        except OSError:
            pass


def read_bytes_nofollow(path: Path) -> bytes:
    """A store file's bytes; OSError(ELOOP) when path is a symbolic link, which the store never follows."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_json_file(path: Path) -> Any:
    """Load a store file, or raise StoreCorrupt saying what is wrong and where the backup is."""
    try:
        raw = read_bytes_nofollow(path)
    except FileNotFoundError:
        raise StoreCorrupt(path, "is missing; restore it from its .bak copy or a backup") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StoreCorrupt(path, "is a symbolic link; reviewtui does not follow links inside its store: "
                                     "put the file itself there") from None
        raise StoreCorrupt(path, f"cannot be read ({error.strerror})") from None
    hint = f"; the previous version is {backup_path(path)}" if backup_path(path).exists() else ""
    if not raw:
        raise StoreCorrupt(path, f"is empty (0 bytes), probably truncated{hint}")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise StoreCorrupt(path, f"is not UTF-8 text (byte {error.start}){hint}") from None
    except json.JSONDecodeError as error:
        raise StoreCorrupt(
            path, f"is not valid JSON (line {error.lineno} column {error.colno}: {error.msg}){hint}"
        ) from None
