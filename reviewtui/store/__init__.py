"""The store: TinyDB files behind a small repository API. Atomic writes, one process at a time."""

from reviewtui.store.errors import StoreCorrupt, StoreError, StoreLocked
from reviewtui.store.repository import Store
from reviewtui.store.summaries import KRLine, MeetingSummary, QuarterSummary

__all__ = ["KRLine", "MeetingSummary", "QuarterSummary", "Store", "StoreCorrupt", "StoreError", "StoreLocked"]
