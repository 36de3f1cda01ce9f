"""The follower's App: `reviewtui follow` in a terminal, or in a browser through `reviewtui serve`."""

from __future__ import annotations

import getpass
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App

from reviewtui.follow import FollowView, MeetingFollower
from reviewtui.store import StoreError

FOLLOWER_NICENESS = 10  # a lower CPU priority than the facilitator's reviewtui (nice 0)


def default_attendee() -> str:
    """Who follows, when --name is not given: the login name."""
    try:
        return getpass.getuser() or "attendee"
    except (OSError, KeyError, ImportError):
        return "attendee"


def local_now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


class FollowApp(App):
    """A read-only live view of the meeting in progress in one store: no lock, no writes."""

    CSS_PATH = "app.tcss"
    TITLE = "reviewtui follow"
    # No command palette: its commands include saving a screenshot, and a follower writes nothing.
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, directory: Path, *, presenter: bool = False,
                 now: Callable[[], datetime] = local_now, attendee: str | None = None, signals: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.follower = MeetingFollower(directory, now, clock)
        self.presenter = presenter
        self.attendee = attendee or default_attendee()
        self.signals = signals  # off in a browser (reviewtui serve): a tab cannot say who it is

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
        self.push_screen(FollowScreen(self.follower.poll, first, presenter=self.presenter, signals=self.signals))

    def on_unmount(self) -> None:
        self.follower.close()

    def on_follow_screen_signal_requested(self, event: Any) -> None:
        """Write this attendee's signal (their own small file: the facilitator sees it and decides)."""
        from reviewtui.screens.follow import FollowScreen

        screen = self.screen
        if not isinstance(screen, FollowScreen):
            return
        follower = self.follower
        try:
            if event.what == "hand":
                signal = follower.send_signal(self.attendee, hand=not follower.my_signal(self.attendee).hand)
            else:
                card = follower.view.card
                if card is None:
                    raise StoreError("no KR is under review to escalate")
                signal = follower.send_signal(self.attendee, escalate=card.kr.id)
        except StoreError as error:
            screen.show_signal(f"✗ Not sent: {error}")
            return
        parts = (["✋ your hand is up (h lowers it)"] if signal.hand else []) + \
            ([f"+1 escalate: {', '.join(signal.escalate)} (e on a KR takes it back)"] if signal.escalate else [])
        screen.show_signal(f"{self.attendee}: " + " · ".join(parts) if parts else f"{self.attendee}: nothing raised",
                           hand_up=signal.hand)

    @property
    def view(self) -> FollowView:
        """What is on screen now (for tests and the browser check)."""
        return self.follower.view
