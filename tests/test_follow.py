"""`reviewtui follow`: a read-only live view of the meeting a facilitator runs on the same store.

The facilitator is a real session on a real store in tmp_path (the real ReviewApp driven with Pilot, or the
session's own API); the follower is the real FollowApp, told to look at the store now instead of waiting for
its quarter-second poll, so no test depends on time.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Digits, Input, Label, Static

from reviewtui.app import ReviewApp
from reviewtui.domain.models import DecisionKind, MeetingKind
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.follow import HOLDER_EVERY_S, Stage
from reviewtui.follow_app import FollowApp
from reviewtui.screens.follow import FollowScreen
from reviewtui.screens.review import ReviewScreen
from reviewtui.session import MeetingPlan, MeetingSession
from reviewtui.store import Store
from reviewtui.widgets.kr_card import KRCard

from .conftest import DEMO_TODAY, FakeClock, start_weekly_review
from .test_readers import open_meeting

__all__ = ["open_meeting"]  # the fixture: a meeting open in another process on a demo store

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def files(store: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(store).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(store.rglob("*")) if p.is_file()}


def start(store: Store) -> MeetingSession:
    quarter_id = store.quarters()[-1].id
    plan = MeetingPlan(quarter_id, MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES)
    return MeetingSession.start(store, plan, NOW)


async def look(app: FollowApp, pilot: object) -> FollowScreen:
    """The follower looks at the store now (its poll, without waiting for the timer) and redraws."""
    screen = app.screen
    assert isinstance(screen, FollowScreen)
    screen.refresh_view()
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


def text_of(screen: FollowScreen, selector: str) -> str:
    """What a Static shows, as plain text (Rich renderables included)."""
    console = Console(width=300, file=io.StringIO(), record=True)
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


async def test_follow_waits_for_a_meeting_then_shows_each_move_and_the_record(demo_store: Store) -> None:
    directory = demo_store.directory
    follower = FollowApp(directory, now=lambda: NOW)
    async with follower.run_test(size=(120, 40)) as pilot:
        screen = await look(follower, pilot)
        assert follower.view.stage is Stage.WAITING
        assert "No meeting is running in" in text_of(screen, "#follow-waiting")

        session = start(demo_store)
        first, second = session.meeting.agenda[:2]
        screen = await look(follower, pilot)
        assert follower.view.stage is Stage.REVIEW
        assert screen.sub_title.endswith(f"KR 1 of {len(session.meeting.agenda)}: {first}")
        assert screen.query_one(KRCard).data is not None and screen.query_one(KRCard).data.kr.id == first

        session.update(first, value=57.0, evidence="ticket ZD-[/]1 [@click=app.quit]")  # user text, never markup
        screen = await look(follower, pilot)
        fields = text_of(screen, "#follow-fields")
        assert "57 " in fields and "ticket ZD-[/]1 [@click=app.quit]" in fields
        assert "✗ To move on, log: a decision" in str(screen.query_one("#gate", Label).render())

        session.decide(first, DecisionKind.CONTINUE, "on plan with the new rota", NOW)
        session.go_to(1)
        screen = await look(follower, pilot)
        assert screen.sub_title.endswith(f"KR 2 of {len(session.meeting.agenda)}: {second}")
        assert "✓ " + first in text_of(screen, "#agenda")

        session.go_to(0)  # back
        screen = await look(follower, pilot)
        assert screen.sub_title.endswith(f": {first}")

        session.defer_rest("out of time today", DEMO_TODAY.replace(day=29), NOW)  # end early
        session.show_summary(True)  # the facilitator's summary screen says so in the draft
        screen = await look(follower, pilot)
        assert follower.view.stage is Stage.SUMMARY
        assert screen.query_one("#follow-document").display and not screen.query_one("#review").display
        assert "record is not written yet" in text_of(screen, "#follow-document-text")
        assert "Ended early" in text_of(screen, "#follow-document-text")

        session.finish(NOW)  # the record is written
        screen = await look(follower, pilot)
        assert follower.view.stage is Stage.RECORD
        assert "The record, as written" in text_of(screen, "#follow-document-text")
        assert session.meeting.id in screen.sub_title

        session.store.close()
        before = files(directory)
        for _ in range(3):  # a follower only looks
            await look(follower, pilot)
        assert follower.view.stage is Stage.RECORD  # the record stays until the next meeting starts
        assert files(directory) == before


async def test_follow_shows_what_a_facilitator_types_in_the_real_review(demo_store: Store) -> None:
    facilitator = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    follower = FollowApp(demo_store.directory, now=lambda: NOW)
    async with facilitator.run_test(size=(120, 40)) as pilot:
        await start_weekly_review(pilot)
        review = facilitator.screen
        assert isinstance(review, ReviewScreen)
        kr_id = review.session.kr.id
        await pilot.press(*"57")
        await pilot.pause()
        assert facilitator.save_meeting() is None  # on disk now, as the quarter-second save would do
        async with follower.run_test(size=(120, 40)) as follow_pilot:
            screen = await look(follower, follow_pilot)
            assert screen.sub_title.endswith(f": {kr_id}")
            assert "Value     57 " in text_of(screen, "#follow-fields")
            await pilot.press("ctrl+e")  # the facilitator ends early
            await pilot.pause()
            modal = facilitator.screen
            modal.query_one("#end-reason", Input).value = "out of time today"
            await pilot.press("ctrl+s")
            await pilot.pause()
            screen = await look(follower, follow_pilot)
            assert follower.view.stage is Stage.SUMMARY
            await pilot.press("escape")  # the facilitator goes back from the summary to the review
            await pilot.pause()
            facilitator.save_meeting()
            await look(follower, follow_pilot)
            assert follower.view.stage is Stage.REVIEW  # the follower goes back too, not left on the summary


async def test_presenter_view_shows_the_kr_its_status_and_a_large_countdown_at_80x24(demo_store: Store) -> None:
    session = start(demo_store)
    kr = session.kr
    session.update(kr.id, value=57.0, time_spent_s=30.0)
    follower = FollowApp(demo_store.directory, presenter=True, now=lambda: NOW)
    async with follower.run_test(size=(80, 24)) as pilot:
        screen = await look(follower, pilot)
        presenter = screen.query_one("#presenter")
        assert presenter.display and not screen.query_one("#review").display
        assert presenter.region.bottom <= 23  # all of it above the footer
        title = str(screen.query_one("#presenter-title", Label).render())
        assert kr.id in title and kr.title[:20] in title
        assert kr.owner in str(screen.query_one("#presenter-owner", Label).render())
        value = str(screen.query_one("#presenter-value", Label).render())
        assert "57" in value and any(word in value for word in ("on track", "at risk", "off track"))
        assert str(screen.query_one("#presenter-digits", Digits).value) == "2:30"
        assert "To move on, log: a decision" in str(screen.query_one("#presenter-gate", Label).render())
        await pilot.press("p")  # back to the full view
        await pilot.pause()
        assert screen.query_one("#review").display and not presenter.display


async def test_f2_in_the_review_shows_the_presenter_view_and_back(demo_store: Store) -> None:
    facilitator = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock(), now=lambda: NOW)
    async with facilitator.run_test(size=(80, 24)) as pilot:
        await start_weekly_review(pilot)
        review = facilitator.screen
        assert isinstance(review, ReviewScreen)
        kr = review.session.kr
        await pilot.press("f2")
        await pilot.pause()
        assert review.query_one("#presenter").display and not review.query_one("#review").display
        assert kr.id in str(review.query_one("#presenter-title", Label).render())
        assert "To move on, log: a decision" in str(review.query_one("#presenter-gate", Label).render())
        assert str(review.query_one("#presenter-digits", Digits).value) == "3:00"
        await pilot.press("f2")
        await pilot.pause()
        assert review.query_one("#review").display and not review.query_one("#presenter").display


async def test_a_tick_that_saved_only_the_time_moves_the_followers_clock_and_nothing_else(demo_store: Store) -> None:
    session = start(demo_store)
    kr_id = session.kr.id
    follower = FollowApp(demo_store.directory, now=lambda: NOW)
    async with follower.run_test(size=(120, 40)) as pilot:
        session.add_time(kr_id, 1.0)
        await look(follower, pilot)  # the draft is read in full once after the follower found it
        first = follower.view
        session.add_time(kr_id, 7.0)  # what the facilitator's tick writes every second
        await look(follower, pilot)
        assert follower.view.spent_s == first.spent_s + 7.0
        assert follower.view.card is first.card and follower.view.agenda is first.agenda  # not read again
        session.update(kr_id, value=58.0)  # a real change is read in full
        screen = await look(follower, pilot)
        assert "Value     58 " in text_of(screen, "#follow-fields")


async def test_the_presenters_clock_moves_with_each_tick_that_saved_only_the_time(demo_store: Store) -> None:
    session = start(demo_store)
    kr_id = session.kr.id
    follower = FollowApp(demo_store.directory, presenter=True, now=lambda: NOW)
    async with follower.run_test(size=(80, 24)) as pilot:
        session.add_time(kr_id, 1.0)
        screen = await look(follower, pilot)  # read in full once
        assert str(screen.query_one("#presenter-digits", Digits).value) == "2:59"
        for spent in (2.0, 3.0, 10.0):  # the facilitator's tick, once a second: only the time changes
            session.add_time(kr_id, spent - session.review.time_spent_s)
            screen = await look(follower, pilot)
            assert str(screen.query_one("#presenter-digits", Digits).value) == f"2:{60 - spent:02.0f}"
            assert f"2:{60 - spent:02.0f} left of 3:00" in str(screen.query_one("#presenter-clock", Label).render())
        assert follower.view.card is not None and follower.view.presenter is not None
        assert follower.view.presenter.spent_s == follower.view.spent_s == 10.0


def status_of(screen: FollowScreen) -> str:
    return str(screen.query_one("#follow-status", Label).render())


async def test_the_follower_says_when_the_facilitator_quits_and_picks_the_meeting_up_again(demo_store: Store) -> None:
    directory = demo_store.directory
    session = start(demo_store)
    kr_id = session.kr.id
    session.add_time(kr_id, 20.0)
    clock = FakeClock()
    follower = FollowApp(directory, now=lambda: NOW, clock=clock)
    async with follower.run_test(size=(120, 40)) as pilot:
        screen = await look(follower, pilot)
        assert status_of(screen).startswith("Following live, read-only")
        demo_store.close()  # the facilitator quits (ctrl+q): nothing is saved any more, the store is let go
        clock.t += HOLDER_EVERY_S
        screen = await look(follower, pilot)
        status = status_of(screen)
        assert re.fullmatch(r"▲ The facilitator's reviewtui is not running \(last save \d\d:\d\d:\d\d\): the clock "
                            r"is stopped, waiting for the meeting to be resumed", status), status
        assert screen.query_one("#follow-status").has_class("-stale")
        assert str(screen.query_one("#countdown Digits", Digits).value) == "2:40"

        with Store.open(directory) as again:  # resumed: the facilitator's reviewtui runs it again
            resumed = MeetingSession.resume(again, session.meeting.quarter_id, session.meeting.id)
            resumed.add_time(kr_id, 5.0)
            clock.t += HOLDER_EVERY_S
            screen = await look(follower, pilot)
            assert status_of(screen).startswith("Following live, read-only")
            assert str(screen.query_one("#countdown Digits", Digits).value) == "2:35"


async def test_the_follower_says_when_the_facilitators_process_was_killed(
        open_meeting: tuple[Path, subprocess.Popen[str], str, str]) -> None:
    store, facilitator, _, meeting_id = open_meeting
    clock = FakeClock()
    follower = FollowApp(store, now=lambda: NOW, clock=clock)
    async with follower.run_test(size=(120, 40)) as pilot:
        screen = await look(follower, pilot)
        assert follower.view.meeting_id == meeting_id and follower.view.live
        facilitator.kill()  # kill -9: its lock note is left behind, naming a process that is gone
        facilitator.wait(timeout=10)
        screen = await look(follower, pilot)
        assert follower.view.live  # looked at every HOLDER_EVERY_S, not on every poll
        clock.t += HOLDER_EVERY_S
        screen = await look(follower, pilot)
        assert status_of(screen).startswith("▲ The facilitator's reviewtui is not running (last save ")


def test_follow_refuses_a_folder_that_is_not_a_store_in_one_line(tmp_path: Path) -> None:
    from tests.test_cli import run

    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "no" / "such" / "dir", tmp_path / "empty"):  # mistyped, or not a store
        result = run("follow", "--store", folder)
        assert result.returncode == 2 and result.stdout == ""  # refused before any screen is drawn
        assert result.stderr == (f"reviewtui: no reviewtui store at {folder}; give --store the folder the "
                                 "facilitator's reviewtui uses (the path its home screen shows)\n")
    assert not (tmp_path / "no").exists() and not any((tmp_path / "empty").iterdir())


async def test_the_follower_marks_overdue_open_actions_as_the_facilitators_form_does(demo_store: Store) -> None:
    session = start(demo_store)
    kr_id = next(k for k in session.meeting.agenda if len(session.open_actions(k)) > 1)
    session.go_to(session.meeting.agenda.index(kr_id))
    actions = session.open_actions(kr_id)
    assert {action.due < NOW.date() for action in actions} == {True, False}  # one overdue, one not yet due
    follower = FollowApp(demo_store.directory, now=lambda: NOW)
    async with follower.run_test(size=(160, 50)) as pilot:
        screen = await look(follower, pilot)
        lines = text_of(screen, "#follow-fields").splitlines()
    for action in actions:
        [line] = [line for line in lines if line.startswith(f"Action {action.id}")]
        mark = f"({action.owner}, due {action.due})  ▲ overdue: "  # after the due date, as on the form
        assert (mark in line) is (action.due < NOW.date()) and ("overdue" in line) is (mark in line), line


async def test_the_presenter_view_shows_the_summary_when_the_facilitator_does(demo_store: Store) -> None:
    session = start(demo_store)
    follower = FollowApp(demo_store.directory, presenter=True, now=lambda: NOW)
    async with follower.run_test(size=(80, 24)) as pilot:
        screen = await look(follower, pilot)
        assert screen.query_one("#presenter").display and not screen.query_one("#follow-document").display
        session.defer_rest("out of time today", DEMO_TODAY.replace(day=29), NOW)  # end early
        session.show_summary(True)
        screen = await look(follower, pilot)
        assert follower.view.stage is Stage.SUMMARY
        assert screen.query_one("#follow-document").display and not screen.query_one("#presenter").display
        assert "record is not written yet" in text_of(screen, "#follow-document-text")
        session.show_summary(False)  # back to the review: the presenter view again
        screen = await look(follower, pilot)
        assert screen.query_one("#presenter").display and not screen.query_one("#follow-document").display


async def test_the_followers_gate_names_a_value_the_facilitators_form_could_not_take(demo_store: Store) -> None:
    """A value that does not read is kept as typed in the draft; the follower's gate line names it, as the
    facilitator's does (it showed only the rest of the gate)."""
    from reviewtui.domain.meeting_kinds import FormField
    from reviewtui.domain.review_entry import ReviewEntry

    session = start(demo_store)
    follower = FollowApp(demo_store.directory, now=lambda: NOW)
    async with follower.run_test(size=(120, 40)) as pilot:
        await look(follower, pilot)
        assert follower.view.stage is Stage.REVIEW
        kr_id = session.kr.id
        session.apply(kr_id, ReviewEntry(asks=frozenset(FormField), value="99.61Redis fix ships Friday",
                                         decision=DecisionKind.CONTINUE), NOW)
        session.save()
        missing = session.missing()
        assert any("99.61Redis fix ships Friday" in problem for problem in missing)
        await look(follower, pilot)
        assert follower.view.gate == "✗ To move on, log: " + "; ".join(missing)


@pytest.mark.speed_guard
async def test_a_keystroke_the_follower_shows_lays_nothing_out_again(demo_store: Store) -> None:
    """A field's new text on the same number of lines is drawn in place: a layout of the whole screen per save,
    in every follower, slowed the facilitator's machine (and the status line was laid out on every save)."""
    session = start(demo_store)
    kr_id = session.kr.id
    follower = FollowApp(demo_store.directory, now=lambda: NOW)
    async with follower.run_test(size=(120, 40)) as pilot:
        session.update(kr_id, evidence="ticket export")
        screen = await look(follower, pilot)
        await pilot.pause()
        layouts: list[bool] = []
        relayout = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            layouts.append(True)
            relayout(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        session.update(kr_id, evidence="ticket export 2")
        await look(follower, pilot)
        await pilot.pause()
        assert "ticket export 2" in text_of(screen, "#follow-fields")
        assert layouts == []
        session.update(kr_id, evidence="ticket export " + "long " * 60)  # now on more lines: laid out again
        await look(follower, pilot)
        await pilot.pause()
        assert layouts
