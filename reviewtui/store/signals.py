"""Attendees' signals to the facilitator: a raised hand, a '+1 escalate' on a KR.

One small file per attendee and meeting, <store>/signals/<meeting id>/<attendee>.json, written by that
attendee's follower (never the meeting's file, never under the lock), read by the facilitator's review
screen. A signal decides nothing: the facilitator does. What is read is checked like anything else in the
store: a damaged, oversized, linked or foreign file is left out, and text that could act on a terminal is
refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from reviewtui.domain.text import find_unsafe_character
from reviewtui.store.atomic import atomic_write
from reviewtui.store.errors import StoreError
from reviewtui.store.repository import owned_dir, safe_child

SIGNALS = "signals"
MAX_SIGNALS = 50  # attendees per meeting read; more are left out
MAX_BYTES = 4096
MAX_NAME = 80
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Signal:
    """One attendee's signals in one meeting."""

    name: str
    hand: bool = False
    escalate: tuple[str, ...] = ()  # KR ids the attendee would escalate ('+1 escalate')

    @property
    def raised(self) -> bool:
        return self.hand or bool(self.escalate)


def attendee_file(name: str) -> str:
    """A file name for an attendee: their name in plain letters, with a short hash so two names never meet."""
    slug = _SLUG.sub("-", name.lower()).strip("-")[:24] or "attendee"
    return f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:8]}.json"


def _folder(store: Path, meeting_id: str) -> Path:
    return safe_child(store / SIGNALS, meeting_id)


def write_signal(store: Path, meeting_id: str, signal: Signal) -> Path:
    """Write one attendee's signals; StoreError (StoreWriteError: permission, disk full) if it cannot be."""
    problem = find_unsafe_character(signal.name, multiline=False)
    if problem or not signal.name.strip() or len(signal.name) > MAX_NAME:
        raise StoreError(f"the name {signal.name!r} cannot sign a signal: one line of at most {MAX_NAME} "
                         f"printable characters")
    folder = _folder(store, meeting_id)
    owned_dir(folder.parent, create=True)  # never written through a link planted in its place
    owned_dir(folder, create=True)
    path = folder / attendee_file(signal.name)
    payload = {"name": signal.name, "hand": signal.hand, "escalate": list(signal.escalate)}
    atomic_write(path, json.dumps(payload, ensure_ascii=False).encode(), backup=False)
    return path


def folder_stamp(store: Path, meeting_id: str) -> int | None:
    """Changes whenever an attendee's file is written: the folder's modification time (None: no signals)."""
    try:
        return _folder(store, meeting_id).lstat().st_mtime_ns
    except (OSError, StoreError):
        return None


def read_signals(store: Path, meeting_id: str) -> list[Signal]:
    """Every attendee's signals that are raised, by name; what cannot be read safely is left out."""
    try:
        folder = _folder(store, meeting_id)
        if folder.is_symlink() or folder.parent.is_symlink():
            return []
        entries = sorted(os.scandir(folder), key=lambda e: e.name)[: MAX_SIGNALS * 2]
    except (OSError, StoreError):
        return []
    found: list[Signal] = []
    for entry in entries:
        signal = _read_one(entry)
        if signal is not None and signal.raised:
            found.append(signal)
        if len(found) >= MAX_SIGNALS:
            break
    return sorted(found, key=lambda s: s.name.casefold())


def _read_one(entry: os.DirEntry[str]) -> Signal | None:
    if not entry.name.endswith(".json") or entry.name.startswith("."):
        return None
    try:
        if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_size > MAX_BYTES:
            return None
        data = json.loads(Path(entry.path).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    name, hand, escalate = data.get("name"), data.get("hand", False), data.get("escalate", [])
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME \
            or find_unsafe_character(name, multiline=False) or not isinstance(hand, bool) \
            or not isinstance(escalate, list) or len(escalate) > 100 \
            or not all(isinstance(k, str) and _SAFE_ID.fullmatch(k) for k in escalate):
        return None
    return Signal(name.strip(), hand, tuple(dict.fromkeys(escalate)))
