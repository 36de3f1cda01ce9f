"""What the home screen reads from the store: its quarters and meetings, a quarter's file checked, one KR in full.

The screen asks this service and never the Store. Listing reads only the store's index; the models (pydantic)
are loaded on first use of a whole quarter, so start-up stays light. Errors are the store's (reviewtui.errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewtui.domain.models import ActionItem, KeyResult, KRReview, Objective, Quarter
    from reviewtui.store import Store
    from reviewtui.views import MeetingSummary, QuarterSummary


@dataclass(frozen=True)
class KRInFull:
    """One key result with everything its detail view shows: where it sits, its last review, its open actions."""

    quarter: Quarter
    objective: Objective
    kr: KeyResult
    last: KRReview | None  # the latest decided review in a confirmed meeting
    last_held_on: date | None  # the day that meeting was held
    open_actions: list[ActionItem]


class Catalog:
    """The store's quarters and meetings as the home screen lists them; built by the app around its store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def directory(self) -> Path:
        """Where the store is (the home screen names it)."""
        return self._store.directory

    def quarters(self) -> list[QuarterSummary]:
        """Every quarter, oldest first, from the index alone."""
        return self._store.quarters()

    def meetings(self) -> list[MeetingSummary]:
        """Every meeting, oldest first, from the index alone; StoreError for a damaged row."""
        return self._store.meetings()

    def verify_quarter(self, quarter_id: str) -> QuarterSummary:
        """Validate the quarter's file and return its summary as the file says (StoreError, naming it, if damaged)."""
        return self._store.verify_quarter(quarter_id)

    def kr_in_full(self, quarter_id: str, kr_id: str) -> KRInFull | None:
        """One KR with its last review and open actions (its meeting records are read now); None if not in the quarter."""
        from reviewtui.domain.enums import ActionStatus
        from reviewtui.session import last_reviews

        store = self._store
        quarter = store.load_quarter(quarter_id)
        kr = next((k for k in quarter.key_results if k.id == kr_id), None)
        objective = quarter.objective_of(kr_id)
        if kr is None or objective is None:
            return None
        last = last_reviews(store, quarter_id).get(kr_id)
        actions = [a for a in store.actions(quarter_id) if a.kr_id == kr_id and a.status is ActionStatus.OPEN]
        return KRInFull(quarter, objective, kr, last[0] if last else None, last[1] if last else None, actions)
