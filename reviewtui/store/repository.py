"""The repository: the only code that knows how quarters, meetings and actions are laid out on disk.

Layout (each .json is a TinyDB file written atomically):
    index.json                          summaries of quarters and meetings, for fast listing (derived)
    quarters/<quarter>/quarter.json     the quarter's objectives and key results, and which confirmed
                                        meetings its current values include ("applied")
    quarters/<quarter>/actions.json     action items opened in its meetings (derived)
    quarters/<quarter>/meetings/<id>.json   one meeting, drafts included
A save during a meeting rewrites only that meeting's file, so its cost does not grow with history.

Confirming a meeting has one commit point: its file is rewritten whole with state "final". Everything
else it changes (KR values, history, action items, the index) is derived from that file and brought up to
date right after, or, after a crash, when the store next opens (roll forward). A confirmed meeting is
never written again.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import Query, TinyDB

from reviewtui.domain.enums import MeetingState
from reviewtui.store.atomic import atomic_write, read_json_file, remove_leftover_temps
from reviewtui.store.errors import RollForwardPending, StoreCorrupt, StoreError, StoreWriteError
from reviewtui.store.lock import Holder, StoreLock, current_holder
from reviewtui.store.storage import atomic_storage, open_db
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
    from collections.abc import MutableMapping

    from pydantic import BaseModel

    from reviewtui.domain.models import ActionItem, Meeting, Quarter

# The models (and pydantic) are imported when a file is first loaded or saved, not when the store opens:
# listing quarters and meetings, as the home screen does, reads only the index.

FORMAT_VERSION = 1
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
_EXPORT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$")
Model = TypeVar("Model", bound="BaseModel")


class QuarterExists(StoreError):
    """Importing a quarter id that is already in the store, without --replace."""


class NoStore(StoreError):
    """A command that only reads was pointed at a directory that holds no store."""


class UnknownQuarter(StoreError):
    """A quarter id that is not in the store."""


class ConfirmedRecord(StoreError):
    """An attempt to change a meeting that is already confirmed: a record is never edited."""


class ReadOnlyStore(StoreError):
    """A write asked of a store opened for reading: readers never write."""


def owned_dir(path: Path, *, create: bool) -> Path:
    """A folder of the store's own: refused if it is a symbolic link (writes never leave the store)."""
    if path.is_symlink():
        raise StoreError(f"{path} is a symbolic link; reviewtui does not write through links in its store: "
                         "replace it with a real folder")
    if create:
        try:
            path.mkdir(exist_ok=True)
        except OSError as error:
            raise StoreWriteError.from_os_error(path, error) from None
    return path


