"""Snapshot tests of the meeting kinds' screens and the report screen, at 80x24 and 120x40, on the demo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from reviewtui.app import ReviewApp
from reviewtui.demo import seed_demo
from reviewtui.domain.models import DecisionKind, MeetingKind
from reviewtui.store import Store

from .conftest import DEMO_TODAY, FakeClock

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def demo_app(fixed_store_dir: Path, clock: FakeClock) -> Iterator[ReviewApp]:
    with Store.open(fixed_store_dir) as store:
        seed_demo(store, DEMO_TODAY)
        yield ReviewApp(store=store, today=DEMO_TODAY, clock=clock, now=lambda: NOW)


def still(app: ReviewApp) -> None:
    for field in app.screen.query(Input):
        field.cursor_blink = False


def meeting_of(kind: MeetingKind, owner: str | None = None):
    async def run_before(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        pilot.app.screen.query_one("#kind", Select).value = kind
        if owner is not None:
            pilot.app.screen.query_one("#owner", Select).value = owner
        await pilot.pause()
        await pilot.press(*"Amara Okafor", "ctrl+s")
        await pilot.pause()
        still(pilot.app)
    return run_before


async def stand_up_set_up(pilot) -> None:
    await pilot.press("r")
    await pilot.pause()
    pilot.app.screen.query_one("#kind", Select).value = MeetingKind.STANDUP
    await pilot.pause()
    still(pilot.app)


async def hard_stop(pilot) -> None:
    await meeting_of(MeetingKind.STANDUP)(pilot)
    screen = pilot.app.screen
    screen.query_one("#decision", Select).value = DecisionKind.ADD_SUPPORT
    await pilot.pause()
    await pilot.press("ctrl+n")
    pilot.app.clock.t = 601.0
    screen.tick()
    await pilot.pause()
    still(pilot.app)


async def report(pilot) -> None:
    await pilot.press("a")
    await pilot.pause()


async def report_per_kr(pilot) -> None:
    await report(pilot)
    await pilot.press("k", "down", "down")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_stand_up_set_up(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=stand_up_set_up)


@pytest.mark.parametrize("size", SIZES)
def test_stand_up_review(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=meeting_of(MeetingKind.STANDUP))


@pytest.mark.parametrize("size", SIZES)
def test_stand_up_hard_stop(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=hard_stop)


@pytest.mark.parametrize("size", SIZES)
def test_one_on_one_review(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=meeting_of(MeetingKind.ONE_ON_ONE, "Tomasz Nowak"))


@pytest.mark.parametrize("size", SIZES)
def test_monthly_review(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=meeting_of(MeetingKind.MONTHLY))


@pytest.mark.parametrize("size", SIZES)
def test_retrospective_review(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=meeting_of(MeetingKind.RETRO))


@pytest.mark.parametrize("size", SIZES)
def test_report_overview(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=report)


@pytest.mark.parametrize("size", SIZES)
def test_report_per_kr(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=report_per_kr)
