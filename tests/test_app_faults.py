"""The app on a disk that fills up and a store with damaged files: shown on screen, the meeting goes on.

Writes fail for real: the store lives on a small tmpfs of its own that the test fills (root only; skipped
otherwise). Damaged files are damaged on disk before a fresh store is opened, as after a crash or a bad edit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from reviewtui.app import EXIT_STORE, ReviewApp
from reviewtui.domain.models import DecisionKind, MeetingKind, MeetingState
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.screens.home import HomeScreen
from reviewtui.screens.resume import ResumeModal
from reviewtui.screens.review import ReviewScreen
from reviewtui.screens.store_problem import QuitUnsavedModal, StoreProblemModal
from reviewtui.screens.summary import SummaryScreen
from reviewtui.session import MeetingPlan, MeetingSession
from reviewtui.store import Store
from reviewtui.widgets.kr_table import KRTable
from reviewtui.widgets.not_saved import NotSavedLine

from .conftest import FakeClock, SmallDisk
from .test_meeting_flow import NOW, TODAY, fill, make_app, seed, start




def meeting_file(store: Store, session: MeetingSession) -> Path:
    return store.directory / "quarters" / "2026-Q4" / "meetings" / f"{session.meeting.id}.json"


def on_disk(path: Path) -> dict:
    return json.loads(path.read_text())["meeting"]["1"]


def shown(screen) -> str:
    """Every label and static on a screen, as plain text."""
    return "\n".join(str(widget.render()) for widget in screen.query("Label, Static"))


# --- a full disk during a meeting ----------------------------------------------------------------------
async def test_a_failed_save_is_shown_kept_in_memory_and_cleared_by_a_later_save(small_disk: SmallDisk) -> None:
    with Store.open(small_disk.path / "store") as store:
        seed(store)
        clock = FakeClock()
        app = make_app(store, clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = await start(pilot, app)
            path = meeting_file(store, screen.session)
            line = screen.query_one(NotSavedLine)
            assert not line.display

            small_disk.fill()
            await fill(pilot, screen, evidence="NPS 57 in nps.csv")
            screen.flush()  # the debounced save, now
            clock.t = 30.0
            screen.tick()  # the 1 s tick: adds the time spent and saves
            await pilot.pause()
            assert line.display
            warning = str(line.render())
            assert warning.startswith(f"✗ Not saved: disk full (cannot write {path})")
            assert warning.endswith("The meeting is kept in memory and saving is retried.")
            assert app.screen is screen and app.is_running  # the meeting goes on
            assert screen.session.review.evidence == "NPS 57 in nps.csv"
            assert screen.session.review.time_spent_s == 30.0
            assert "evidence" not in on_disk(path)["reviews"][0]

            small_disk.free()
            screen.tick()  # the clock has not moved: the retry alone writes the meeting
            await pilot.pause()
            assert not line.display
            review = on_disk(path)["reviews"][0]
            assert review["evidence"] == "NPS 57 in nps.csv" and review["time_spent_s"] == 30.0


async def end_early(pilot: Any) -> None:
    """ctrl+e, a reason, enter: every KR not yet decided is deferred and the summary comes up."""
    await pilot.press("ctrl+e")
    await pilot.pause()
    await pilot.press(*"Out of time", "enter")
    await pilot.pause()


async def test_moving_on_while_the_disk_is_full_is_written_once_there_is_room(small_disk: SmallDisk) -> None:
    with Store.open(small_disk.path / "store") as store:
        seed(store)
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = await start(pilot, app)
            path = meeting_file(store, screen.session)
            await fill(pilot, screen, decision=DecisionKind.CONTINUE)
            screen.flush()
            small_disk.fill()
            await pilot.press("ctrl+n")  # the move to K2 cannot be written
            await pilot.pause()
            assert screen.session.kr.id == "K2"
            assert screen.query_one(NotSavedLine).display
            assert on_disk(path).get("position", 0) == 0

            small_disk.free()
            screen.tick()
            await pilot.pause()
            assert not screen.query_one(NotSavedLine).display
            assert on_disk(path)["position"] == 1
            assert on_disk(path)["reviews"][0]["decision"]["kind"] == "continue"


async def test_a_failed_confirm_keeps_the_meeting_open_and_says_why(small_disk: SmallDisk) -> None:
    with Store.open(small_disk.path / "store") as store:
        seed(store)
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = await start(pilot, app)
            path = meeting_file(store, screen.session)
            await end_early(pilot)
            summary = app.screen
            assert isinstance(summary, SummaryScreen)

            small_disk.fill()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is summary and summary.written is None
            said = str(summary.query_one("#written", Static).render())
            assert "✗ Not written: disk full (cannot write " in said
            assert "still open and nothing was confirmed" in said
            assert summary.session.meeting.state is MeetingState.DRAFT
            assert on_disk(path).get("state", "draft") == "draft"
            assert summary.check_action("confirm", ()) and summary.check_action("back", ())

            small_disk.free()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert summary.written and Path(summary.written).exists()
            assert on_disk(path)["state"] == "final"
            assert "✓ Record written" in str(summary.query_one("#written", Static).render())
            await pilot.press("ctrl+q")  # nothing is left to save: no question, exit 0
            await pilot.pause()
        assert app.return_code == 0


async def test_an_export_that_cannot_be_written_leaves_the_record_confirmed_and_says_how_to_export_it(
        tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        seed(store)
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = await start(pilot, app)
            path = meeting_file(store, screen.session)
            await end_early(pilot)
            elsewhere = tmp_path / "elsewhere"
            elsewhere.mkdir()
            (store.directory / "exports").symlink_to(elsewhere)  # planted: the store never writes through it
            await pilot.press("ctrl+s")
            await pilot.pause()
            summary = app.screen
            said = str(summary.query_one("#written", Static).render())
            assert "✓ Record written" in said
            assert "✗ Exported to: not written" in said and "symbolic link" in said
            assert f"reviewtui export {summary.session.meeting.id} --store {store.directory}" in said
            assert summary.written == "" and summary.check_action("home", ())
            assert on_disk(path)["state"] == "final" and list(elsewhere.iterdir()) == []


async def test_quitting_on_a_failed_save_asks_first_and_then_exits_non_zero(small_disk: SmallDisk) -> None:
    with Store.open(small_disk.path / "store") as store:
        seed(store)
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = await start(pilot, app)
            small_disk.fill()
            await fill(pilot, screen, blocker="Budget frozen")
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, QuitUnsavedModal)
            assert "disk full" in shown(app.screen)
            await pilot.press("escape")  # back to the meeting: nothing lost yet
            await pilot.pause()
            assert app.screen is screen and app.is_running
            await pilot.press("ctrl+q")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
        assert app.return_code == EXIT_STORE


async def test_quitting_with_the_meeting_saved_exits_0(small_disk: SmallDisk) -> None:
    with Store.open(small_disk.path / "store") as store:
        seed(store)
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = await start(pilot, app)
            await fill(pilot, screen, blocker="Budget frozen")
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.return_code == 0
        assert on_disk(meeting_file(store, screen.session))["reviews"][0]["blocker"] == "Budget frozen"


@pytest.mark.parametrize("disk_full", [False, True], ids=["saved", "disk full"])
async def test_a_hangup_saves_what_it_can_and_says_so_in_the_exit_code(small_disk: SmallDisk, disk_full: bool) -> None:
    with Store.open(small_disk.path / "store") as store:
        seed(store)
        clock = FakeClock()
        app = make_app(store, clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = await start(pilot, app)
            if disk_full:
                small_disk.fill()
            await fill(pilot, screen, blocker="Budget frozen")  # typed, perhaps not written yet
            clock.t = 12.0
            app.save_and_exit()  # what SIGHUP and SIGTERM run
            await pilot.pause()
        assert app.return_code == (EXIT_STORE if disk_full else 0)
        review = on_disk(meeting_file(store, screen.session))["reviews"][0]
        assert (review.get("blocker"), review.get("time_spent_s")) == ((None, None) if disk_full
                                                                      else ("Budget frozen", 12.0))


# --- damaged files --------------------------------------------------------------------------------------
def make_draft(directory: Path) -> Path:
    """A store with an interrupted weekly meeting at its second KR; returns the meeting's file."""
    with Store.open(directory) as store:
        seed(store)
        plan = MeetingPlan("2026-Q4", MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES)
        session = MeetingSession.start(store, plan, NOW)
        session.decide("K1", DecisionKind.CONTINUE, "", NOW)
        session.go_to(1)
        return meeting_file(store, session)


