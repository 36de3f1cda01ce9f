"""A resumed meeting shows what was typed, exactly, even text that did not read yet; the gate says the same."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Input, Label

from reviewtui.app import ReviewApp
from reviewtui.domain.enums import DecisionKind
from reviewtui.domain.meeting_kinds import FormField
from reviewtui.domain.models import MeetingKind
from reviewtui.domain.review_entry import ReviewEntry
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.screens.review import ReviewScreen
from reviewtui.session import MeetingPlan, MeetingSession
from reviewtui.store import Store

from .conftest import DEMO_TODAY, FakeClock

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def test_half_typed_text_comes_back_as_typed_after_a_resume(demo_store: Store) -> None:
    plan = MeetingPlan("2026-Q4", MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES)
    session = MeetingSession.start(demo_store, plan, NOW)
    kr_id = session.kr.id
    session.apply(kr_id, ReviewEntry(asks=frozenset(FormField), value="85e2", decision=DecisionKind.CONTINUE,
                                     note="on pace with the plan", action_text="Call the vendor",
                                     action_owner="Ana Ruiz", action_due="2026-12-1"), NOW)
    session.save()
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # resume
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.session.kr.id == kr_id
        assert screen.query_one("#value", Input).value == "85e2"
        assert screen.query_one("#action-due", Input).value == "2026-12-1"
        assert screen.query_one("#action-text", Input).value == "Call the vendor"
        gate = str(screen.query_one("#gate", Label).render())
        assert gate.startswith("✗ To move on, log: a number written with 0-9") and "written YYYY-MM-DD" in gate
