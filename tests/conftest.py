"""Shared fixtures: real stores on disk, the demo quarter on a fixed date, apps built like production."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
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


class SmallDisk:
    """A file system of its own, 1 MB, that a test can fill to the last byte, free again, or make read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._filler = path / "filler"

    def fill(self) -> None:
        fd = os.open(self._filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(fd)

    def free(self) -> None:
        self._filler.unlink()

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A real full or read-only disk (a 1 MB tmpfs): root only, skipped with the reason elsewhere."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"a full disk needs a small tmpfs, and mounting one failed: {mounted.stderr.strip()}")
    try:
        yield SmallDisk(mount_point)
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


async def start_weekly_review(pilot: Any, facilitator: str = "Ana Ruiz") -> None:
    """From the home screen, as a user does: r, the facilitator's name, ctrl+s: a weekly check-in starts."""
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    await pilot.press(*facilitator, "ctrl+s")
    await pilot.pause()
