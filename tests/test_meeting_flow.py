"""Whole meetings driven through the real app with Pilot, on a real store, with a controlled clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from textual.widgets import Checkbox, Input, Label, Select

from reviewtui.app import ReviewApp
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.domain.models import ActionItem, ActionStatus, DecisionKind, MeetingState, Status
from reviewtui.screens.end_early import EndEarlyModal
from reviewtui.screens.resume import ResumeModal
from reviewtui.screens.review import ReviewScreen
from reviewtui.screens.start_meeting import StartMeetingScreen
from reviewtui.screens.summary import SummaryScreen
from reviewtui.store import Store
from reviewtui.widgets.kr_card import KRCard

from .conftest import FakeClock

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TRICKY = "Q3 [/] revenue [@click=app.quit]x[/]"


def seed(store: Store) -> None:
    """Three KRs (on track, off track, at risk) and an open action from an earlier meeting."""
    store.save_quarter(validate_quarter({
        "quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31",
        "objectives": [{"id": "O1", "title": "Delight customers", "owner": "Ana Ruiz", "key_results": [
            {"id": "K1", "title": "Raise NPS", "owner": "Ana Ruiz", "unit": "points", "baseline": 45,
             "target": 60, "current": 55, "evidence_source": "NPS export"},
            {"id": "K2", "title": TRICKY, "owner": "Ben Ode", "unit": "%", "baseline": 3.2, "target": 2.0,
             "current": 3.1, "evidence_source": "Churn dashboard"},
            {"id": "K3", "title": "Ship the wizard", "owner": "Cy Park", "unit": "%", "baseline": 0,
             "target": 100, "current": 45, "evidence_source": "Release notes"},
        ]}]}))
    store.save_actions("2026-Q4", [ActionItem(id="A1", kr_id="K1", text="Send the survey", owner="Ana Ruiz",
                                              due=date(2026, 11, 15), opened_in="2026-11-12-weekly")])


def make_app(store: Store, clock: FakeClock) -> ReviewApp:
    return ReviewApp(store=store, today=TODAY, clock=clock, now=lambda: NOW)


async def start(pilot, app: ReviewApp, order_objectives: bool = True) -> ReviewScreen:
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, StartMeetingScreen)
    await pilot.press(*"Ana Ruiz")
    if order_objectives:
        app.screen.query_one("#order", Select).value = AgendaOrder.OBJECTIVES
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def fill(pilot, screen: ReviewScreen, **values: object) -> None:
    """Set form fields by id (as typing would), then let the messages settle."""
    for field_id, value in values.items():
        widget = screen.query_one(f"#{field_id.replace('_', '-')}")
        if isinstance(widget, (Input, Select, Checkbox)):
            widget.value = value
    await pilot.pause()


def gate(screen: ReviewScreen) -> str:
    return str(screen.query_one("#gate", Label).render())


async def test_a_whole_meeting_is_recorded_field_by_field(store: Store) -> None:
    seed(store)
    clock = FakeClock()
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        assert screen.session.kr.id == "K1"
        # K1: a value, checkable evidence, a next action, the earlier action marked done, continue.
        await fill(pilot, screen, value="58", evidence="NPS 58 in survey-nov.csv", action_text="Call Ben",
                   action_owner="Ben Ode", action_due="2026-11-29", decision=DecisionKind.CONTINUE)
        screen.query_one("#verdict-A1", Select).value = ActionStatus.DONE
        clock.t = 200.0  # 20 s over the 3:00 timebox
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.kr.id == "K2"

        # K2 is off track: no decision is refused, then 'continue' without a reason is refused.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.kr.id == "K2"
        assert "a decision" in gate(screen)
        await fill(pilot, screen, value="3.0", confidence=Status.OFF_TRACK, blocker="Billing bug", escalate=True,
                   evidence="Churn 3.0% (dashboard link https://bi/churn)", decision=DecisionKind.CONTINUE)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.kr.id == "K2"
        assert "a written reason to continue an off-track KR" in gate(screen)
        await fill(pilot, screen, decision_note="Fix ships Monday; recheck next week")
        clock.t = 260.0
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.kr.id == "K3"

        # K3: defer needs a reason and a date.
        await fill(pilot, screen, evidence="Going well", decision=DecisionKind.DEFER)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "a reason for deferring" in gate(screen) and "the date it comes back" in gate(screen)
        await fill(pilot, screen, decision_note="Owner away", revisit="2026-11-29")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        written = app.screen.written

    meeting = store.load_meeting("2026-Q4", store.meetings("2026-Q4")[0].id)
    assert meeting.state is MeetingState.FINAL and meeting.ended_at is not None
    assert meeting.facilitator == "Ana Ruiz" and meeting.agenda == ["K1", "K2", "K3"]
    k1, k2, k3 = (meeting.review_of(k) for k in ("K1", "K2", "K3"))
    assert (k1.value, k1.evidence, k1.decision.kind) == (58.0, "NPS 58 in survey-nov.csv", DecisionKind.CONTINUE)
    assert k1.time_spent_s == 200.0 and k1.timebox_s == 180
    assert (k1.next_action.text, k1.next_action.owner, k1.next_action.due) == ("Call Ben", "Ben Ode", date(2026, 11, 29))
    assert (k2.value, k2.confidence, k2.blocker, k2.escalate) == (3.0, Status.OFF_TRACK, "Billing bug", True)
    assert k2.decision.note == "Fix ships Monday; recheck next week" and k2.time_spent_s == 60.0
    assert (k3.decision.kind, k3.decision.note, k3.decision.revisit_on) == (DecisionKind.DEFER, "Owner away", date(2026, 11, 29))
    assert k3.value is None and k3.time_spent_s == 0.0
    # The KRs carry the new values, with a history point for today.
    quarter = store.load_quarter("2026-Q4")
    krs = {kr.id: kr for kr in quarter.key_results}
    assert krs["K1"].current == 58.0 and krs["K1"].history[-1].date == TODAY
    assert krs["K3"].current == 45.0  # no value given: unchanged
    # The earlier action is closed by this meeting; the new one is open.
    actions = {a.id: a for a in store.actions("2026-Q4")}
    assert (actions["A1"].status, actions["A1"].closed_in) == (ActionStatus.DONE, meeting.id)
    new = [a for a in actions.values() if a.opened_in == meeting.id]
    assert [(a.text, a.status) for a in new] == [("Call Ben", ActionStatus.OPEN)]
    # The Markdown record was written where the screen said.
    assert written is not None and written.endswith(f"exports/{meeting.id}.md")
    markdown = Path(written).read_text(encoding="utf-8")
    assert "Call Ben" in markdown and "defer until 2026-11-29" in markdown
    assert "K1: 0:20 over" in markdown
    assert "K3: narrative evidence" in markdown
    assert "Q3 \\[/\\] revenue \\[@click=app.quit\\]x\\[/\\]" in markdown  # escaped, not markup


async def test_going_back_is_always_allowed_and_keeps_fields(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        await fill(pilot, screen, value="57", decision=DecisionKind.CONTINUE)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen.session.kr.id == "K1"
        assert screen.query_one("#value", Input).value == "57"
        assert screen.query_one("#decision", Select).value is DecisionKind.CONTINUE


async def test_ending_early_defers_every_undecided_kr_with_one_reason(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        await fill(pilot, screen, decision=DecisionKind.ESCALATE, blocker="Survey budget frozen")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await fill(pilot, screen, decision=DecisionKind.ESCALATE)  # K2: escalated, but nothing says what
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, EndEarlyModal)
        assert app.screen.undecided == ["K2", "K3"]  # an incomplete decision is not a decision
        await pilot.press("ctrl+s")  # no reason yet: refused
        await pilot.pause()
        assert isinstance(app.screen, EndEarlyModal)
        await pilot.press(*"Out of time")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        # The KRs deferred without discussion are named on one line with their reason, not a row each
        from rich.table import Table

        shown = app.screen.render_report().renderables
        table = next(r for r in shown if isinstance(r, Table))
        assert [cell.plain for cell in table.columns[0].cells] == ["K1"]
        said = [r.plain for r in shown if hasattr(r, "plain")]
        assert "  • Ended early: 2 key results deferred without discussion (K2, K3), until 2026-11-29: Out of time" \
            in said
        meeting = app.screen.session.meeting
        await pilot.press("ctrl+s")  # the record can be written: nothing is left undecided
        await pilot.pause()
        assert app.screen.written is not None
    kinds = {r.kr_id: (r.decision.kind, r.decision.note) for r in meeting.reviews}
    assert kinds == {"K1": (DecisionKind.ESCALATE, ""), "K2": (DecisionKind.DEFER, "Out of time"),
                     "K3": (DecisionKind.DEFER, "Out of time")}


async def test_an_interrupted_meeting_resumes_at_the_same_kr_with_its_fields_and_time(store: Store) -> None:
    seed(store)
    clock = FakeClock()
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        await fill(pilot, screen, decision=DecisionKind.CONTINUE)
        clock.t = 30.0
        await pilot.press("ctrl+n")
        await pilot.pause()
        await fill(pilot, screen, value="3.05", evidence="Churn 3.05% per dashboard", blocker="Data late")
        clock.t = 75.0
        screen.tick()
    # The app is gone mid-meeting (as after a crash or a closed terminal). A new one offers the resume.
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeModal)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.kr.id == "K2"
        assert screen.query_one("#value", Input).value == "3.05"
        assert screen.query_one("#evidence", Input).value == "Churn 3.05% per dashboard"
        assert screen.query_one("#blocker", Input).value == "Data late"
        assert screen.session.review_of("K1").time_spent_s == 30.0
        assert screen.session.review.time_spent_s == 45.0


async def test_review_screen_shows_user_text_literally(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        await fill(pilot, screen, decision=DecisionKind.CONTINUE)
        await pilot.press("ctrl+n")
        await pilot.pause()
        card = screen.query_one(KRCard)
        assert TRICKY in card.plain
        await pilot.click(KRCard, offset=(10, 1))
        await pilot.pause()
        assert app.is_running


async def test_narrative_evidence_is_flagged_while_typing(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        await fill(pilot, screen, evidence="We are moving in the right direction")
        assert screen.query_one("#narrative", Label).display
        await fill(pilot, screen, evidence="NPS 57, export nps.csv")
        assert not screen.query_one("#narrative", Label).display


async def test_a_form_change_reaches_the_file_on_disk_within_a_second(store: Store) -> None:
    import json

    seed(store)
    app = make_app(store, FakeClock())  # the clock never moves: no timer tick saves for us
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        meeting_file = store.directory / "quarters" / "2026-Q4" / "meetings" / f"{screen.session.meeting.id}.json"
        await fill(pilot, screen, evidence="NPS 57 in nps.csv")
        await pilot.pause(0.5)
        on_disk = json.loads(meeting_file.read_text())["meeting"]["1"]
        assert on_disk["reviews"][0]["evidence"] == "NPS 57 in nps.csv"


async def test_the_kr_clock_stops_behind_the_end_early_dialog(store: Store) -> None:
    seed(store)
    clock = FakeClock()
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        clock.t = 10.0
        await pilot.press("ctrl+e")  # ticks once (10 s on K1), then the dialog is up
        await pilot.pause()
        assert isinstance(app.screen, EndEarlyModal)
        clock.t = 100.0
        screen.tick()  # as the timer would, while the dialog is open
        assert screen.session.review_of("K1").time_spent_s == 10.0


async def test_starting_a_review_while_one_is_interrupted_offers_that_one(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await start(pilot, app)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeModal)
        await pilot.press("escape")  # not now
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResumeModal)  # not a second meeting
    assert len(store.meetings("2026-Q4")) == 1


async def test_confidence_is_the_rooms_and_what_the_data_says_is_shown_beside_it(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, app)
        confidence = screen.query_one("#confidence", Select)
        data_says = screen.query_one("#data-says", Label)
        assert confidence.value is Select.NULL  # nobody stated one yet
        assert str(data_says.render()) == "data ✓ on track"  # K1 at 55 of 45 -> 60 on day 53 of 92
        await fill(pilot, screen, value="47")  # 13% against a pace of 58%
        await pilot.pause()
        assert confidence.value is Select.NULL and str(data_says.render()) == "data ✗ off track"
        review = screen.session.review_of("K1")
        assert review.confidence is None and review.data_status is Status.OFF_TRACK  # what the data says of 47
        await fill(pilot, screen, confidence=Status.AT_RISK)  # the room's own call
        await fill(pilot, screen, value="58")
        await pilot.pause()
        assert confidence.value is Status.AT_RISK and str(data_says.render()) == "data ✓ on track"
        assert screen.session.review_of("K1").confidence is Status.AT_RISK


async def test_revisit_date_is_only_asked_of_a_deferral(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, app)
        revisit = screen.query_one("#revisit", Input)
        assert revisit.disabled
        await fill(pilot, screen, decision=DecisionKind.REMOVE_BLOCKER)
        assert revisit.disabled  # out of the tab order: tab goes from the decision to "why"
        await fill(pilot, screen, decision=DecisionKind.DEFER)
        assert not revisit.disabled


async def test_the_caption_of_the_field_being_typed_in_is_lit(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, app)

        def lit() -> list[str]:
            return [str(row.query_one(".caption", Label).render()) for row in screen.query(".row.-current")]

        assert lit() == ["Value"]
        await pilot.press("tab", "tab")  # confidence, then evidence
        await pilot.pause()
        assert lit() == ["Evidence"]
        await pilot.press("tab", "tab", "tab")  # escalate, next action
        await pilot.pause()
        assert lit() == ["Next"]


def send_burst(app: ReviewApp, keys: list[str]) -> None:
    """Post key events the way a terminal delivers a fast burst (a paste, tmux, a quick typist): all at once,
    without waiting for the app between keys (Pilot's press waits, which hides races)."""
    from textual import events

    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_keys_typed_right_after_tab_go_to_the_next_field(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, app)
        assert app.focused is screen.query_one("#value", Input)
        # value -> (confidence) -> evidence -> blocker, then back to evidence to add to it
        send_burst(app, [*"25", "tab", "tab", *"LIN-42 closed", "tab", *"vendor", "shift+tab", *" ok"])
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one("#value", Input).value == "25"
        assert screen.query_one("#evidence", Input).value == "LIN-42 closed ok"
        assert screen.query_one("#blocker", Input).value == "vendor"


async def test_every_tab_stop_on_the_review_screen_is_a_field(store: Store) -> None:
    """No invisible stop: text typed after tab must land in a field someone can see."""
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, app)
        form = screen.query_one("#form-box")
        stops = []
        for _ in range(12):
            await pilot.press("tab")
            stops.append(app.focused)
        assert all(form in stop.ancestors for stop in stops), [f"{type(s).__name__}#{s.id}" for s in stops]
        assert {stop.id for stop in stops} >= {"value", "evidence", "blocker", "decision", "decision-note"}


async def test_editing_keys_typed_just_before_tab_act_on_the_field_they_were_typed_in(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, app)
        screen.query_one("#blocker", Input).value = "vendor"
        screen.query_one("#evidence", Input).focus()
        await pilot.pause()
        send_burst(app, [*"LIN-42x", "backspace", "left", "ctrl+k", "tab", *" API"])
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one("#evidence", Input).value == "LIN-4"
        assert screen.query_one("#blocker", Input).value == "vendor API"
