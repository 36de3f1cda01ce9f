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
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import Query, TinyDB

from reviewtui.domain.enums import MeetingState
from reviewtui.store.atomic import atomic_write
from reviewtui.store.errors import StoreCorrupt, StoreError
from reviewtui.store.lock import StoreLock
from reviewtui.store.storage import open_db
from reviewtui.store.summaries import (
    MeetingSummary,
    QuarterSummary,
    is_current,
    meeting_row,
    meeting_summary,
    quarter_row,
    quarter_summary,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

    from reviewtui.domain.models import ActionItem, Meeting, Quarter

# The models (and pydantic) are imported when a file is first loaded or saved, not when the store opens:
# listing quarters and meetings, as the home screen does, reads only the index.

FORMAT_VERSION = 1
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
Model = TypeVar("Model", bound="BaseModel")


class QuarterExists(StoreError):
    """Importing a quarter id that is already in the store, without --replace."""


class NoStore(StoreError):
    """A command that only reads was pointed at a directory that holds no store."""


class UnknownQuarter(StoreError):
    """A quarter id that is not in the store."""


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
        self._rebuild_old_quarter_rows()

    def _rebuild_old_quarter_rows(self) -> None:
        """Rows an older reviewtui wrote lack what the home screen lists: rebuild them from their files, once."""
        for quarter_id, row in list(self._quarter_rows.items()):
            if is_current(row):
                continue
            try:
                quarter_summary(row)  # an old row still names its quarter in full; a damaged one does not
            except (KeyError, TypeError, ValueError):
                raise self._damaged_index("quarter") from None
            try:
                self.verify_quarter(quarter_id)
            except StoreError:  # a damaged file keeps its old row; opening the quarter names the problem
                continue

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
        from pydantic import ValidationError

        from reviewtui.domain.importing import format_path

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
            rows = [quarter_summary(row) for row in self._quarter_rows.values()]
        except (KeyError, TypeError, ValueError):
            raise self._damaged_index("quarter") from None
        return sorted(rows, key=lambda q: (q.start, q.id))

    def has_quarter(self, quarter_id: str) -> bool:
        return quarter_id in self._quarter_rows

    def load_quarter(self, quarter_id: str) -> Quarter:
        if not self.has_quarter(quarter_id):
            raise UnknownQuarter(f"no quarter '{quarter_id}' in {self.directory}")
        from reviewtui.domain.models import Quarter

        return self._load_one(self._quarter_dir(quarter_id) / "quarter.json", "quarter", Quarter)

    def verify_quarter(self, quarter_id: str) -> QuarterSummary:
        """Load and validate a quarter's file (StoreCorrupt if damaged); rebuild its index row if it differs."""
        quarter = self.load_quarter(quarter_id)
        row = quarter_row(quarter)
        if row != self._quarter_rows.get(quarter_id):
            self._upsert_row("quarters", Query().id == quarter_id, row, exists=True)
            self._quarter_rows[quarter_id] = row
        return quarter_summary(row)

    def save_quarter(self, quarter: Quarter, *, replace: bool = False) -> None:
        """Store a quarter; refuse an existing id unless replace. Its meetings and actions are kept."""
        exists = self.has_quarter(quarter.id)
        if exists and not replace:
            raise QuarterExists(f"quarter '{quarter.id}' is already in the store; pass --replace to overwrite it")
        self._save_one(self._quarter_dir(quarter.id) / "quarter.json", "quarter", quarter)
        summary = quarter_row(quarter)
        self._upsert_row("quarters", Query().id == quarter.id, summary, exists=exists)
        self._quarter_rows[quarter.id] = summary

    def _upsert_row(self, table: str, where: Any, row: dict[str, Any], *, exists: bool) -> None:
        """Insert a row, or replace a known one whole (fields an older version wrote do not linger)."""
        if exists:
            def replace(doc: dict[str, Any]) -> None:
                doc.clear()
                doc.update(row)

            self.index.table(table).update(replace, where)
        else:
            self.index.table(table).insert(row)

    # --- meetings -------------------------------------------------------------------------------------
    def meetings(self, quarter_id: str | None = None) -> list[MeetingSummary]:
        """Meetings, oldest first, optionally of one quarter."""
        try:
            rows = [meeting_summary(row) for row in self._meeting_rows.values()
                    if quarter_id is None or row["quarter_id"] == quarter_id]
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
        from reviewtui.domain.models import Meeting

        return self._load_one(self._meeting_path(quarter_id, meeting_id), "meeting", Meeting)

    def save_meeting(self, meeting: Meeting) -> None:
        """Write a meeting through to disk; the index is touched only when its summary changes."""
        if not self.has_quarter(meeting.quarter_id):
            raise UnknownQuarter(f"no quarter '{meeting.quarter_id}' in {self.directory}")
        self._save_one(self._meeting_path(meeting.quarter_id, meeting.id), "meeting", meeting)
        key = (meeting.quarter_id, meeting.id)
        summary = meeting_row(meeting)
        known = self._meeting_rows.get(key)
        if known != summary:
            query = (Query().id == meeting.id) & (Query().quarter_id == meeting.quarter_id)
            self._upsert_row("meetings", query, summary, exists=known is not None)
            self._meeting_rows[key] = summary

    # --- action items ---------------------------------------------------------------------------------
    def actions(self, quarter_id: str) -> list[ActionItem]:
        """Every action item opened in the quarter's meetings, in the order they were opened."""
        from pydantic import ValidationError

        from reviewtui.domain.models import ActionItem

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
