"""Crash-safe file replacement: a reader always sees a whole old file or a whole new one."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from reviewtui.store.errors import StoreCorrupt


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory for fsync
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes, *, backup: bool = True) -> None:
    """Write payload to path via a synced temp file and rename; keep the previous version as path.bak."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    if backup and path.exists():
        # A hard link keeps the old version without copying it; the rename below never leaves path missing.
        bak_tmp = path.with_name(f".{path.name}.{os.getpid()}.baktmp")
        try:
            bak_tmp.unlink(missing_ok=True)
            os.link(path, bak_tmp)
            os.replace(bak_tmp, backup_path(path))
        except OSError:
            bak_tmp.unlink(missing_ok=True)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def read_json_file(path: Path) -> Any:
    """Load a store file, or raise StoreCorrupt saying what is wrong and where the backup is."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreCorrupt(path, "is missing; restore it from its .bak copy or a backup") from None
    except OSError as error:
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
