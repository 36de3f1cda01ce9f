"""Attendees' signals to the facilitator: a raised hand, a '+1 escalate' on a KR.

One small file per attendee and meeting, <store>/signals/<quarter id>/<meeting id>/<attendee>.json, written by
that attendee's follower (never the meeting's file, never under the lock), read by the facilitator's review
screen. A signal decides nothing: the facilitator does. Meeting ids repeat (the day and the kind, in every
quarter), so the folder is the quarter's and the meeting's, and each file names the start of the meeting it
was raised in: a file left from an earlier meeting with the same id is left out, never shown. What is read is checked like anything else in the
store: a damaged, oversized, linked or foreign file is left out, and text that could act on a terminal is
refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class SignalsTo:
    """The meeting signals are about: its quarter and id (its folder), and when it started (ids repeat)."""

    quarter_id: str
    meeting_id: str
    started_at: datetime


def attendee_file(name: str) -> str:
    """A file name for an attendee: their name in plain letters, with a short hash so two names never meet."""
    slug = _SLUG.sub("-", name.lower()).strip("-")[:24] or "attendee"
    return f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:8]}.json"


def _folder(store: Path, meeting: SignalsTo) -> Path:
    return safe_child(safe_child(store / SIGNALS, meeting.quarter_id), meeting.meeting_id)


def write_signal(store: Path, meeting: SignalsTo, signal: Signal) -> Path:
    """Write one attendee's signals; StoreError (StoreWriteError: permission, disk full) if it cannot be."""
    problem = find_unsafe_character(signal.name, multiline=False)
    if problem or not signal.name.strip() or len(signal.name) > MAX_NAME:
        raise StoreError(f"the name {signal.name!r} cannot sign a signal: one line of at most {MAX_NAME} "
                         f"printable characters")
    folder = _folder(store, meeting)
    for level in (folder.parent.parent, folder.parent, folder):  # never written through a link planted in its place
        owned_dir(level, create=True)
    path = folder / attendee_file(signal.name)
    payload = {"name": signal.name, "hand": signal.hand, "escalate": list(signal.escalate),
               "meeting_started": meeting.started_at.isoformat()}
    atomic_write(path, json.dumps(payload, ensure_ascii=False).encode(), backup=False)
    return path


def folder_stamp(store: Path, meeting: SignalsTo) -> int | None:
    """Changes whenever an attendee's file is written: the folder's modification time (None: no signals)."""
    try:
        return _folder(store, meeting).lstat().st_mtime_ns
    except (OSError, StoreError):
        return None


def read_signals(store: Path, meeting: SignalsTo) -> list[Signal]:
    """Every attendee's signals raised in this meeting, by name; what cannot be read safely is left out, and so
    is a file raised in an earlier meeting that had the same id."""
    try:
        folder = _folder(store, meeting)
        if folder.is_symlink() or folder.parent.is_symlink() or folder.parent.parent.is_symlink():
            return []
        entries = sorted(os.scandir(folder), key=lambda e: e.name)[: MAX_SIGNALS * 2]
    except (OSError, StoreError):
        return []
    found: list[Signal] = []
    for entry in entries:
        signal = _read_one(entry, meeting.started_at)
        if signal is not None and signal.raised:
            found.append(signal)
        if len(found) >= MAX_SIGNALS:
            break
    return sorted(found, key=lambda s: s.name.casefold())


def _read_one(entry: os.DirEntry[str], started_at: datetime) -> Signal | None:
    if not entry.name.endswith(".json") or entry.name.startswith("."):
        return None
    try:
        if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_size > MAX_BYTES:
            return None
        data = json.loads(Path(entry.path).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not _same_start(data.get("meeting_started"), started_at):
        return None
    name, hand, escalate = data.get("name"), data.get("hand", False), data.get("escalate", [])
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME \
            or find_unsafe_character(name, multiline=False) or not isinstance(hand, bool) \
            or not isinstance(escalate, list) or len(escalate) > 100 \
            or not all(isinstance(k, str) and _SAFE_ID.fullmatch(k) for k in escalate):
        return None
    return Signal(name.strip(), hand, tuple(dict.fromkeys(escalate)))


def _same_start(stamp: object, started_at: datetime) -> bool:
    """Whether a file was raised in the meeting that started at started_at (not an earlier one with its id)."""
    if not isinstance(stamp, str):
        return False
    try:
        return datetime.fromisoformat(stamp) == started_at
    except ValueError:
        return False
