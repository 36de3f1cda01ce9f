"""The repository: the only code that knows how quarters, meetings and actions are laid out on disk.

Layout (each .json is a TinyDB file written atomically):
    index.json                          summaries of quarters and meetings, for fast listing
    quarters/<quarter>/quarter.json     the quarter's objectives and key results
    quarters/<quarter>/actions.json     action items opened in its meetings
    quarters/<quarter>/meetings/<id>.json   one meeting, drafts included
A save during a meeting rewrites only that meeting's file, so its cost does not grow with history.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tinydb import Query, TinyDB

from reviewtui.domain.importing import format_path
from reviewtui.domain.progress import progress
from reviewtui.domain.models import ActionItem, Meeting, MeetingKind, MeetingState, Quarter
from reviewtui.store.errors import StoreCorrupt, StoreError
from reviewtui.store.lock import StoreLock
from reviewtui.store.atomic import atomic_write
from reviewtui.store.storage import open_db

FORMAT_VERSION = 1
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
Model = TypeVar("Model", bound=BaseModel)


class QuarterExists(StoreError):
    """Importing a quarter id that is already in the store, without --replace."""


class NoStore(StoreError):
    """A command that only reads was pointed at a directory that holds no store."""


class UnknownQuarter(StoreError):
    """A quarter id that is not in the store."""


@dataclass(frozen=True)
class QuarterSummary:
    """What the home screen lists about a quarter, without loading it."""

    id: str
    name: str
    start: date
    end: date
    objectives: int
    key_results: int
    progress: tuple[float | None, ...] = ()

    @property
    def title(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class MeetingSummary:
    """What lists show about a meeting, without loading its reviews."""

    id: str
    quarter_id: str
    kind: MeetingKind
    facilitator: str
    started_at: datetime
    state: MeetingState
    reviews: int


def _summary_of_quarter(quarter: Quarter) -> dict[str, Any]:
    return {"id": quarter.id, "name": quarter.name, "start": quarter.start.isoformat(),
            "end": quarter.end.isoformat(), "objectives": len(quarter.objectives),
            "key_results": len(quarter.key_results),
            "progress": [progress(kr) for kr in quarter.key_results]}


def _summary_of_meeting(meeting: Meeting) -> dict[str, Any]:
    return {"id": meeting.id, "quarter_id": meeting.quarter_id, "kind": meeting.kind.value,
            "facilitator": meeting.facilitator, "started_at": meeting.started_at.isoformat(),
            "state": meeting.state.value, "reviews": len(meeting.reviews)}


def safe_child(base: Path, name: str, suffix: str = "") -> Path:
    """base/name+suffix, refusing any user-given name that could leave base."""
    if not _SAFE_NAME.fullmatch(name):
        raise StoreError(f"'{name}' cannot be used as a store id")
    child = base / f"{name}{suffix}"
    if child.resolve().parent != base.resolve():
        raise StoreError(f"'{name}' would leave the store directory")
    return child


class Store:
    """A reviewtui store directory, held exclusively by this process while open."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = StoreLock(directory)
        self._index: TinyDB | None = None
        self._open_files: dict[Path, TinyDB] = {}
        # Summaries live in memory: the lock makes this process the index's only writer.
        self._quarter_rows: dict[str, dict[str, Any]] = {}
        self._meeting_rows: dict[tuple[str, str], dict[str, Any]] = {}

    # --- opening and closing -----------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path | str, *, create: bool = True) -> Store:
        """Take the lock and check the index (creating the store if allowed); raise StoreError if not."""
        directory = Path(directory).expanduser()
        if not create and not (directory / "index.json").exists():
            raise NoStore(f"no reviewtui store at {directory}; import a quarter into it first: "
                          f"reviewtui import FILE --store {directory}")
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the store directory {directory}: {error.strerror}") from None
        if not directory.is_dir():
            raise StoreError(f"{directory} is not a directory")
        store = cls(directory)
        store._lock.acquire()
        try:
            store._open_index()
        except BaseException:
            store.close()
            raise
        return store

    def _open_index(self) -> None:
        path = self.directory / "index.json"
        is_new = not path.exists()
        if is_new and (self.directory / "quarters").exists():
            raise StoreCorrupt(path, "is missing but quarters/ exists; restore index.json from index.json.bak")
        self._remove_leftover_temp_files()
        if is_new:
            atomic_write(path, json.dumps({"meta": {"1": {"format": FORMAT_VERSION}}}).encode())
        self._index = open_db(path)
        version = (self._index.table("meta").get(doc_id=1) or {}).get("format")
        if version != FORMAT_VERSION:
            raise StoreCorrupt(path, f"has store format {version!r}; this reviewtui reads format {FORMAT_VERSION}")
        self._quarter_rows = {row["id"]: dict(row) for row in self._rows("quarters")}
        self._meeting_rows = {(row["quarter_id"], row["id"]): dict(row) for row in self._rows("meetings")}

    def _rows(self, table: str) -> list[Any]:
        try:
            rows = self.index.table(table).all()
            for row in rows:
                row["id"], row.get("quarter_id", "")  # every row names itself
        except (KeyError, TypeError, AttributeError):
            raise self._damaged_index(table[:-1]) from None
        return rows

    def _remove_leftover_temp_files(self) -> None:
        """Temp files of a killed writer are garbage; we hold the lock, so no one else is writing."""
        for pattern in (".*.tmp", ".*.baktmp"):
            for leftover in self.directory.rglob(pattern):
                leftover.unlink(missing_ok=True)

    def close(self) -> None:
        for db in self._open_files.values():
            db.close()
        self._open_files.clear()
        if self._index is not None:
            self._index.close()
            self._index = None
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- files ----------------------------------------------------------------------------------------
    @property
    def index(self) -> TinyDB:
        if self._index is None:
            raise StoreError("the store is closed")
        return self._index

    def _quarter_dir(self, quarter_id: str) -> Path:
        return safe_child(self.directory / "quarters", quarter_id)

    def _db(self, path: Path, *, create: bool) -> TinyDB:
        db = self._open_files.get(path)
        if db is None:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            db = self._open_files[path] = open_db(path, create=create and not path.exists())
        return db

    def _load_one(self, path: Path, table: str, model: type[Model]) -> Model:
        doc = self._db(path, create=False).table(table).get(doc_id=1)
        if doc is None:
            raise StoreCorrupt(path, f"holds no {table}")
        try:
            return model.model_validate(dict(doc))
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise StoreCorrupt(path, f"holds invalid data at {format_path(first['loc'])}: {first['msg']}") from None

    def _save_one(self, path: Path, table: str, model: BaseModel) -> None:
        """Write a one-document file in a single atomic write (no read-modify-write: its cost is its size)."""
        # pydantic serialises in Rust; defaults are left out so untouched reviews in a long agenda stay small.
        text = f'{{"{table}": {{"1": {model.model_dump_json(exclude_defaults=True)}}}}}'
        db = self._open_files.get(path)
        if db is None and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text.encode("utf-8"))
            return
        if db is None:
            db = self._db(path, create=False)
        db.storage.ensure_readable()  # a damaged file is reported, never replaced
        db.storage.write_text(text)
        db.table(table).clear_cache()

    # --- quarters -------------------------------------------------------------------------------------
    def _damaged_index(self, what: str) -> StoreCorrupt:
        return StoreCorrupt(self.directory / "index.json",
                            f"has a damaged {what} row; restore it from index.json.bak")

    def quarters(self) -> list[QuarterSummary]:
        """Every quarter in the store, oldest first."""
        try:
            rows = [QuarterSummary(id=r["id"], name=r["name"], start=date.fromisoformat(r["start"]),
                                   end=date.fromisoformat(r["end"]), objectives=r["objectives"],
                                   key_results=r["key_results"], progress=tuple(r.get("progress", ())))
                    for r in self._quarter_rows.values()]
        except (KeyError, TypeError, ValueError):
            raise self._damaged_index("quarter") from None
        return sorted(rows, key=lambda q: (q.start, q.id))

    def has_quarter(self, quarter_id: str) -> bool:
        return quarter_id in self._quarter_rows

    def load_quarter(self, quarter_id: str) -> Quarter:
        if not self.has_quarter(quarter_id):
            raise UnknownQuarter(f"no quarter '{quarter_id}' in {self.directory}")
        return self._load_one(self._quarter_dir(quarter_id) / "quarter.json", "quarter", Quarter)

    def save_quarter(self, quarter: Quarter, *, replace: bool = False) -> None:
        """Store a quarter; refuse an existing id unless replace. Its meetings and actions are kept."""
        exists = self.has_quarter(quarter.id)
        if exists and not replace:
            raise QuarterExists(f"quarter '{quarter.id}' is already in the store; pass --replace to overwrite it")
        self._save_one(self._quarter_dir(quarter.id) / "quarter.json", "quarter", quarter)
        summary = _summary_of_quarter(quarter)
        self._upsert_row("quarters", Query().id == quarter.id, summary, exists=exists)
        self._quarter_rows[quarter.id] = summary

    def _upsert_row(self, table: str, where: Any, row: dict[str, Any], *, exists: bool) -> None:
        if exists:
            self.index.table(table).update(row, where)
        else:
            self.index.table(table).insert(row)

    # --- meetings -------------------------------------------------------------------------------------
    def meetings(self, quarter_id: str | None = None) -> list[MeetingSummary]:
        """Meetings, oldest first, optionally of one quarter."""
        try:
            rows = [MeetingSummary(id=r["id"], quarter_id=r["quarter_id"], kind=MeetingKind(r["kind"]),
                                   facilitator=r["facilitator"], started_at=datetime.fromisoformat(r["started_at"]),
                                   state=MeetingState(r["state"]), reviews=r["reviews"])
                    for r in self._meeting_rows.values() if quarter_id is None or r["quarter_id"] == quarter_id]
        except (KeyError, TypeError, ValueError):
            raise self._damaged_index("meeting") from None
        return sorted(rows, key=lambda m: (m.started_at, m.id))

    def drafts(self) -> list[MeetingSummary]:
        """Meetings that were started and not confirmed: offered for resume, newest first."""
        return [m for m in reversed(self.meetings()) if m.state is MeetingState.DRAFT]

    def meeting_exists(self, quarter_id: str, meeting_id: str) -> bool:
        """True when the id is listed or its file exists (a crash can leave a file not yet listed)."""
        return (quarter_id, meeting_id) in self._meeting_rows or self._meeting_path(quarter_id, meeting_id).exists()

    def _meeting_path(self, quarter_id: str, meeting_id: str) -> Path:
        return safe_child(self._quarter_dir(quarter_id) / "meetings", meeting_id, ".json")

    def load_meeting(self, quarter_id: str, meeting_id: str) -> Meeting:
        return self._load_one(self._meeting_path(quarter_id, meeting_id), "meeting", Meeting)

    def save_meeting(self, meeting: Meeting) -> None:
        """Write a meeting through to disk; the index is touched only when its summary changes."""
        if not self.has_quarter(meeting.quarter_id):
            raise UnknownQuarter(f"no quarter '{meeting.quarter_id}' in {self.directory}")
        self._save_one(self._meeting_path(meeting.quarter_id, meeting.id), "meeting", meeting)
        key = (meeting.quarter_id, meeting.id)
        summary = _summary_of_meeting(meeting)
        known = self._meeting_rows.get(key)
        if known != summary:
            query = (Query().id == meeting.id) & (Query().quarter_id == meeting.quarter_id)
            self._upsert_row("meetings", query, summary, exists=known is not None)
            self._meeting_rows[key] = summary

    # --- action items ---------------------------------------------------------------------------------
    def actions(self, quarter_id: str) -> list[ActionItem]:
        """Every action item opened in the quarter's meetings, in the order they were opened."""
        path = self._quarter_dir(quarter_id) / "actions.json"
        if not path.exists():
            return []
        try:
            return [ActionItem.model_validate(dict(doc)) for doc in self._db(path, create=False).table("actions").all()]
        except ValidationError as error:
            raise StoreCorrupt(path, f"holds an invalid action item: {error.errors()[0]['msg']}") from None

    def save_actions(self, quarter_id: str, actions: list[ActionItem]) -> None:
        """Insert new action items and update known ones by id (at most two atomic writes)."""
        path = self._quarter_dir(quarter_id) / "actions.json"
        table = self._db(path, create=True).table("actions")
        known = {doc["id"] for doc in table.all()}
        updates = [(a.model_dump(mode="json"), Query().id == a.id) for a in actions if a.id in known]
        inserts = [a.model_dump(mode="json") for a in actions if a.id not in known]
        if updates:
            table.update_multiple(updates)
        if inserts:
            table.insert_multiple(inserts)
