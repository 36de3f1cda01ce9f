"""Ending early defers the rest with a reason and a revisit date after today, like one deferral does."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Input, Label

from reviewtui.app import ReviewApp
from reviewtui.screens.end_early import EndEarlyModal
from reviewtui.screens.review import ReviewScreen
from reviewtui.screens.summary import SummaryScreen
from reviewtui.store import Store

from .conftest import DEMO_TODAY, FakeClock, start_weekly_review

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def test_a_revisit_date_of_today_or_before_is_refused(demo_store: Store) -> None:
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_weekly_review(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, EndEarlyModal)
        modal.query_one("#end-reason", Input).value = "out of time today"
        for day in (DEMO_TODAY.isoformat(), "2026-11-01"):
            modal.query_one("#end-revisit", Input).value = day
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is modal
            assert "must be after today (2026-11-22)" in str(modal.query_one("#end-error", Label).render())
        modal.query_one("#end-reason", Input).value = "x"
        modal.query_one("#end-revisit", Input).value = "2026-11-29"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal  # a reason that says nothing
        modal.query_one("#end-reason", Input).value = "out of time today"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
