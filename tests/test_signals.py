"""Attendees signal the facilitator from `reviewtui follow`: a raised hand, '+1 escalate' on a KR. Each writes
only its own small file; the facilitator's review screen shows them; a bad file is left out, never shown."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Label

from reviewtui.app import ReviewApp
from reviewtui.domain.models import MeetingKind
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.follow_app import FollowApp
from reviewtui.screens.review import ReviewScreen
from reviewtui.session import MeetingPlan, MeetingSession
from reviewtui.store import Store, StoreError
from reviewtui.store.signals import Signal, SignalsTo, attendee_file, read_signals, write_signal

from .conftest import DEMO_TODAY, FakeClock, SmallDisk, start_weekly_review
from .test_follow import look

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
M1 = SignalsTo("2026-Q4", "M1", NOW)


def test_signals_are_one_file_per_attendee_and_read_back_as_written(tmp_path: Path) -> None:
    write_signal(tmp_path, M1, Signal("Ana [b]Ruiz[/b]", hand=True))
    write_signal(tmp_path, M1, Signal("Bo Li", escalate=("K2", "K1")))
    write_signal(tmp_path, M1, Signal("Cy Ng"))  # nothing raised: not shown
    assert read_signals(tmp_path, M1) == [Signal("Ana [b]Ruiz[/b]", hand=True), Signal("Bo Li", escalate=("K2", "K1"))]
    assert sorted(os.listdir(tmp_path / "signals" / "2026-Q4" / "M1")) == sorted(
        attendee_file(name) for name in ("Ana [b]Ruiz[/b]", "Bo Li", "Cy Ng"))
    assert read_signals(tmp_path, SignalsTo("2026-Q4", "M2", NOW)) == []


@pytest.mark.parametrize("content", [b"{not json", b'{"name": "Eve\\u001b[2J", "hand": true}', b'["a list"]',
                                     b'{"name": "Eve", "hand": "yes"}', b'{"name": "Eve", "escalate": ["../x"]}',
                                     b'{"name": "' + b"x" * 5000 + b'", "hand": true}'])
def test_a_damaged_or_foreign_signal_file_is_left_out(tmp_path: Path, content: bytes) -> None:
    write_signal(tmp_path, M1, Signal("Ana Ruiz", hand=True))
    (tmp_path / "signals" / "2026-Q4" / "M1" / "eve.json").write_bytes(content)
    assert [s.name for s in read_signals(tmp_path, M1)] == ["Ana Ruiz"]


def test_a_signal_never_writes_through_a_link_nor_signs_with_control_characters(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    store = tmp_path / "store"
    store.mkdir()
    (store / "signals").symlink_to(elsewhere)
    with pytest.raises(StoreError, match="symbolic link"):
        write_signal(store, M1, Signal("Ana Ruiz", hand=True))
    assert list(elsewhere.iterdir()) == []
    with pytest.raises(StoreError, match="cannot sign"):
        write_signal(tmp_path, M1, Signal("Ana\x1b[31m", hand=True))


async def test_a_follower_raises_a_hand_and_the_facilitator_sees_it(demo_store: Store) -> None:
    quarter_id = demo_store.quarters()[-1].id
    session = MeetingSession.start(
        demo_store, MeetingPlan(quarter_id, MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES), NOW)
    kr_id = session.kr.id
    follower = FollowApp(demo_store.directory, now=lambda: NOW, attendee="Bo Li")
    async with follower.run_test(size=(120, 40)) as pilot:
        screen = await look(follower, pilot)
        await pilot.press("h")
        await pilot.press("e")
        await pilot.pause()
        shown = str(screen.query_one("#follow-signal", Label).render())
    assert shown == f"Bo Li: ✋ your hand is up (h lowers it) · +1 escalate: {kr_id} (e on a KR takes it back)"
    assert session.signals() == [Signal("Bo Li", hand=True, escalate=(kr_id,))]
    stored = json.loads((demo_store.directory / "signals" / quarter_id / session.meeting.id /
                         attendee_file("Bo Li")).read_text())
    assert stored == {"name": "Bo Li", "hand": True, "escalate": [kr_id], "meeting_started": NOW.isoformat()}


async def test_the_review_screen_shows_raised_hands(demo_store: Store) -> None:
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_weekly_review(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        label = screen.query_one("#signals", Label)
        assert not label.display
        meeting = screen.session.signals_to()
        write_signal(demo_store.directory, meeting, Signal("Bo [i]Li[/i]", hand=True))
        write_signal(demo_store.directory, meeting, Signal("Cy Ng", escalate=("O1-KR3",)))
        screen.tick()
        await pilot.pause()
        assert label.display and str(label.render()) == "✋ Bo [i]Li[/i] · +1 escalate O1-KR3: Cy Ng"
        write_signal(demo_store.directory, meeting, Signal("Bo [i]Li[/i]"))
        write_signal(demo_store.directory, meeting, Signal("Cy Ng"))
        screen.tick()
        await pilot.pause()
        assert not label.display


async def test_a_follower_on_a_read_only_store_says_its_hand_was_not_sent(small_disk: SmallDisk) -> None:
    from reviewtui.demo import seed_demo

    with Store.open(small_disk.path / "store") as store:
        seed_demo(store, DEMO_TODAY)
        quarter_id = store.quarters()[-1].id
        MeetingSession.start(store, MeetingPlan(quarter_id, MeetingKind.WEEKLY, "Ana Ruiz", [], 180,
                                                AgendaOrder.OBJECTIVES), NOW)
    small_disk.read_only()
    follower = FollowApp(small_disk.path / "store", now=lambda: NOW, attendee="Bo Li")
    async with follower.run_test(size=(120, 40)) as pilot:
        screen = await look(follower, pilot)
        await pilot.press("h")
        await pilot.pause()
        shown = str(screen.query_one("#follow-signal", Label).render())
    assert shown.startswith("✗ Not sent: ") and "read-only file system" in shown
    assert not (small_disk.path / "store" / "signals").exists()


def test_signals_are_kept_per_quarter_and_per_meeting_start(tmp_path: Path) -> None:
    write_signal(tmp_path, M1, Signal("Bo Li", hand=True, escalate=("O1-KR3",)))
    assert read_signals(tmp_path, SignalsTo("FY27-Q3", "M1", NOW)) == []  # the same id in another quarter
    later = SignalsTo("2026-Q4", "M1", NOW.replace(hour=15))  # the same id again, a later meeting (a new draft)
    assert read_signals(tmp_path, later) == []
    write_signal(tmp_path, later, Signal("Cy Ng", hand=True))  # its own attendee's file is read, the old one not
    assert read_signals(tmp_path, later) == [Signal("Cy Ng", hand=True)]
    assert read_signals(tmp_path, M1) == [Signal("Bo Li", hand=True, escalate=("O1-KR3",))]


async def test_a_raised_hand_never_reaches_a_meeting_with_the_same_id_in_another_quarter(demo_store: Store) -> None:
    first_quarter, second_quarter = (q.id for q in demo_store.quarters()[:2])
    first = MeetingSession.start(demo_store, MeetingPlan(first_quarter, MeetingKind.WEEKLY, "Ana Ruiz", [], 180,
                                                         AgendaOrder.OBJECTIVES), NOW)
    follower = FollowApp(demo_store.directory, now=lambda: NOW, attendee="Bo Li")
    async with follower.run_test(size=(120, 40)) as pilot:
        await look(follower, pilot)
        await pilot.press("h", "e")
        await pilot.pause()
    assert first.signals() == [Signal("Bo Li", hand=True, escalate=(first.kr.id,))]
    demo_store.discard_draft(first.meeting, "the wrong quarter", NOW)
    second = MeetingSession.start(demo_store, MeetingPlan(second_quarter, MeetingKind.WEEKLY, "Ana Ruiz", [], 180,
                                                          AgendaOrder.OBJECTIVES), NOW)
    assert second.meeting.id == first.meeting.id  # the same day and kind: the same id, in another quarter
    assert second.signals() == []


async def test_what_a_follower_sent_or_could_not_send_is_cleared_when_the_meeting_changes(demo_store: Store) -> None:
    follower = FollowApp(demo_store.directory, now=lambda: NOW, attendee="Bo Li")
    async with follower.run_test(size=(120, 40)) as pilot:
        screen = await look(follower, pilot)
        line = screen.query_one("#follow-signal", Label)
        await pilot.press("h")  # no meeting yet
        await pilot.pause()
        assert line.display and str(line.render()) == "✗ Not sent: no meeting is under review to signal to"
        quarter_id = demo_store.quarters()[-1].id
        session = MeetingSession.start(demo_store, MeetingPlan(quarter_id, MeetingKind.WEEKLY, "Ana Ruiz", [], 180,
                                                               AgendaOrder.OBJECTIVES), NOW)
        await look(follower, pilot)
        assert not line.display and str(line.render()) == ""  # the meeting started: the refusal is old news
        await pilot.press("h")
        await pilot.pause()
        assert str(line.render()) == "Bo Li: ✋ your hand is up (h lowers it)"
        demo_store.discard_draft(session.meeting, "started by mistake", NOW)
        await look(follower, pilot)
        assert not line.display  # the hand was up in a meeting that is gone


async def test_the_followers_footer_says_lower_hand_while_the_hand_is_up(demo_store: Store) -> None:
    from textual.widgets._footer import FooterKey

    quarter_id = demo_store.quarters()[-1].id
    session = MeetingSession.start(
        demo_store, MeetingPlan(quarter_id, MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES), NOW)
    follower = FollowApp(demo_store.directory, now=lambda: NOW, attendee="Bo Li")

    def footer() -> list[str]:  # what the footer shows
        return [f"{key.key_display} {key.description}" for key in follower.screen.query(FooterKey)]

    async with follower.run_test(size=(120, 40)) as pilot:
        await look(follower, pilot)
        await pilot.pause()
        assert "h Raise hand" in footer() and "h Lower hand" not in footer()
        await pilot.press("h")
        await pilot.pause()
        await pilot.pause()
        assert "h Lower hand" in footer() and "h Raise hand" not in footer()
        assert session.signals() == [Signal("Bo Li", hand=True)]
        await pilot.press("h")  # lowers it
        await pilot.pause()
        await pilot.pause()
        assert "h Raise hand" in footer()
        assert session.signals() == []
