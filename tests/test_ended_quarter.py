"""Reviewing a quarter that has ended: said before anyone types, and its values are dated at its end."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from textual.widgets import Label

from reviewtui.app import ReviewApp
from reviewtui.domain.effects import apply_values
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.models import KRReview, Meeting, MeetingKind, MeetingState
from reviewtui.screens.review import ReviewScreen
from reviewtui.screens.start_meeting import StartMeetingScreen
from reviewtui.store import Store

from .conftest import FakeClock, start_weekly_review

AFTER = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
QUARTER = validate_quarter({
    "quarter": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30",
    "objectives": [{"id": "O1", "title": "Delight customers", "owner": "Ana Ruiz", "key_results": [
        {"id": "K1", "title": "Raise NPS", "owner": "Ana Ruiz", "unit": "points", "baseline": 45, "target": 60,
         "current": 52, "evidence_source": "NPS export", "history": [{"date": "2026-09-15", "value": 52}]}]}]})


def test_a_value_entered_after_the_quarter_ended_is_its_final_value_dated_at_its_end() -> None:
    meeting = Meeting(id="M", quarter_id="2026-Q3", kind=MeetingKind.RETRO, facilitator="Ana Ruiz",
                      started_at=AFTER, ended_at=AFTER, state=MeetingState.FINAL, agenda=["K1"],
                      reviews=[KRReview(kr_id="K1", value=58.0)])
    kr = apply_values(QUARTER, meeting).key_results[0]
    assert kr.current == 58.0
    assert [(p.date, p.value) for p in kr.history] == [(date(2026, 9, 15), 52.0), (date(2026, 9, 30), 58.0)]


async def test_set_up_and_review_say_the_quarter_has_ended_before_anyone_types(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        store.save_quarter(QUARTER)
        app = ReviewApp(store=store, today=AFTER.date(), clock=FakeClock(), now=lambda: AFTER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, StartMeetingScreen)
            preview = str(app.screen.query_one("#agenda-preview", Label).render())
            assert "▲ 2026-Q3 ended on 30 Sep 2026: values entered now are its final values, dated 2026-09-30" \
                in preview
            await pilot.press(*"Ana Ruiz", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            banner = str(app.screen.query_one("#quarter-ended", Label).render())
            assert banner.startswith("▲ 2026-Q3 ended on 30 Sep 2026")


async def test_no_banner_while_the_quarter_runs(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        store.save_quarter(QUARTER)
        during = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
        app = ReviewApp(store=store, today=during.date(), clock=FakeClock(), now=lambda: during)
        async with app.run_test(size=(120, 40)) as pilot:
            await start_weekly_review(pilot)
            assert isinstance(app.screen, ReviewScreen)
            assert not app.screen.query("#quarter-ended")


def test_talking_points_say_the_quarter_ended_instead_of_a_day_past_its_end() -> None:
    from reviewtui.export.talking_points import when

    assert when(QUARTER, date(2026, 11, 30)) == "2026-Q3 ended on 2026-09-30: the values are its final values."
    assert when(QUARTER, date(2026, 8, 1)).startswith("Day 32 of 92: a key result on pace is ")
    assert when(QUARTER, date(2026, 6, 1)) == "2026-Q3 starts on 2026-07-01."
