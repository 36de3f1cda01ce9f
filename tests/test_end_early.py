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


async def test_back_from_the_summary_after_ending_early_the_form_shows_the_deferral_and_keeps_it(
        demo_store: Store) -> None:
    """The KR on screen was deferred by ending early: back in the review its form says so, the gate agrees,
    and typing in it keeps the deferral (a stale form once wrote 'no decision' over it)."""
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_weekly_review(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press(*"340")
        await pilot.press("ctrl+e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, EndEarlyModal)
        modal.query_one("#end-reason", Input).value = "out of time today"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        kr_id = screen.session.kr.id
        decision = screen.session.review.decision
        assert decision is not None and decision.kind.value == "defer"
        form = screen.query_one("ReviewForm")
        assert form.query_one("#decision").value == decision.kind
        assert form.query_one("#revisit", Input).value == decision.revisit_on.isoformat()
        assert form.query_one("#value", Input).value == "340"
        assert "Decision logged" in str(screen.query_one("#gate", Label).render())
        await pilot.press("backspace", "5")  # an edit of the value: the deferral stays
        await pilot.pause(0.5)
        review = screen.session.review_of(kr_id)
        assert review.value == 345
        assert review.decision == decision
        stored = demo_store.load_meeting(screen.session.quarter.id, screen.session.meeting.id)
        assert stored.review_of(kr_id).decision == decision


async def test_one_undecided_key_result_is_said_in_the_singular() -> None:
    from textual.app import App

    app = App()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(EndEarlyModal(["O1-KR3"], DEMO_TODAY))
        await pilot.pause()
        said = [str(label.render()) for label in app.screen.query(Label)]
        assert "End the meeting now? 1 key result has no decision yet:" in said
        app.pop_screen()
        await app.push_screen(EndEarlyModal(["O1-KR3", "O2-KR1"], DEMO_TODAY))
        await pilot.pause()
        assert "End the meeting now? 2 key results have no decision yet:" in [
            str(label.render()) for label in app.screen.query(Label)]
