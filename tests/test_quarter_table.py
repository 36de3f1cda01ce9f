"""The home screen's quarter list: its last meeting is one that was held (a discarded one never was)."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult

from reviewtui.domain.models import MeetingKind
from reviewtui.domain.enums import MeetingState
from reviewtui.store import Store
from reviewtui.views import MeetingSummary
from reviewtui.widgets.quarter_table import QuarterTable

from .conftest import DEMO_TODAY


class Host(App):
    def compose(self) -> ComposeResult:
        yield QuarterTable()


def meeting(day: int, state: MeetingState, kind: MeetingKind = MeetingKind.WEEKLY) -> MeetingSummary:
    return MeetingSummary(id=f"2026-11-{day}-{kind.value}", quarter_id="2026-Q4", kind=kind, facilitator="Ana Ruiz",
                          started_at=datetime(2026, 11, day, 9, tzinfo=UTC), state=state, reviews=3)


async def test_the_last_meeting_is_the_last_held_and_an_open_one_says_so(demo_store: Store) -> None:
    quarters = demo_store.quarters()
    app = Host()
    async with app.run_test() as pilot:
        table = app.query_one(QuarterTable)
        final = meeting(12, MeetingState.FINAL, MeetingKind.MONTHLY)
        for meetings, shown in (([final, meeting(20, MeetingState.DISCARDED)], "2026-11-12 monthly"),
                                ([final, meeting(20, MeetingState.DRAFT)], "2026-11-20 weekly (open)"),
                                ([meeting(20, MeetingState.DISCARDED)], "none yet")):
            table.show(quarters, meetings, DEMO_TODAY)
            await pilot.pause()
            assert table.get_row("2026-Q4")[-1].plain == shown