def file_stamp(path: Path) -> list[int] | None:
    """What changes whenever a file is replaced or edited: size and modification time (kept by a copy)."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def safe_child(base: Path, name: str, suffix: str = "") -> Path:
    """base/name+suffix, refusing any user-given name that could leave base."""
    if not _SAFE_NAME.fullmatch(name):
        raise StoreError(f"'{name}' cannot be used as a store id")
    child = base / f"{name}{suffix}"
    if child.resolve().parent != base.resolve():
        raise StoreError(f"'{name}' would leave the store directory")
    return child


class Store:
    """A reviewtui store directory, held exclusively by this process while open (or read without the lock)."""

    def __init__(self, directory: Path, *, read_only: bool = False) -> None:
        self.directory = directory
        # A reader takes no lock and writes nothing: what opening would repair is repaired in memory only.
        self.read_only = read_only
        self._overlay: dict[Path, str] = {}  # a reader's in-memory writes: {file: its tables as JSON text}
        self._opened_stamps: list[int | None] = []
        self._lock = StoreLock(directory)
        self._index: TinyDB | None = None
        self._open_files: dict[Path, TinyDB] = {}
        # Summaries live in memory: the lock makes this process the index's only writer.
        self._quarter_rows: dict[str, dict[str, Any]] = {}
        self._meeting_rows: dict[tuple[str, str], dict[str, Any]] = {}
        self.pending: list[str] = []  # what a roll forward at open could not write yet (a read-only store)

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

    @classmethod
    def open_reader(cls, directory: Path | str) -> Store:
        """Read the last saved state without the lock, even while a meeting is open; nothing is written.

        An interrupted write (a confirm not yet applied) is rolled forward in memory only. NoStore if there
        is no store; every write asked of it raises ReadOnlyStore."""
        directory = Path(directory).expanduser()
        if not (directory / "index.json").exists():
            raise NoStore(f"no reviewtui store at {directory}; import a quarter into it first: "
                          f"reviewtui import FILE --store {directory}")
        store = cls(directory, read_only=True)
        try:
            store._opened_stamps = store._folder_stamps()  # before anything is read
            store._open_index()
        except BaseException:
            store.close()
            raise
        return store

    def _folder_stamps(self) -> list[int | None]:
        """What changes when any file but a meeting's is replaced: the store's folders' modification times.

        A meeting's own folder is left out: a draft is saved every second, and readers never need it to match."""
        quarters = self.directory / "quarters"
        try:
            folders = [self.directory, quarters, *sorted(Path(e.path) for e in os.scandir(quarters))]
        except OSError:
            folders = [self.directory, quarters]
        stamps: list[int | None] = []
        for folder in folders:
            try:
                stamps.append(folder.lstat().st_mtime_ns)
            except OSError:
                stamps.append(None)
        return stamps

    def moved_on(self) -> bool:
        """A reader: True when a writer replaced a file since this store was opened (what was read may mix)."""
        return self.read_only and self._folder_stamps() != self._opened_stamps

    def last_saved(self) -> datetime | None:
        """When the newest file in the store was written (a meeting's draft included)."""
        newest = 0
        folders = [self.directory, *[self.directory / "quarters" / q for q in self._quarter_rows],
                   *[self.directory / "quarters" / q / "meetings" for q in self._quarter_rows]]
        for folder in folders:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name.endswith(".json"):
                    try:
                        newest = max(newest, entry.stat(follow_symlinks=False).st_mtime_ns)
                    except OSError:
                        pass
        return datetime.fromtimestamp(newest / 1e9).astimezone() if newest else None

    def holder(self) -> Holder | None:
        """The live process that holds the store for writing (a meeting may be open), or None."""
        return current_holder(self.directory)

    def _writable(self, what: str) -> None:
        if self.read_only:
            raise ReadOnlyStore(f"cannot {what}: the store {self.directory} was opened for reading only")

    def _open_index(self) -> None:
        path = self.directory / "index.json"
        is_new = not path.exists() and not path.is_symlink()
        rebuild = is_new and (self.directory / "quarters").is_dir()  # lost: it is derived, so it is rebuilt
        if not self.read_only:  # a reader cannot tell a killed writer's temp file from a live writer's
            self._remove_leftover_temp_files()
        if is_new:
            atomic_write(path, json.dumps({"meta": {"1": {"format": FORMAT_VERSION}}}).encode())
        self._index = open_db(path, read_only=self.read_only)
        meta: dict[str, Any] = self._index.table("meta").get(doc_id=1) or {}
        version = meta.get("format")
        if version != FORMAT_VERSION:
            raise StoreCorrupt(path, f"has store format {version!r}; this reviewtui reads format {FORMAT_VERSION}")
        self._quarter_rows = {row["id"]: dict(row) for row in self._rows("quarters")}
        self._meeting_rows = {(row["quarter_id"], row["id"]): dict(row) for row in self._rows("meetings")}
        self._rebuild_old_quarter_rows()
        if rebuild:
            self._rebuild_index()
        self._finish_interrupted_writes()

    def _rebuild_index(self) -> None:
        """List every quarter and meeting from its own file (the index is only a summary of them)."""
        quarters = owned_dir(self.directory / "quarters", create=False)
        for entry in sorted(os.scandir(quarters), key=lambda e: e.name):
            if not (entry.is_dir(follow_symlinks=False) and _SAFE_NAME.fullmatch(entry.name)):
                continue
            try:
                self.verify_quarter(entry.name, listing=True)
                meetings = self._meetings_dir(entry.name)
                names = sorted(os.listdir(meetings)) if meetings.is_dir() else []
            except StoreError as error:  # a damaged quarter stays unlisted; its folder and files stay as they are
                self.pending.append(str(error))
                continue
            for name in names:
                meeting_id = name.removesuffix(".json")
                if name.endswith(".json") and _SAFE_NAME.fullmatch(meeting_id):
                    self._try(lambda q=entry.name, m=meeting_id: self._update_meeting_row(
                        self.load_meeting(q, m), force=True))
            self._try(lambda q=entry.name: self._roll_forward(q))

    def _rebuild_old_quarter_rows(self) -> None:
        """Rows an older reviewtui wrote lack what the home screen lists: rebuild them from their files, once."""
        for quarter_id, row in list(self._quarter_rows.items()):
            if is_current(row):
                continue
            try:  # an old row still names its quarter; a damaged one does not (its key result lines may be of
                # an older shape: they are rebuilt from the quarter's file below, never read)
                str(row["id"]), date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
            except (KeyError, TypeError, ValueError):
                raise self._damaged_index("quarter") from None
            try:
                self.verify_quarter(quarter_id)
            except StoreError:  # a damaged file keeps its old row; opening the quarter names the problem
                continue

    def _finish_interrupted_writes(self) -> None:
        """Bring the derived files up to date after a crash: imports not yet listed, confirms not yet applied.

        Cheap when nothing was interrupted: one stat per quarter and one read per draft."""
        quarters_dir = self.directory / "quarters"
        listed = set(self._quarter_rows)
        if quarters_dir.is_dir() and not quarters_dir.is_symlink():
            for entry in sorted(os.scandir(quarters_dir), key=lambda e: e.name):
                if entry.name not in listed and entry.is_dir(follow_symlinks=False) and _SAFE_NAME.fullmatch(entry.name) \
                        and (Path(entry.path) / "quarter.json").is_file():
                    self._try(lambda name=entry.name: self.verify_quarter(name, listing=True))
        for quarter_id, row in list(self._quarter_rows.items()):
            if quarter_id in listed and row.get("stamp") != file_stamp(self._quarter_file(quarter_id)):
                self._try(lambda q=quarter_id: self.verify_quarter(q))
        for (quarter_id, meeting_id), row in list(self._meeting_rows.items()):
            if row.get("state") == MeetingState.DRAFT.value:
                self._try(lambda q=quarter_id, m=meeting_id: self._settle_draft_row(q, m))

    def _try(self, step: Any) -> None:
        """A repair at open that cannot be made now is left for later; a damaged file is named when used."""
        try:
            step()
        except StoreWriteError as error:
            self.pending.append(str(error))
        except StoreError:
            pass

    def _settle_draft_row(self, quarter_id: str, meeting_id: str) -> None:
        """A meeting the index lists as a draft: confirmed on disk (a crash after the commit), or set aside."""
        path = self._meeting_path(quarter_id, meeting_id)
        if not path.exists() and _set_aside_path(path).exists():
            self._drop_meeting_row(quarter_id, meeting_id)
            return
        doc = read_json_file(path)
        try:
            state = doc["meeting"]["1"]["state"]
        except (KeyError, TypeError):
            return
        if state == MeetingState.DISCARDED.value:  # discarded just before a crash: the file says so
            self._update_meeting_row(self.load_meeting(quarter_id, meeting_id), force=True)
        if state == MeetingState.FINAL.value:
            self._roll_forward(quarter_id)
            if self._meeting_rows[(quarter_id, meeting_id)].get("state") != state:  # applied, not yet listed
                self._update_meeting_row(self.load_meeting(quarter_id, meeting_id), force=True)

    def _rows(self, table: str) -> list[Any]:
        try:
            rows = self.index.table(table).all()
            for row in rows:
                row["id"], row.get("quarter_id", "")  # every row names itself
        except (KeyError, TypeError, AttributeError):
            raise self._damaged_index(table[:-1]) from None
        return rows

    def _remove_leftover_temp_files(self) -> None:
        """Temp files of a killed writer are garbage; we hold the lock, so no one else is writing.

        Only the store's own folders are looked at, and only names that atomic_write makes are removed."""
        remove_leftover_temps(self.directory)
        quarters = self.directory / "quarters"
        if not quarters.is_dir() or quarters.is_symlink():
            return
        for entry in os.scandir(quarters):
            if entry.is_dir(follow_symlinks=False) and _SAFE_NAME.fullmatch(entry.name):
                remove_leftover_temps(Path(entry.path))
                meetings = Path(entry.path) / "meetings"
                if meetings.is_dir() and not meetings.is_symlink():
                    remove_leftover_temps(meetings)

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

    def _quarter_dir(self, quarter_id: str, *, create: bool = False) -> Path:
        quarters = owned_dir(self.directory / "quarters", create=create)
        return owned_dir(safe_child(quarters, quarter_id), create=create)

    def _quarter_file(self, quarter_id: str) -> Path:
        return self._quarter_dir(quarter_id) / "quarter.json"

    def _db(self, path: Path, *, create: bool) -> TinyDB:
        db = self._open_files.get(path)
        if db is None:
            if self.read_only:
                db = open_db(path, read_only=True, text=self._overlay.get(path))
            else:
                db = open_db(path, create=create and not path.exists())
            self._open_files[path] = db
        return db

    def _has_file(self, path: Path) -> bool:
        return path in self._overlay or path.exists() or path.is_symlink()

    def _replace_file(self, path: Path, text: str, *, backup: bool = True) -> None:
        """Replace a store file atomically; a reader keeps the new text in memory instead."""
        if self.read_only:
            self._overlay[path] = text
        else:
            atomic_write(path, text.encode("utf-8"), backup=backup)
        self._forget(path)

    def reread_meeting(self, quarter_id: str, meeting_id: str) -> Meeting:
        """A meeting as it is on disk now (another process may have saved it since it was last read)."""
        path = self._meeting_path(quarter_id, meeting_id)
        self._overlay.pop(path, None)
        self._forget(path)
        return self.load_meeting(quarter_id, meeting_id)

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

    def _write_tables(self, path: Path, tables: dict[str, str], *, check_old: bool = True) -> None:
        """Write a file of tables, each given as its one document's JSON text, in a single atomic write.

        No read-modify-write: its cost is its size. A damaged file is reported, never replaced (unless
        check_old is False: an import --replace repairs a damaged quarter file)."""
        keep_backup = True
        if self._has_file(path):
            try:
                atomic_storage(self._db(path, create=False)).ensure_readable()
            except StoreCorrupt:
                if check_old:
                    raise
                keep_backup = False  # the .bak holds the last good version: a damaged file must not replace it
        text = "{" + ", ".join(f'"{name}": {{"1": {doc}}}' for name, doc in tables.items()) + "}"
        self._replace_file(path, text, backup=keep_backup)

    def _forget(self, path: Path) -> None:
        """Drop the cached copy of a file written directly: the next read parses what is on disk."""
        db = self._open_files.pop(path, None)
        if db is not None:
            db.close()

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
        return self._load_quarter_file(quarter_id)

    def _load_quarter_file(self, quarter_id: str) -> Quarter:
        from reviewtui.domain.models import Quarter

        path = self._quarter_file(quarter_id)
        try:
            quarter = self._load_one(path, "quarter", Quarter)
        except StoreCorrupt as error:
            raise StoreCorrupt(path, f"{error.problem}; or import the quarter's file again with: "
                                     "reviewtui import FILE --replace") from None
        if quarter.id != quarter_id:  # the folder names the quarter: meetings and actions live under it
            raise StoreCorrupt(path, f"holds quarter id '{quarter.id}' but is in the folder of quarter "
                                     f"'{quarter_id}'; put the id back to '{quarter_id}', or import the file "
                                     "as a new quarter")
        return quarter

    def _applied(self, quarter_id: str) -> list[str]:
        """The confirmed meetings whose values the quarter file already holds."""
        db = self._db(self._quarter_file(quarter_id), create=False)
        doc: dict[str, Any] = db.table("applied").get(doc_id=1) or {}
        applied = doc.get("meetings", [])
        if not isinstance(applied, list) or not all(isinstance(m, str) for m in applied):
            raise StoreCorrupt(self._quarter_file(quarter_id), "has a damaged list of applied meetings")
        return applied

    def verify_quarter(self, quarter_id: str, *, listing: bool = False) -> QuarterSummary:
        """Load and validate a quarter's file (StoreCorrupt if damaged); rebuild its index row if it differs.

        listing: the folder holds a quarter the index does not list yet (an import cut short): list it."""
        quarter = self._load_quarter_file(quarter_id) if listing else self.load_quarter(quarter_id)
        row = self._quarter_row(quarter)
        known = self._quarter_rows.get(quarter_id)
        if row != known:
            self._quarter_rows[quarter_id] = row
            self._upsert_row("quarters", Query().id == quarter_id, row, exists=known is not None)
        return quarter_summary(row)

    def _quarter_row(self, quarter: Quarter) -> dict[str, Any]:
        return {**quarter_row(quarter), "stamp": file_stamp(self._quarter_file(quarter.id))}

    def save_quarter(self, quarter: Quarter, *, replace: bool = False) -> None:
        """Store a quarter; refuse an existing id unless replace. Its meetings and actions are kept.

        The file is the commit point; its index row follows (and is rebuilt at open if a crash came between).
        Replacing takes the file's values as they are: every meeting confirmed so far counts as applied."""
        self._writable("import a quarter")
        exists = self.has_quarter(quarter.id)
        if exists and not replace:
            raise QuarterExists(f"quarter '{quarter.id}' is already in the store; pass --replace to overwrite it")
        folder = safe_child(self.directory / "quarters", quarter.id)
        created = not folder.exists()
        applied = [m for (q, m), row in self._meeting_rows.items()
                   if q == quarter.id and row.get("state") == MeetingState.FINAL.value]
        try:
            self._quarter_dir(quarter.id, create=True)
            self._write_quarter(quarter, applied, check_old=not replace, listed=exists)
        except StoreWriteError:
            if created and not (folder / "quarter.json").exists():
                try:  # an import that failed leaves nothing behind, not even its empty folder
                    folder.rmdir()
                except OSError:
                    pass
            raise

    def _write_quarter(self, quarter: Quarter, applied: list[str], *, check_old: bool = True,
                       listed: bool = True) -> None:
        """The quarter file (the commit point of an import), then its index row, which is derived from it."""
        self._write_tables(self._quarter_file(quarter.id), {
            "quarter": quarter.model_dump_json(exclude_defaults=True),
            "applied": json.dumps({"meetings": applied}),
        }, check_old=check_old)
        row = self._quarter_row(quarter)
        self._quarter_rows[quarter.id] = row
        self._upsert_row("quarters", Query().id == quarter.id, row, exists=listed)

    def _upsert_row(self, table: str, where: Any, row: dict[str, Any], *, exists: bool) -> None:
        """Insert a row, or replace a known one whole (fields an older version wrote do not linger)."""
        try:
            if exists:
                def replace(doc: MutableMapping[str, Any]) -> None:
                    doc.clear()
                    doc.update(row)

                self.index.table(table).update(replace, where)
            else:
                self.index.table(table).insert(row)
        except StoreWriteError:
            self.index.clear_cache()  # what TinyDB holds in memory must not run ahead of the file
            raise

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
        path = self._meeting_path(quarter_id, meeting_id)
        return (quarter_id, meeting_id) in self._meeting_rows or path.exists() or _set_aside_path(path).exists()

    def meeting_file(self, quarter_id: str, meeting_id: str) -> Path:
        """Where a meeting's file is, to name it in a message."""
        return self._meeting_path(quarter_id, meeting_id)

    def _meeting_path(self, quarter_id: str, meeting_id: str) -> Path:
        return safe_child(self._meetings_dir(quarter_id), meeting_id, ".json")

    def _meetings_dir(self, quarter_id: str, *, create: bool = False) -> Path:
        return owned_dir(self._quarter_dir(quarter_id, create=create) / "meetings", create=create)

    def load_meeting(self, quarter_id: str, meeting_id: str) -> Meeting:
        from reviewtui.domain.models import Meeting

        path = self._meeting_path(quarter_id, meeting_id)
        meeting = self._load_one(path, "meeting", Meeting)
        if (meeting.quarter_id, meeting.id) != (quarter_id, meeting_id):
            raise StoreCorrupt(path, f"holds meeting '{meeting.id}' of quarter '{meeting.quarter_id}', not "
                                     f"'{meeting_id}' of '{quarter_id}' as its name and folder say")
        return meeting

    def save_meeting(self, meeting: Meeting) -> None:
        """Write a draft through to disk; the index is touched only when its summary changes.

        A confirmed meeting is never written again (ConfirmedRecord). A meeting saved already confirmed
        (a record brought in whole, as the demo does) counts as applied: its values are taken as they are."""
        self._writable("save a meeting")
        if not self.has_quarter(meeting.quarter_id):
            raise UnknownQuarter(f"no quarter '{meeting.quarter_id}' in {self.directory}")
        key = (meeting.quarter_id, meeting.id)
        known = self._meeting_rows.get(key)
        if known is not None and known.get("state") == MeetingState.FINAL.value:
            raise ConfirmedRecord(f"meeting '{meeting.id}' is confirmed; a confirmed record is never edited")
        if known is not None and known.get("state") == MeetingState.DISCARDED.value:
            raise ConfirmedRecord(f"meeting '{meeting.id}' was discarded; it is kept as it was, never edited")
        if meeting.state is MeetingState.FINAL:
            if known is not None:  # a draft saved as final is confirmed, with all that confirming does
                self.confirm_meeting(meeting)
                return
            quarter = self._load_quarter_file(meeting.quarter_id)
            self._write_meeting(meeting)
            self._write_quarter(quarter, [*self._applied(meeting.quarter_id), meeting.id])
        else:
            self._write_meeting(meeting)
        self._update_meeting_row(meeting)

    def _write_meeting(self, meeting: Meeting) -> None:
        path = safe_child(self._meetings_dir(meeting.quarter_id, create=True), meeting.id, ".json")
        # pydantic serialises in Rust; defaults are left out so untouched reviews in a long agenda stay small.
        self._write_tables(path, {"meeting": meeting.model_dump_json(exclude_defaults=True)})

    def _update_meeting_row(self, meeting: Meeting, *, force: bool = False) -> None:
        key = (meeting.quarter_id, meeting.id)
        summary = meeting_row(meeting)
        known = self._meeting_rows.get(key)
        if force or known != summary:
            query = (Query().id == meeting.id) & (Query().quarter_id == meeting.quarter_id)
            self._upsert_row("meetings", query, summary, exists=known is not None)
            self._meeting_rows[key] = summary

    def _drop_meeting_row(self, quarter_id: str, meeting_id: str) -> None:
        self.index.table("meetings").remove((Query().id == meeting_id) & (Query().quarter_id == quarter_id))
        self._meeting_rows.pop((quarter_id, meeting_id), None)

    def confirm_meeting(self, meeting: Meeting) -> None:
        """Make a draft the confirmed record, in one atomic write, then apply what it changes.

        StoreWriteError: nothing changed, the meeting is still a draft. RollForwardPending: the record is
        written and final; the KR values and actions it changes are written when the store next opens."""
        self._writable("write a meeting record")
        key = (meeting.quarter_id, meeting.id)
        known = self._meeting_rows.get(key)
        if known is None or known.get("state") != MeetingState.DRAFT.value:
            raise ConfirmedRecord(f"meeting '{meeting.id}' is not a draft in this store; it cannot be confirmed")
        if meeting.state is not MeetingState.FINAL or meeting.ended_at is None:
            raise ValueError("a confirmed meeting has state final and an end time")
        self._write_meeting(meeting)  # the commit point
        self._meeting_rows[key] = {**known, "state": MeetingState.FINAL.value}  # never offered for resume again
        try:
            self._roll_forward(meeting.quarter_id)
        except StoreWriteError as error:
            raise RollForwardPending(
                f"the record of {meeting.id} is written, but its effects could not be: {error}; they are "
                "applied the next time the store opens") from None

    def _roll_forward(self, quarter_id: str) -> None:
        """Apply every confirmed meeting the quarter file does not include yet, oldest first (idempotent)."""
        from reviewtui.domain.effects import apply_actions, apply_values, effective_on

        quarter = self._load_quarter_file(quarter_id)
        applied = self._applied(quarter_id)
        pending = []
        for q, meeting_id in self._meeting_rows:
            if q != quarter_id or meeting_id in applied:
                continue
            meeting = self.load_meeting(q, meeting_id)
            if meeting.state is MeetingState.FINAL:
                pending.append(meeting)
        if not pending:
            return
        pending.sort(key=lambda m: (effective_on(m), m.ended_at or m.started_at, m.id))
        actions = self.actions(quarter_id)
        for meeting in pending:
            quarter = apply_values(quarter, meeting)
            actions = apply_actions(actions, meeting)
        self._write_actions(quarter_id, actions)  # derived: rewritten whole, the same after a second roll
        self._write_quarter(quarter, [*applied, *(m.id for m in pending)])
        for meeting in pending:  # last: a draft row still listed means "look at this meeting's file at open"
            self._update_meeting_row(meeting, force=True)

    def discard_draft(self, meeting: Meeting, reason: str, now: datetime) -> Meeting:
        """Throw a draft away: rewritten whole as discarded, with why; kept on disk, never resumed or counted."""
        self._writable("discard a meeting")
        known = self._meeting_rows.get((meeting.quarter_id, meeting.id))
        if known is None or known.get("state") != MeetingState.DRAFT.value:
            raise ConfirmedRecord(f"meeting '{meeting.id}' is not a draft; only a draft can be discarded")
        discarded = meeting.model_copy(deep=True, update={
            "state": MeetingState.DISCARDED, "ended_at": now, "discard_reason": reason})
        self._write_meeting(discarded)
        self._update_meeting_row(discarded)
        return discarded

    def set_aside_draft(self, quarter_id: str, meeting_id: str) -> Path:
        """Take a draft that cannot be resumed out of the way: renamed, kept on disk, no longer listed."""
        self._writable("set a meeting aside")
        key = (quarter_id, meeting_id)
        if self._meeting_rows.get(key, {}).get("state") != MeetingState.DRAFT.value:
            raise ConfirmedRecord(f"meeting '{meeting_id}' is not a draft; only a draft can be set aside")
        path = self._meeting_path(quarter_id, meeting_id)
        target = _set_aside_path(path)
        try:
            if path.exists() or path.is_symlink():
                os.replace(path, target)
        except OSError as error:
            raise StoreWriteError.from_os_error(path, error) from None
        self._drop_meeting_row(quarter_id, meeting_id)
        return target

    # --- action items ---------------------------------------------------------------------------------
    def actions(self, quarter_id: str) -> list[ActionItem]:
        """Every action item opened in the quarter's meetings, in the order they were opened."""
        from pydantic import ValidationError

        from reviewtui.domain.models import ActionItem

        path = self._quarter_dir(quarter_id) / "actions.json"
        if not self._has_file(path):
            return []
        try:
            return [ActionItem.model_validate(dict(doc)) for doc in self._db(path, create=False).table("actions").all()]
        except ValidationError as error:
            raise StoreCorrupt(path, f"holds an invalid action item: {error.errors()[0]['msg']}") from None

    def save_actions(self, quarter_id: str, actions: list[ActionItem]) -> None:
        """Insert new action items and update known ones by id, in one atomic write."""
        self._writable("save action items")
        merged = {a.id: a for a in self.actions(quarter_id)}
        merged.update({a.id: a for a in actions})
        self._write_actions(quarter_id, list(merged.values()))

    def _write_actions(self, quarter_id: str, actions: list[ActionItem]) -> None:
        path = self._quarter_dir(quarter_id, create=not self.read_only) / "actions.json"
        docs = ", ".join(f'"{n}": {a.model_dump_json()}' for n, a in enumerate(actions, start=1))
        text = "{" + f'"actions": {{{docs}}}' + "}"
        if self._has_file(path):
            atomic_storage(self._db(path, create=False)).ensure_readable()
        self._replace_file(path, text)

    # --- exports --------------------------------------------------------------------------------------
    def exports_dir(self) -> Path:
        self._writable("write an export")
        return owned_dir(self.directory / "exports", create=True)

    def write_export(self, name: str, text: str) -> Path:
        """Write an export file into <store>/exports (atomically; a link planted there is replaced, not followed)."""
        if not _EXPORT_NAME.fullmatch(name):
            raise StoreError(f"'{name}' cannot be used as an export file name")
        path = self.exports_dir() / name
        atomic_write(path, text.encode("utf-8"), backup=False)
        return path

    def contains(self, path: Path) -> bool:
        """True when path is inside the store folder (an export must never land on a store file)."""
        try:
            path.resolve().relative_to(self.directory.resolve())
        except ValueError:
            return False
        return True


def _set_aside_path(path: Path) -> Path:
    # "~" never appears in a meeting id, so a set-aside file can never be taken for a meeting.
    return path.with_name(path.name + "~set-aside")
