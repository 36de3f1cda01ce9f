"""Shared fixtures: real stores on disk, the demo quarter on a fixed date, apps built like production."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reviewtui.demo import seed_demo
from reviewtui.store import Store

DEMO_TODAY = date(2026, 11, 22)

# The import example from the foundation issue and the README: valid, with every optional field.
ISSUE_EXAMPLE: dict[str, Any] = {
    "quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31",
    "objectives": [{
        "id": "O1", "title": "Delight our customers", "owner": "Ana Ruiz", "team": "Support",
        "aligned_to": "Improve customer satisfaction",
        "key_results": [{
            "id": "O1-KR1", "title": "Increase NPS from 45 to 60", "owner": "Ana Ruiz", "unit": "points",
            "baseline": 45, "target": 60, "current": 52, "evidence_source": "Monthly NPS survey export",
            "dependencies": [{"team": "Product", "help": "Ship the in-app survey"}],
            "history": [{"date": "2026-10-15", "value": 47}],
        }],
    }],
}



class FakeClock:
    """A monotonic clock the test moves by hand, so no test depends on wall time."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty real store in tmp_path."""
    with Store.open(tmp_path / "store") as opened:
        yield opened


@pytest.fixture
def demo_store(store: Store) -> Store:
    """A real store holding the demo quarter as of DEMO_TODAY."""
    seed_demo(store, DEMO_TODAY)
    return store


@pytest.fixture
def fixed_store_dir(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A store directory whose path is the same on every run, so snapshots that show it are stable."""
    directory = Path(tempfile.gettempdir()) / "reviewtui-snapshots" / request.node.name.replace("/", "_")
    shutil.rmtree(directory, ignore_errors=True)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)
