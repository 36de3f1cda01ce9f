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
