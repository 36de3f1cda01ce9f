"""Each meeting kind serves its user: driven through the real app with Pilot, on a real store in tmp_path."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Checkbox, Input, Label, Select, Static

from reviewtui.app import ReviewApp
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.meeting_kinds import escalations_since_leadership, needs_attention
from reviewtui.domain.models import (
    ActionItem, ActionStatus, Decision, DecisionKind, KRReview, Meeting, MeetingKind, MeetingState, Status,
)
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.screens.end_early import EndEarlyModal
from reviewtui.screens.review import ReviewScreen
from reviewtui.screens.start_meeting import StartMeetingScreen
from reviewtui.screens.summary import SummaryScreen
from reviewtui.session import MeetingPlan, last_reviews, plan_agenda
from reviewtui.store import Store
from reviewtui.widgets.countdown import Countdown
from reviewtui.widgets.kr_card import KRCard
from reviewtui.widgets.last_check_in import LastCheckIn

from .conftest import FakeClock

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
EARLIER = "2026-11-12-weekly"


def seed(store: Store) -> None:
    """Pace on 2026-11-22 is 53/92 = 58%.

    K1 on track and unchanged since its last review; K2 off track (at risk from week 3, as its 3.1 stood while
    pace moved on, escalated on 2026-11-12); K3 at risk; K4 on track but changed since its last review (6 -> 7).
    """
    store.save_quarter(validate_quarter({
        "quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31",
        "objectives": [{"id": "O1", "title": "Delight customers", "owner": "Ana Ruiz", "team": "Support",
                        "key_results": [
            {"id": "K1", "title": "Raise NPS", "owner": "Ana Ruiz", "unit": "points", "baseline": 45,
             "target": 60, "current": 55, "evidence_source": "NPS export"},
            {"id": "K2", "title": "Cut churn [/] [@click=app.quit]x", "owner": "Ben Ode", "unit": "%",
             "baseline": 3.2, "target": 2.0, "current": 3.1, "evidence_source": "Churn dashboard",
             "history": [{"date": "2026-10-15", "value": 3.1}, {"date": "2026-10-29", "value": 3.1}]},
            {"id": "K3", "title": "Ship the wizard", "owner": "Cy Park", "unit": "%", "baseline": 0,
             "target": 100, "current": 45, "evidence_source": "Release notes"},
            {"id": "K4", "title": "Sign reference customers", "owner": "Ana Ruiz", "unit": "customers",
             "baseline": 0, "target": 10, "current": 7, "evidence_source": "CRM list"},
        ]}]}))
    at = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)

    def decided(kind: DecisionKind, note: str = "") -> Decision:
        return Decision(kind=kind, note=note, decided_by="Ana Ruiz", at=at)

    earlier = Meeting(
        id=EARLIER, quarter_id="2026-Q4", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz", started_at=at,
        ended_at=at, state=MeetingState.FINAL, agenda=["K1", "K2", "K4"], position=2,
        reviews=[
            KRReview(kr_id="K1", value=55, confidence=Status.ON_TRACK, evidence="NPS 55 in nps.csv",
                     decision=decided(DecisionKind.CONTINUE)),
            KRReview(kr_id="K2", value=3.1, confidence=Status.OFF_TRACK, evidence="3.1% on the dashboard",
                     blocker="No budget for the save desk", escalate=True,
                     decision=decided(DecisionKind.ESCALATE, "Budget to the leadership review")),
            KRReview(kr_id="K4", value=6, confidence=Status.ON_TRACK, evidence="6 signed, CRM list",
                     decision=decided(DecisionKind.CONTINUE)),
        ])
    store.save_meeting(earlier)
    store.save_actions("2026-Q4", [
        ActionItem(id="A1", kr_id="K1", text="Send the survey", owner="Ana Ruiz", due=date(2026, 11, 15),
                   opened_in=EARLIER),
        ActionItem(id="A2", kr_id="K3", text="Review the wizard copy", owner="Ana Ruiz", due=date(2026, 12, 1),
                   opened_in=EARLIER),
        ActionItem(id="A3", kr_id="K2", text="Draft the save-desk budget", owner="Ben Ode",
                   due=date(2026, 11, 30), opened_in=EARLIER),
    ])


@pytest.fixture
def seeded(store: Store) -> Store:
    seed(store)
    return store


def make_app(store: Store, clock: FakeClock | None = None) -> ReviewApp:
    return ReviewApp(store=store, today=TODAY, clock=clock or FakeClock(), now=lambda: NOW)


async def start(pilot, app: ReviewApp, kind: MeetingKind, owner: str | None = None) -> ReviewScreen:
    await pilot.press("r")
    await pilot.pause()
    start_screen = app.screen
    assert isinstance(start_screen, StartMeetingScreen)
    start_screen.query_one("#kind", Select).value = kind
    await pilot.pause()
    if owner is not None:
        start_screen.query_one("#owner", Select).value = owner
        await pilot.pause()
    await pilot.press(*"Ana Ruiz", "ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen), start_screen.query_one("#start-error", Label).render()
    return app.screen


async def fill(pilot, screen: ReviewScreen, **values: object) -> None:
    for field_id, value in values.items():
        widget = screen.query_one(f"#{field_id.replace('_', '-')}")
        assert isinstance(widget, (Input, Select, Checkbox))
        widget.value = value
    await pilot.pause()


def text_of(widget: Static) -> str:
    """What a Static shows, as plain text (rendered by rich, 200 columns wide)."""
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.file.getvalue()


def gate(screen: ReviewScreen) -> str:
    return str(screen.query_one("#gate", Label).render())


# --- stand-up -------------------------------------------------------------------------------------------
def test_stand_up_agenda_is_what_needs_attention_risk_first(seeded: Store) -> None:
    quarter = seeded.load_quarter("2026-Q4")
    last = last_reviews(seeded, "2026-Q4")
    krs = {kr.id: kr for kr in quarter.key_results}
    assert not needs_attention(krs["K1"], quarter, TODAY, *last["K1"])  # on track, same value as last time
    assert needs_attention(krs["K4"], quarter, TODAY, *last["K4"])  # on track, but 6 -> 7 since
    plan = MeetingPlan("2026-Q4", MeetingKind.STANDUP, "Ana Ruiz", [], 90, AgendaOrder.OBJECTIVES)
    assert plan_agenda(seeded, quarter, plan, TODAY) == ["K2", "K3", "K4"]  # off track, at risk, changed


async def test_stand_up_asks_only_value_confidence_blocker_and_decision(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, app, MeetingKind.STANDUP)
        assert screen.session.meeting.agenda == ["K2", "K3", "K4"]
        assert screen.session.meeting.hard_stop_s == 600
        form = screen.query_one("#form-box")
        for present in ("#value", "#confidence", "#blocker", "#escalate", "#decision", "#decision-note"):
            assert form.query(present), present
        for absent in ("#evidence", "#action-text"):
            assert not form.query(absent), absent
        await fill(pilot, screen, value="3.0", blocker="Budget still open", decision=DecisionKind.ESCALATE)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.kr.id == "K3"
        review = screen.session.review_of("K2")
        assert (review.value, review.blocker, review.decision.kind) == (3.0, "Budget still open",
                                                                        DecisionKind.ESCALATE)


async def test_stand_up_budget_is_on_screen_even_at_80_columns(seeded: Store) -> None:
    clock = FakeClock()
    app = make_app(seeded, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, app, MeetingKind.STANDUP)
        clock.t = 60.0
        screen.tick()
        await pilot.pause()
        state = str(screen.query_one(Countdown).query_one("#countdown-state", Label).render())
        assert state == "● 0:30 left of 1:30 · meeting 1:00 of 10:00"
        assert screen.query_one(Countdown).region.height > 0


async def test_stand_up_hard_stop_defers_the_rest_explicitly(seeded: Store) -> None:
    clock = FakeClock()
    app = make_app(seeded, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, app, MeetingKind.STANDUP)
        await fill(pilot, screen, value="3.0", decision=DecisionKind.ESCALATE, blocker="Budget")
        await pilot.press("ctrl+n")
        await pilot.pause()
        clock.t = 601.0  # past the 10:00 hard stop
        screen.tick()
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, EndEarlyModal) and modal.hard_stop_s == 600
        assert modal.undecided == ["K3", "K4"]
        assert "HARD STOP" in str(modal.query_one(Label).render())
        await pilot.press("escape")  # no way back into the meeting
        await pilot.pause()
        assert app.screen is modal
        assert modal.query_one("#end-reason", Input).value == "stand-up hard stop at 10:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        written = Path(app.screen.written or "")
    meeting = seeded.load_meeting("2026-Q4", seeded.meetings("2026-Q4")[-1].id)
    deferred = [r for r in meeting.reviews if r.deferred_unreviewed]
    assert [r.kr_id for r in deferred] == ["K3", "K4"]
    assert all(r.decision.kind is DecisionKind.DEFER and r.decision.revisit_on == date(2026, 11, 23) for r in deferred)
    assert "Ended early at the hard stop: 2 key results deferred without discussion (K3, K4)" in written.read_text()


# --- 1:1 prep -------------------------------------------------------------------------------------------
async def test_one_on_one_prep_is_one_owner_with_no_timer_and_talking_points(seeded: Store) -> None:
    clock = FakeClock()
    app = make_app(seeded, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, app, MeetingKind.ONE_ON_ONE, owner="Ana Ruiz")
        session = screen.session
        assert session.meeting.agenda == ["K1", "K4"] and session.meeting.owner == "Ana Ruiz"
        assert session.meeting.attendees == [] and not session.meeting.timed
        clock.t = 900.0  # 15 minutes on one KR: no overrun without a timer
        screen.tick()
        countdown = screen.query_one(Countdown)
        assert not countdown.has_class("-overrun") and "no timer" in str(countdown.query_one("#countdown-state",
                                                                                             Label).render())
        beside = text_of(screen.query_one(LastCheckIn))
        assert "Last check-in 2026-11-12" in beside and "NPS 55 in nps.csv" in beside
        assert "A1" in beside and "A2" in beside and "A3" not in beside  # Ana's actions, on any KR
        assert "✗ overdue A1" in beside
        screen.query_one("#verdict-A1", Select).value = ActionStatus.DONE
        await pilot.pause()
        assert "✓ done A1" in text_of(screen.query_one(LastCheckIn))
        screen.query_one("#verdict-A1", Select).value = ActionStatus.OPEN  # still open: the talking points ask
        await pilot.pause()
        await fill(pilot, screen, value="56", evidence="Things are looking up", decision=DecisionKind.CONTINUE)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await fill(pilot, screen, value="8", evidence="8 signed, CRM list", decision=DecisionKind.CONTINUE)
        await pilot.press("ctrl+n")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.session.report().overruns == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "talking-points" in text_of(summary.query_one("#written", Static))
    meeting_id = seeded.meetings("2026-Q4")[-1].id
    points = (seeded.directory / "exports" / f"{meeting_id}.talking-points.md").read_text()
    assert points.startswith("# 1:1 talking points: Ana Ruiz, 2026-Q4")
    assert "## K1: Raise NPS (on track)" in points
    assert "- Now: 56 points (73% of the way from 45 to 60); last check-in 2026-11-12: 55 (+1)" in points
    assert "The update is narrative: what number shows the progress?" in points
    assert "A1 'Send the survey' was due 2026-11-15: what got in the way?" in points
    assert "- A2 (K3): Review the wizard copy, due 2026-12-01: **open**" in points
    assert "Draft the save-desk budget" not in points  # Ben's action


async def test_one_on_one_is_always_one_owners(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        owner = screen.query_one("#owner", Select)
        assert "__everyone__" in [value for _, value in owner._options]
        screen.query_one("#kind", Select).value = MeetingKind.ONE_ON_ONE
        await pilot.pause()
        assert [value for _, value in owner._options if value != Select.NULL] == ["Ana Ruiz", "Ben Ode", "Cy Park"]
        assert owner.value == "Ana Ruiz"
        assert "2 of 4 key results owned by Ana Ruiz" in str(screen.query_one("#agenda-preview", Label).render())
        screen.query_one("#kind", Select).value = MeetingKind.WEEKLY
        await pilot.pause()
        assert owner.value == "Ana Ruiz" and "__everyone__" in [value for _, value in owner._options]


# --- monthly leadership review ----------------------------------------------------------------------------
def test_escalations_since_the_last_leadership_review(seeded: Store) -> None:
    earlier = seeded.load_meeting("2026-Q4", EARLIER)
    assert [(e.kr_id, e.raised_on) for e in escalations_since_leadership([earlier])] == [("K2", date(2026, 11, 12))]
    monthly = earlier.model_copy(update={"id": "2026-11-13-monthly", "kind": MeetingKind.MONTHLY,
                                         "started_at": datetime(2026, 11, 13, 9, tzinfo=UTC),
                                         "reviews": []})
    assert escalations_since_leadership([earlier, monthly]) == []  # raised before the last leadership review


async def test_monthly_review_leads_with_escalations_and_asks_leadership(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, app, MeetingKind.MONTHLY)
        assert screen.session.meeting.agenda[0] == "K2"
        card = screen.query_one(KRCard).plain
        assert "⚑ Escalated 2026-11-12 (2026-11-12-weekly): No budget for the save desk" in card
        await fill(pilot, screen, value="3.0", evidence="3.0% on the dashboard", leadership_ask="Approve $40k",
                   decision=DecisionKind.ADD_SUPPORT)
        assert screen.session.review_of("K2").leadership_ask == "Approve $40k"
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press(*"Out of time", "ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        record = Path(app.screen.written or "").read_text()
    assert "## Escalations since the last leadership review" in record
    assert "- K2 (2026-11-12, 2026-11-12-weekly): No budget for the save desk" in record
    assert "- K2 Cut churn \\[/\\] \\[@click=app.quit\\]x: Approve $40k" in record


# --- quarter-end retrospective ----------------------------------------------------------------------------
async def test_retrospective_asks_the_five_questions_and_ends_in_bands(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, app, MeetingKind.RETRO)
        assert screen.session.meeting.agenda == ["K1", "K2", "K3", "K4"]  # objective order
        await fill(pilot, screen, value="60", evidence="NPS 60 in nps-dec.csv", decision=DecisionKind.CONTINUE)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.kr.id == "K1"
        assert "what the owner did" in gate(screen) and "what changes next quarter" in gate(screen)
        await fill(pilot, screen, owner_did="Ran the survey monthly", lesson="Survey every sprint")
        await pilot.press("ctrl+n")
        await pilot.pause()
        # K2: the card answers questions 1-3 from the records; nobody types them.
        card = screen.query_one(KRCard).plain
        assert "1 Target 2 % (from 3.2)" in card
        assert "2 What happened 3.1 % so far (quarter still running): score 0.08 ✗ missed" in card
        # 3.1 of 3.2 -> 2.0 stood while pace moved on: at risk in week 3 (ends 2026-10-21), as its weekly row shows
        assert "3 Risk first visible 2026-10-21 (from the records)" in card
        assert "first escalated 2026-11-12, 22 days after risk showed" in card
        await fill(pilot, screen, value="2.9", evidence="2.9%, churn.csv", owner_did="Escalated budget in week 6",
                   lesson="Escalate in week 3", decision=DecisionKind.DROP,
                   decision_note="Budget moved to the retention programme")
        assert "2 What happened 2.9 % so far (quarter still running): score 0.25 ✗ missed" in screen.query_one(KRCard).plain
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press(*"Out of time", "ctrl+s")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        shown = text_of(summary.query_one("#summary", Static))
        # The screen and the record say the outcome in the same words: band glyph and word, count, KRs.
        assert "Quarter outcome\n  • ★ stretch: 0\n  • ✓ target: 1 (K1)\n  • ◐ partial: 2 (K3, K4)\n" \
               "  • ✗ missed: 1 (K2)\n" in shown
        assert "K2 Cut churn [/] [@click=app.quit]x: Escalate in week 3" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        record = Path(summary.written or "").read_text()
    assert "| K2 | 2 % (from 3.2) | 2.9 → 2 % (from 3.2), score 0.25, ✗ missed | 2026-10-21 | 2026-11-12 (22 days later) | " \
           "Escalated budget in week 6 | Escalate in week 3 |" in record
    assert "- ✓ target: 1 (K1)" in record and "- ◐ partial: 2 (K3, K4)" in record and "- ✗ missed: 1 (K2)" in record