def edit_meeting(path: Path, **changes: object) -> None:
    data = json.loads(path.read_text())
    data["meeting"]["1"].update(changes)
    path.write_text(json.dumps(data))


async def test_a_damaged_draft_is_offered_to_be_set_aside_and_the_app_goes_on(tmp_path: Path) -> None:
    path = make_draft(tmp_path / "store")
    path.write_bytes(b'{"meeting": {"1": {"id": ')  # truncated mid-write by something other than reviewtui
    with Store.open(tmp_path / "store") as store:
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            offer = app.screen
            assert isinstance(offer, ResumeModal)
            text = shown(offer)
            assert "cannot be resumed" in text and str(path) in text and "is not valid JSON" in text
            assert f"{path.name}.bak" in text  # the previous version, named
            assert offer.check_action("resume", ()) is False and offer.check_action("set_aside", ())
            await pilot.press("enter")  # not resumable: enter does nothing
            await pilot.pause()
            assert app.screen is offer
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.screen.query_one(KRTable).row_count == 3  # the quarter is intact and shown
            assert store.drafts() == []
        assert not path.exists()
        kept = [p for p in path.parent.iterdir() if p.name.startswith(path.name) and not p.name.endswith(".bak")]
        assert len(kept) == 1 and kept[0].read_bytes() == b'{"meeting": {"1": {"id": '  # kept on disk as it was
    with Store.open(tmp_path / "store") as store:  # the next start offers nothing
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("changes, what", [
    ({"agenda": ["K1", "K9", "K3"]}, "K9"),
    ({"position": 7}, "key result 8 of an agenda of 3"),
], ids=["unknown KR", "position out of range"])
async def test_a_draft_that_does_not_fit_its_quarter_cannot_be_resumed(tmp_path: Path, changes: dict,
                                                                       what: str) -> None:
    path = make_draft(tmp_path / "store")
    edit_meeting(path, **changes)
    with Store.open(tmp_path / "store") as store:
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            offer = app.screen
            assert isinstance(offer, ResumeModal)
            text = shown(offer)
            assert "cannot be resumed" in text and str(path) in text and what in text
            assert offer.check_action("set_aside", ())
            await pilot.press("escape")  # left waiting
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and app.is_running
        assert path.exists() and len(store.drafts()) == 1


