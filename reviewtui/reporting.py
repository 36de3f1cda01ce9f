"""The quarter's accountability report, read from the store: the service the CLI and the report screen call."""

from __future__ import annotations

from datetime import date

from reviewtui.domain.analytics import QuarterReport, quarter_report
from reviewtui.domain.models import MeetingState
from reviewtui.store import Store


def build_quarter_report(store: Store, quarter_id: str, today: date) -> QuarterReport:
    """Load a quarter, its confirmed meetings and its action items, and judge how accountability worked."""
    quarter = store.load_quarter(quarter_id)
    meetings = [store.load_meeting(quarter_id, m.id) for m in store.meetings(quarter_id)
                if m.state is MeetingState.FINAL]
    return quarter_report(quarter, meetings, store.actions(quarter_id), today)
