"""Snapshot tests: each screen at 80x24 and 120x40, on real stores at a fixed path and date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewtui.app import ReviewApp
from reviewtui.demo import seed_demo
from reviewtui.store import Store

from .conftest import DEMO_TODAY

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def demo_app(fixed_store_dir: Path) -> Iterator[ReviewApp]:
    with Store.open(fixed_store_dir) as store:
        seed_demo(store, DEMO_TODAY)
        yield ReviewApp(store=store, today=DEMO_TODAY)


@pytest.fixture
def empty_app(fixed_store_dir: Path) -> Iterator[ReviewApp]:
    with Store.open(fixed_store_dir) as store:
        yield ReviewApp(store=store, today=DEMO_TODAY)


@pytest.mark.parametrize("size", SIZES)
def test_home_key_results(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_planning_check(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, press=["p"])


@pytest.mark.parametrize("size", SIZES)
def test_home_empty_store(snap_compare, empty_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(empty_app, terminal_size=size)


# --- the live review ------------------------------------------------------------------------------------
from datetime import UTC, datetime  # noqa: E402

from textual.widgets import Input  # noqa: E402

from reviewtui.domain.models import DecisionKind  # noqa: E402

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture
def meeting_app(fixed_store_dir: Path) -> Iterator[ReviewApp]:
    with Store.open(fixed_store_dir) as store:
        seed_demo(store, DEMO_TODAY)
        yield ReviewApp(store=store, today=DEMO_TODAY, clock=lambda: 0.0, now=lambda: NOW)


def still(app: ReviewApp) -> None:
    for field in app.screen.query(Input):
        field.cursor_blink = False


async def open_start(pilot) -> None:
    await pilot.press("r")
    await pilot.pause()
    still(pilot.app)


async def open_review(pilot) -> None:
    await open_start(pilot)
    await pilot.press(*"Amara Okafor", "ctrl+s")
    await pilot.pause()
    still(pilot.app)


async def refused_gate(pilot) -> None:
    await open_review(pilot)
    pilot.app.screen.query_one("#evidence", Input).value = "Things are moving in the right direction"
    await pilot.press("ctrl+n")
    await pilot.pause()


async def end_early(pilot) -> None:
    await open_review(pilot)
    await pilot.press("ctrl+e")
    await pilot.pause()
    still(pilot.app)


async def summary(pilot) -> None:
    await end_early(pilot)
    await pilot.press(*"Out of time", "enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_start_meeting(snap_compare, meeting_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(meeting_app, terminal_size=size, run_before=open_start)


@pytest.mark.parametrize("size", SIZES)
def test_review_first_kr(snap_compare, meeting_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(meeting_app, terminal_size=size, run_before=open_review)


@pytest.mark.parametrize("size", SIZES)
def test_review_gate_refuses(snap_compare, meeting_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(meeting_app, terminal_size=size, run_before=refused_gate)


@pytest.mark.parametrize("size", SIZES)
def test_end_early_modal(snap_compare, meeting_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(meeting_app, terminal_size=size, run_before=end_early)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, meeting_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(meeting_app, terminal_size=size, run_before=summary)


async def summary_with_decisions(pilot) -> None:
    """One KR decided with a value and a reason, one with a value and a blocker typed when the meeting ended
    early (discussed: a row of its own), the rest deferred without discussion on one line."""
    from textual.widgets import Select

    await open_review(pilot)
    screen = pilot.app.screen
    screen.query_one("#value", Input).value = "358"
    screen.query_one("#decision", Select).value = DecisionKind.ADD_SUPPORT
    screen.query_one("#decision-note", Input).value = "Two Platform engineers for a two-week blitz"
    await pilot.pause()
    await pilot.press("ctrl+n")
    await pilot.pause()
    screen.query_one("#value", Input).value = "99.6"
    screen.query_one("#blocker", Input).value = "Redis runs in one zone"
    await pilot.pause()
    await pilot.press("ctrl+e")
    await pilot.pause()
    still(pilot.app)
    await pilot.press(*"Out of time", "enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_summary_with_decisions(snap_compare, meeting_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(meeting_app, terminal_size=size, run_before=summary_with_decisions)


@pytest.fixture
def resume_app(fixed_store_dir: Path) -> Iterator[ReviewApp]:
    from reviewtui.domain.review_rules import AgendaOrder
    from reviewtui.domain.models import MeetingKind
    from reviewtui.session import MeetingPlan, MeetingSession

    with Store.open(fixed_store_dir) as store:
        seed_demo(store, DEMO_TODAY)
        plan = MeetingPlan("2026-Q4", MeetingKind.STANDUP, "Amara Okafor", [], 90, AgendaOrder.RISK_FIRST)
        session = MeetingSession.start(store, plan, NOW)
        session.decide(session.kr.id, DecisionKind.ESCALATE, "", NOW)
        session.go_to(1)
        yield ReviewApp(store=store, today=DEMO_TODAY, clock=lambda: 0.0, now=lambda: NOW)


@pytest.mark.parametrize("size", SIZES)
def test_resume_offer(snap_compare, resume_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(resume_app, terminal_size=size)


def test_review_first_kr_very_wide(snap_compare, meeting_app: ReviewApp) -> None:
    assert snap_compare(meeting_app, terminal_size=(200, 50), run_before=open_review)


async def open_kr_detail(pilot) -> None:
    from reviewtui.widgets.kr_table import KRTable

    await pilot.pause()  # the home screen is the default screen: let it finish mounting
    table = pilot.app.screen.query_one(KRTable)
    table.focus()
    table.move_cursor(row=2)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_kr_detail(snap_compare, demo_app: ReviewApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=open_kr_detail)
