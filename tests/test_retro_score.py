"""The retrospective asks the owner's score where the data cannot give one, and a reason to override it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from reviewtui.app import ReviewApp
from reviewtui.domain.importing import parse_quarter_json
from reviewtui.domain.models import DecisionKind, MeetingKind
from reviewtui.store import Store

from .conftest import FakeClock
from .test_meeting_kinds import fill, gate, start

TODAY = date(2027, 1, 4)  # the quarter ended on 31 December
PLAN = {"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31", "objectives": [
    {"id": "O1", "title": "Ship the platform", "owner": "Ana Ruiz", "key_results": [
        {"id": "LAUNCH", "title": "Launch the EU region", "owner": "Ana Ruiz", "kind": "milestone",
         "due": "2026-12-15", "evidence_source": "status page"},
        {"id": "ARR", "title": "Grow ARR", "owner": "Ana Ruiz", "unit": "kEUR", "baseline": 100, "target": 200,
         "current": 155, "evidence_source": "billing"}]}]}


async def test_the_owner_scores_a_milestone_and_explains_an_override(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        store.save_quarter(parse_quarter_json(json.dumps(PLAN).encode()))
        app = ReviewApp(store=store, today=TODAY, clock=FakeClock(),
                        now=lambda: datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await start(pilot, app, MeetingKind.RETRO)
            assert screen.session.kr.id == "LAUNCH"
            await fill(pilot, screen, owner_did="Moved the launch after the audit", lesson="Book auditors early",
                       decision=DecisionKind.CONTINUE, decision_note="Launch is booked for January 12")
            assert "the owner's score, 0 to 1" in gate(screen)
            await fill(pilot, screen, score="0.6")
            assert "score" not in gate(screen)
            assert screen.session.review_of("LAUNCH").score == 0.6
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert screen.session.kr.id == "ARR"
            await fill(pilot, screen, owner_did="Hired two account executives", lesson="Start hiring in Q3",
                       decision=DecisionKind.CONTINUE, decision_note="Pipeline carries into next quarter",
                       score="0.7")
            assert "why the score differs from the data's (0.55)" in gate(screen)
            await fill(pilot, screen, score_reason="Two signed deals were booked on 2 January")
            assert "score" not in gate(screen)
            review = screen.session.review_of("ARR")
            assert (review.score, review.score_reason) == (0.7, "Two signed deals were booked on 2 January")
