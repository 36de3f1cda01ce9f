"""The facilitator's presenter view (f2) and back: the field that had the focus has it again."""

from __future__ import annotations

from textual.widgets import Input

from reviewtui.app import ReviewApp
from reviewtui.screens.review import ReviewScreen
from reviewtui.store import Store

from .conftest import DEMO_TODAY, FakeClock, start_weekly_review


async def test_back_from_the_presenter_view_typing_goes_on_in_the_same_field(demo_store: Store) -> None:
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await start_weekly_review(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("tab", "tab", *"ok")  # value -> confidence -> evidence
        await pilot.pause()
        evidence = screen.query_one("#evidence", Input)
        assert evidence.value == "ok"
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert app.focused is evidence
        await pilot.press(*" 55")
        await pilot.pause()
        assert evidence.value == "ok 55"
