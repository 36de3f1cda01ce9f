"""Keys that arrive in one burst (a slow SSH link, tmux send-keys, a paste) act in the order they were sent, in the
field they were typed in: arrows, home/end, backspace and delete included."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import events
from textual.widgets import Input

from reviewtui.app import ReviewApp
from reviewtui.screens.review import ReviewScreen
from reviewtui.store import Store

from .conftest import DEMO_TODAY, FakeClock, start_weekly_review

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def post_burst(app: ReviewApp, keys: list[str]) -> None:
    """Post every key to the app at once, as a terminal delivers a burst: nothing waits between two keys."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def review(pilot, app: ReviewApp) -> ReviewScreen:
    await start_weekly_review(pilot)
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def field(screen: ReviewScreen, widget_id: str) -> str:
    return screen.query_one(f"#{widget_id}", Input).value


async def test_a_burst_of_letters_and_editing_keys_lands_in_order_in_the_value_field(demo_store: Store) -> None:
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await review(pilot, app)
        assert app.focused is screen.query_one("#value", Input)
        post_burst(app, ["A", "B", "left", "C", "D"])  # the burst
        await pilot.pause()
        assert field(screen, "value") == "ACDB"
        post_burst(app, [*"1234567", "end", *["backspace"] * 5, "home", "delete", "X", "end", "9"])
        await pilot.pause()
        # the digits go where the cursor was (before B): ACD1234567B; end, five backspaces: ACD123;
        # home, delete: CD123; X at the start, 9 at the end
        assert field(screen, "value") == "XCD1239"


async def test_a_burst_across_tab_edits_each_text_field_in_order(demo_store: Store) -> None:
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await review(pilot, app)
        # value -> (confidence) -> evidence -> blocker, and back to evidence
        post_burst(app, ["5", "tab", "tab", *"evidence", "end", *["backspace"] * 5, "q", "left", "left", "w",
                         "right", "delete", "tab", *"vendor", "home", "[", "end", "]", "shift+tab", "!"])
        await pilot.pause()
        await pilot.pause()
        assert field(screen, "value") == "5"
        assert field(screen, "evidence") == "evwi!"  # evi, q, two lefts, w, right, delete the q; ! where it was
        assert field(screen, "blocker") == "[vendor]"


async def test_keys_pressed_at_once_through_pilot_keep_their_order_in_a_text_field(demo_store: Store) -> None:
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await review(pilot, app)
        await pilot.press("tab", "tab", *"LIN-42 shipped", "home", "delete", *"Jira ", "end", "left", "left",
                          "backspace", "X")
        await pilot.pause()
        assert field(screen, "evidence") == "Jira IN-42 shipXed"  # the second p deleted, X in its place
