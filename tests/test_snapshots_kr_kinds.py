"""Snapshot tests of the review screen's KR card for each kind of key result, at 80x24, on the demo's second
quarter (Brackwater's FY27 Q3): a weekly check-in of one owner's KRs in objective order, so the KR shown first
is the one of that kind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from reviewtui.app import ReviewApp
from reviewtui.demo import seed_demo
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.store import Store
from reviewtui.widgets.kr_card import KRCard

from .conftest import DEMO_TODAY, FakeClock

SIZE = (80, 24)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture
def demo_app(fixed_store_dir: Path) -> Iterator[ReviewApp]:
    with Store.open(fixed_store_dir) as store:
        seed_demo(store, DEMO_TODAY)
        yield ReviewApp(store=store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)


def first_kr_of(owner: str, kr_id: str):
    """Home: up to Brackwater's quarter, r, that owner's KRs in objective order, a facilitator, ctrl+s."""
    async def run_before(pilot) -> None:
        for _ in range(1500):  # the home screen opens on Ledgerline's quarter once its file is checked
            if pilot.app.screen.checked_quarter == "2026-Q4":
                break
            await pilot.pause(0.02)
        await pilot.press("up")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one("#owner", Select).value = owner
        screen.query_one("#order", Select).value = AgendaOrder.OBJECTIVES
        await pilot.pause()
        await pilot.press(*"Callum Reid", "ctrl+s")
        await pilot.pause()
        assert pilot.app.screen.query_one(KRCard).data.kr.id == kr_id  # the KR of the kind this test is for
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
    return run_before


def test_increase_with_a_long_title_under_an_aspirational_objective(snap_compare, demo_app: ReviewApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=first_kr_of("Ines Duarte", "C2-KR2"))


def test_decrease(snap_compare, demo_app: ReviewApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=first_kr_of("Marta Kowalczyk", "OP-KR3"))


def test_decrease_with_its_baseline_to_be_measured(snap_compare, demo_app: ReviewApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=first_kr_of("Sam O'Brien", "OP-KR4"))


def test_stay_above_breached(snap_compare, demo_app: ReviewApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=first_kr_of("Rhian Pryce", "OP-KR1"))


def test_stay_below_held(snap_compare, demo_app: ReviewApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=first_kr_of("Darius Fenwick", "OP-KR2"))


def test_milestone_with_a_checklist_and_a_due_date(snap_compare, demo_app: ReviewApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=first_kr_of("Owen Pritchard", "KD-KR1"))


def test_milestone_overdue(snap_compare, demo_app: ReviewApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=first_kr_of("Joe Whitlock", "KD-KR2"))
