"""The store: TinyDB files behind a small repository API. Atomic writes, one process at a time."""

from reviewtui.store.errors import StoreCorrupt, StoreError, StoreLocked
from reviewtui.store.repository import MeetingSummary, QuarterSummary, Store

__all__ = ["MeetingSummary", "QuarterSummary", "Store", "StoreCorrupt", "StoreError", "StoreLocked"]
