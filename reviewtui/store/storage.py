"""A TinyDB Storage that writes atomically and refuses to open a damaged file as an empty one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage

from reviewtui.store.atomic import atomic_write, read_json_file
from reviewtui.store.errors import StoreCorrupt


class AtomicJSONStorage(Storage):
    """TinyDB storage: whole-file atomic replace on write, parsed once and cached (the store is locked).

    read_only: a reader's copy; a write changes only what it holds in memory, never the file (text: what it
    holds to begin with, instead of the file)."""

    def __init__(self, path: str | Path, *, create: bool = False, read_only: bool = False,
                 text: str | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._text: str | None = text
        if text is None and not self.path.exists():
            if read_only:
                raise StoreCorrupt(self.path, "is missing; restore it from its .bak copy or a backup")
            if not create:
                raise StoreCorrupt(self.path, "is missing; restore it from its .bak copy or a backup")
            self.write({})

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._text is None:
            data = read_json_file(self.path)
            if not isinstance(data, dict) or not all(
                isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
                for table in data.values()
            ):
                raise StoreCorrupt(self.path, "does not hold reviewtui tables of documents")
            self._text = json.dumps(data, ensure_ascii=False)
            return data
        # A fresh parse each time: TinyDB mutates what it reads, and a failed write must not leave a changed cache.
        return json.loads(self._text)

    def ensure_readable(self) -> None:
        """Raise StoreCorrupt if the file on disk is damaged; free once it has been read."""
        if self._text is None:
            self.read()

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.write_text(json.dumps(data, ensure_ascii=False))

    def write_text(self, text: str) -> None:
        """Replace the file with tables already serialised as JSON text (only in memory when read-only)."""
        if not self.read_only:
            atomic_write(self.path, text.encode("utf-8"))
        self._text = text

    def close(self) -> None:
        self._text = None


def open_db(path: Path, *, create: bool = False, read_only: bool = False, text: str | None = None) -> TinyDB:
    """Open one store file as a TinyDB database on the atomic storage (read_only: never written, see above)."""
    return TinyDB(path, storage=AtomicJSONStorage, create=create, read_only=read_only, text=text)


def atomic_storage(db: TinyDB) -> AtomicJSONStorage:
    """The storage under a database that open_db opened (TinyDB types it as the base Storage)."""
    return cast(AtomicJSONStorage, db.storage)