async def test_a_draft_whose_actions_file_is_damaged_names_that_file_and_is_not_set_aside(tmp_path: Path) -> None:
    make_draft(tmp_path / "store")
    actions = tmp_path / "store" / "quarters" / "2026-Q4" / "actions.json"
    actions.write_text("not json")
    with Store.open(tmp_path / "store") as store:
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            offer = app.screen
            assert isinstance(offer, ResumeModal)
            text = shown(offer)
            assert "cannot be resumed" in text and str(actions) in text and "is not valid JSON" in text
            assert offer.check_action("set_aside", ()) is False  # the meeting is fine; restore the other file
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        assert len(store.drafts()) == 1


async def damaged_actions_app(tmp_path: Path, **kwargs: object) -> tuple[Store, ReviewApp, Path]:
    with Store.open(tmp_path / "store") as store:
        seed(store)
    actions = tmp_path / "store" / "quarters" / "2026-Q4" / "actions.json"
    actions.write_bytes(b"")
    store = Store.open(tmp_path / "store")
    return store, ReviewApp(store=store, today=TODAY, clock=FakeClock(), now=lambda: NOW, **kwargs), actions


async def test_a_review_asked_for_on_a_damaged_quarter_says_which_file_and_the_home_screen_stays(
        tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        seed(store)
    quarter = tmp_path / "store" / "quarters" / "2026-Q4" / "quarter.json"
    quarter.write_text('{"quarter": {"1": {"id": "2026-Q4"}}}')
    with Store.open(tmp_path / "store") as store:
        app = ReviewApp(store=store, today=TODAY, clock=FakeClock(), now=lambda: NOW, review_quarter="2026-Q4")
        async with app.run_test(size=(120, 40)) as pilot:  # as `reviewtui review 2026-Q4` starts it
            await pilot.pause()
            problem = app.screen
            assert isinstance(problem, StoreProblemModal)
            text = shown(problem)
            assert "A review of 2026-Q4 cannot start" in text
            assert f"File: {quarter}" in text and "invalid data" in text
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and app.is_running


@pytest.mark.parametrize("key", ["a", "enter"], ids=["report", "KR detail"])
async def test_the_report_and_a_kr_in_full_name_a_damaged_actions_file(tmp_path: Path, key: str) -> None:
    store, app, actions = await damaged_actions_app(tmp_path)
    with store:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            if key == "enter":
                app.screen.query_one(KRTable).focus()
            await pilot.press(key)
            await pilot.pause()
            problem = app.screen
            assert isinstance(problem, StoreProblemModal)
            text = shown(problem)
            assert f"File: {actions}" in text and "is empty (0 bytes)" in text
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and app.is_running


async def test_the_report_is_exported_into_the_store_and_never_through_a_planted_link(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        seed(store)
        app = make_app(store, FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("a", "e")
            await pilot.pause()
            exported = store.directory / "exports" / "report-2026-Q4.md"
            assert exported.read_text().startswith("#")
            exported.unlink()
            (store.directory / "exports").rmdir()
            elsewhere = tmp_path / "elsewhere"
            elsewhere.mkdir()
            (store.directory / "exports").symlink_to(elsewhere)
            await pilot.press("e")
            await pilot.pause()
            assert list(elsewhere.iterdir()) == [] and app.is_running
            said = [str(n.message) for n in app._notifications]  # the toasts on screen
            assert any(m.startswith("✗ Not written:") and "symbolic link" in m for m in said), said


async def test_a_review_of_a_quarter_whose_actions_are_damaged_does_not_start(tmp_path: Path) -> None:
    store, app, actions = await damaged_actions_app(tmp_path)
    with store:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, StoreProblemModal)
            assert str(actions) in shown(app.screen)
            assert not any(isinstance(s, ReviewScreen) for s in app.screen_stack)

