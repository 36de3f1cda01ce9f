"""Where a screen asks to go: messages the app handles, so no screen calls the app by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reviewtui.session import MeetingSession


@dataclass
class ReviewRequested(Message):
    """Set up (or resume) a review meeting of this quarter."""

    quarter_id: str


@dataclass
class ReportRequested(Message):
    """Show this quarter's accountability report."""

    quarter_id: str


@dataclass
class SummaryRequested(Message):
    """Every KR of the meeting is decided: show its summary."""

    session: MeetingSession


@dataclass
class EndRequested(Message):
    """End the meeting now: the KRs not yet decided are deferred with one reason (hard_stop: the time is up)."""

    session: MeetingSession
    undecided: list[str]
    hard_stop: bool = False


@dataclass
class DiscardRequested(Message):
    """Throw the meeting away (asked first, with a reason): kept on disk as discarded, never counted."""

    session: MeetingSession


@dataclass
class HomeRequested(Message):
    """Back to the home screen, every other screen closed."""
