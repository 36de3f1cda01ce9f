"""The follower's App: `reviewtui follow` in a terminal, or in a browser through `reviewtui serve`."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App

from reviewtui.follow import FollowView, MeetingFollower

FOLLOWER_NICENESS = 10  # a lower CPU priority than the facilitator's reviewtui (nice 0)


def local_now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


class FollowApp(App):
    """A read-only live view of the meeting in progress in one store: no lock, no writes."""

    CSS_PATH = "app.tcss"
    TITLE = "reviewtui follow"
    # No command palette: its commands include saving a screenshot, and a follower writes nothing.
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, directory: Path, *, presenter: bool = False,
                 now: Callable[[], datetime] = local_now) -> None:
        super().__init__()
        self.follower = MeetingFollower(directory, now)
        self.presenter = presenter

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run as a follower process: one that gives way to the facilitator's on a busy machine."""
        if hasattr(os, "nice"):
            try:
                os.nice(FOLLOWER_NICENESS)  # ten followers on two cores must not slow the facilitator's typing
            except OSError:
                pass
        return super().run(*args, **kwargs)

    def on_mount(self) -> None:
        from reviewtui.screens.follow import FollowScreen

        first = self.follower.poll() or self.follower.view
        self.push_screen(FollowScreen(self.follower.poll, first, presenter=self.presenter))

    def on_unmount(self) -> None:
        self.follower.close()

    @property
    def view(self) -> FollowView:
        """What is on screen now (for tests and the browser check)."""
        return self.follower.view
