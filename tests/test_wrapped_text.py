"""At 80 and 120 columns the retro's answers from the records and the countdown box wrap: nothing in them is cut."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from textual.widget import Widget
from textual.widgets import Select

from reviewtui.app import ReviewApp
from reviewtui.demo import seed_demo
from reviewtui.domain.models import MeetingKind
from reviewtui.screens.review import ReviewScreen
from reviewtui.store import Store
from reviewtui.widgets.countdown import Countdown
from reviewtui.widgets.kr_card import KRCard

from .conftest import DEMO_TODAY, FakeClock

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 32), id="120x32")]
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
ENDED_QUARTER_SEEDED_ON = date(2026, 9, 13)  # the demo dated so that its quarter ended before DEMO_TODAY


def shown(screen: ReviewScreen, widget: Widget) -> str:
    """The text the terminal shows inside the widget's box, its lines joined and spaces collapsed."""
    region = widget.region
    lines = screen._compositor.render_strips()[region.y:region.bottom]
    return " ".join(" ".join(line.crop(region.x, region.right).text for line in lines).split())


def words(text: str) -> str:
    return " ".join(text.split())


async def start(pilot, app: ReviewApp, kind: MeetingKind) -> ReviewScreen:
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    app.screen.query_one("#kind", Select).value = kind
    await pilot.pause()
    await pilot.press(*"Ana Ruiz", "ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_the_retros_answers_from_the_records_wrap_for_every_kr(store: Store, size: tuple[int, int]) -> None:
    seed_demo(store, ENDED_QUARTER_SEEDED_ON)
    app = ReviewApp(store=store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot, app, MeetingKind.RETRO)
        session = screen.session
        assert session.quarter.end < DEMO_TODAY
        for position in range(len(session.meeting.agenda)):
            session.go_to(position)
            await screen.show_kr()
            await pilot.pause()
            card = screen.query_one(KRCard)
            on_screen = shown(screen, card)
            for answer in KRCard._retro(session.retro_facts(session.kr.id)):
                assert words(answer.plain) in on_screen, (session.kr.id, answer.plain)


@pytest.mark.parametrize("size", SIZES)
async def test_the_countdown_wraps_a_stand_ups_budget_instead_of_cutting_it(demo_store: Store,
                                                                             size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=clock, now=lambda: NOW)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot, app, MeetingKind.STANDUP)
        clock.t = 73.0  # into the last fifth of the KR's 1:30
        screen.tick()
        await pilot.pause()
        state = screen.query_one(Countdown).query_one("#countdown-state")
        assert shown(screen, state) == "▲ 0:17 left of 1:30: wrap up · meeting 1:13 of 10:00"
