"""A started meeting can be thrown away: asked once with a reason, kept on disk as discarded, never counted."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewtui.app import ReviewApp
from reviewtui.domain.enums import MeetingState
from reviewtui.domain.models import MeetingKind
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.screens.discard import DiscardModal
from reviewtui.screens.home import HomeScreen
from reviewtui.screens.resume import ResumeModal
from reviewtui.screens.review import ReviewScreen
from reviewtui.session import MeetingPlan, MeetingSession, final_meetings
from reviewtui.store import Store
from reviewtui.store.repository import ConfirmedRecord

from .conftest import DEMO_TODAY, FakeClock, start_weekly_review

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def start_weekly(store: Store) -> MeetingSession:
    plan = MeetingPlan("2026-Q4", MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES)
    return MeetingSession.start(store, plan, NOW)


def test_a_discarded_draft_is_kept_never_resumed_never_counted(demo_store: Store) -> None:
    session = start_weekly(demo_store)
    records = len(final_meetings(demo_store, "2026-Q4"))
    discarded = demo_store.discard_draft(session.meeting, "started on the wrong quarter", NOW)
    assert (discarded.state, discarded.discard_reason) == (MeetingState.DISCARDED, "started on the wrong quarter")
    assert demo_store.drafts() == []
    assert len(final_meetings(demo_store, "2026-Q4")) == records
    with pytest.raises(ConfirmedRecord):
        demo_store.save_meeting(session.meeting)
    with pytest.raises(ConfirmedRecord):
        demo_store.discard_draft(session.meeting, "twice is not a thing", NOW)
    path = demo_store.meeting_file("2026-Q4", session.meeting.id)
    assert path.exists() and '"discarded"' in path.read_text()


def test_meetings_lists_a_discarded_meeting_only_with_all(demo_store: Store) -> None:
    session = start_weekly(demo_store)
    demo_store.discard_draft(session.meeting, "started on the wrong quarter", NOW)
    directory = demo_store.directory
    demo_store.close()

    def listed(*flags: str) -> list[str]:
        result = subprocess.run([sys.executable, "-m", "reviewtui", "meetings", *flags, "--store", str(directory)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return [line.split("\t")[0] for line in result.stdout.splitlines()]

    assert session.meeting.id not in listed()
    assert session.meeting.id in listed("--all")


async def test_discarding_from_the_review_asks_for_a_reason_and_goes_home(demo_store: Store) -> None:
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_weekly_review(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        meeting_id = review.session.meeting.id
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)
        await pilot.press("x", "enter")  # a reason that says nothing
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)
        assert "Say why in a few words" in str(app.screen.query_one("#discard-error").render())
        await pilot.press("backspace", *"wrong quarter chosen", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert {m.id: m.state for m in demo_store.meetings()}[meeting_id] is MeetingState.DISCARDED
        assert demo_store.drafts() == []


async def test_an_interrupted_meeting_can_be_discarded_from_the_resume_offer(demo_store: Store) -> None:
    session = start_weekly(demo_store)
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeModal)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)
        await pilot.press(*"nobody came to it", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    reloaded = demo_store.meetings()
    assert {m.id: m.state for m in reloaded}[session.meeting.id] is MeetingState.DISCARDED


def test_a_crash_after_the_discard_is_written_is_finished_at_open(tmp_path: Path, demo_store: Store) -> None:
    session = start_weekly(demo_store)
    discarded = session.meeting.model_copy(update={"state": MeetingState.DISCARDED, "ended_at": NOW,
                                                   "discard_reason": "wrong quarter chosen"})
    demo_store._write_meeting(discarded)  # the file is written, the index is not: as after a kill -9
    directory = demo_store.directory
    demo_store.close()
    with Store.open(directory) as store:
        assert store.drafts() == []
        assert {m.id: m.state for m in store.meetings()}[session.meeting.id] is MeetingState.DISCARDED
