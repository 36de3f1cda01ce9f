"""A value far outside a KR's range is asked about ("did you mean ...?") and stored only once kept with enter.
The rule is the session's, tested without a screen; one Pilot test shows it in the form."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from reviewtui.app import ReviewApp
from reviewtui.domain.enums import DecisionKind
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.meeting_kinds import FormField
from reviewtui.domain.models import MeetingKind
from reviewtui.domain.review_entry import ReviewEntry, ValueCheck, read_entry
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.screens.review import ReviewScreen
from reviewtui.session import MeetingPlan, MeetingSession
from reviewtui.store import Store

from .conftest import FakeClock, start_weekly_review

NOW = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
# The KR: a baseline of 100 minutes, a target of 60; 8500 was stored for it without a word.
QUESTION = "did you mean 85? 8500 minutes is far outside 100 → 60 (enter in the value field keeps 8500)"
PROBLEM = f"the value: {QUESTION}"  # what the gate says


def seed(store: Store) -> None:
    store.save_quarter(validate_quarter({
        "quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31",
        "objectives": [{"id": "O1", "title": "Faster support", "owner": "Ana Ruiz", "key_results": [
            {"id": "K1", "title": "Cut first response time", "owner": "Ana Ruiz", "unit": "minutes",
             "baseline": 100, "target": 60, "current": 90, "evidence_source": "Zendesk report"},
            {"id": "K2", "title": "Raise NPS", "owner": "Ben Ode", "unit": "points", "baseline": 45,
             "target": 60, "current": 50, "evidence_source": "NPS export"}]}]}))


@pytest.fixture
def session(tmp_path: Path) -> Iterator[MeetingSession]:
    with Store.open(tmp_path / "store") as store:
        seed(store)
        plan = MeetingPlan("2026-Q4", MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES)
        yield MeetingSession.start(store, plan, NOW)


def entry(**fields: object) -> ReviewEntry:
    return ReviewEntry(asks=frozenset(FormField), **fields)  # type: ignore[arg-type]


def test_far_off_means_beyond_ten_times_the_span_outside_it() -> None:
    check = ValueCheck(baseline=100, target=60)  # span 60..100, 40 long: 400 either side is still near
    assert not any(check.is_far_off(v) for v in (60, 100, 85, 500, -340, 0))
    assert all(check.is_far_off(v) for v in (500.5, -340.5, 8500))
    assert not ValueCheck().is_far_off(8500)  # nothing to judge by (a baseline still to be measured)


def test_the_suggestion_moves_the_decimal_point_to_land_near_the_span() -> None:
    check = ValueCheck(baseline=100, target=60)
    assert check.likely_meant(8500) == 85 and check.likely_meant(850000) == 85
    assert ValueCheck(baseline=0.2, target=0.5).likely_meant(35) == 0.35
    assert check.likely_meant(-8500) is None  # no slip of the point lands near 60..100
    assert check.question("-8500", -8500, "minutes") == (
        "is -8500 right? -8500 minutes is far outside 100 → 60 (enter in the value field keeps -8500)")


def test_a_value_within_range_reads_at_once() -> None:
    read = read_entry(entry(value="95"), "minutes", ValueCheck(100, 60))
    assert read.changes["value"] == 95.0 and read.problems == [] and read.unread == {}


def test_a_far_off_value_is_asked_about_not_stored_until_kept(session: MeetingSession) -> None:
    session.apply("K1", entry(value="90"), NOW)
    assert session.apply("K1", entry(value="8500", decision=DecisionKind.DROP, note="merged into K2"), NOW) == [
        PROBLEM]
    assert session.review_of("K1").value == 90.0  # the last value taken, never 8500 unasked
    assert session.missing("K1") == [PROBLEM] and session.value_question("K1") == QUESTION
    assert not session.is_decided("K1")
    # enter kept it: taken as typed
    assert session.apply("K1", entry(value="8500", value_kept="8500", decision=DecisionKind.DROP,
                                     note="merged into K2"), NOW) == []
    assert session.review_of("K1").value == 8500.0 and session.missing("K1") == []
    assert session.value_question("K1") is None
    # a later edit elsewhere in the form (enter long forgotten) does not ask about the kept value again
    assert session.apply("K1", entry(value="8500", evidence="report 12", decision=DecisionKind.DROP,
                                     note="merged into K2"), NOW) == []
    # but another far-off value is asked about, and the kept one stays
    assert session.apply("K1", entry(value="85000", value_kept="8500"), NOW) != []
    assert session.review_of("K1").value == 8500.0


def test_a_far_off_value_left_unkept_is_asked_about_again_after_a_resume(session: MeetingSession) -> None:
    session.apply("K1", entry(value="8500"), NOW)
    session.save()
    resumed = MeetingSession.resume(session.store, "2026-Q4", session.meeting.id)
    assert resumed.review_of("K1").unread == {"value": "8500"}
    assert resumed.missing("K1")[0] == PROBLEM and resumed.value_question("K1") == QUESTION


async def test_the_form_asks_did_you_mean_and_a_second_enter_keeps_the_value(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        seed(store)
        app = ReviewApp(store=store, today=date(2026, 11, 12), clock=FakeClock(), now=lambda: NOW)
        async with app.run_test(size=(120, 40)) as pilot:
            await start_weekly_review(pilot)
            screen = app.screen
            assert isinstance(screen, ReviewScreen) and screen.session.kr.id == "K1"
            check = screen.query_one("#value-check", Label)
            assert not check.display
            await pilot.press(*"8500")
            await pilot.pause()
            assert check.display and str(check.render()) == f"▲ {QUESTION}"
            assert PROBLEM in str(screen.query_one("#gate", Label).render())
            assert screen.session.review_of("K1").value == 85.0  # the last value typed on the way that was near
            await pilot.press("enter")
            await pilot.pause()
            assert not check.display and QUESTION not in str(screen.query_one("#gate", Label).render())
            assert screen.session.review_of("K1").value == 8500.0
            assert screen.query_one("#value", Input).value == "8500"
