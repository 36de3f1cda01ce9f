"""The next KR is shown in the same review form, set in place: fields, per-KR state and open actions follow
the KR, and showing a KR is never taken as an edit of it."""

from __future__ import annotations

from typing import Any

from textual.widgets import Label, Checkbox, Input, Select

from reviewtui.domain.models import DecisionKind, Status
from reviewtui.format import STATUS_WORD
from reviewtui.screens.review import ReviewScreen
from reviewtui.store import Store
from reviewtui.widgets.review_form import ReviewForm

from .conftest import FakeClock
from .test_meeting_flow import fill, make_app, seed, start


def shown(screen: ReviewScreen) -> dict[str, Any]:
    """Everything the form shows for the KR: every field, the toggles, what is enabled and visible."""
    form = screen.query_one(ReviewForm)
    seen: dict[str, Any] = {f"#{w.id}": w.value for w in form.query(Input)}
    seen |= {f"#{w.id}": w.value for w in form.query(Select)}
    escalate = form.query_one("#escalate", Checkbox)
    seen |= {"escalate": escalate.value, "escalate label": str(escalate.label),
             "revisit enabled": not form.query_one("#revisit").disabled,
             "new target shown": form.query_one("#new-target-row").display,
             "new target enabled": not form.query_one("#new-target").disabled,
             "value placeholder": form.query_one("#value", Input).placeholder,
             "narrative": form.query_one("#narrative").display}
    return seen


def record_applies(screen: ReviewScreen) -> list[str]:
    """The KRs the screen hands form values to, in order."""
    applied: list[str] = []
    apply = screen.session.apply

    def recording(kr_id: str, *args: Any, **kwargs: Any) -> list[str]:
        applied.append(kr_id)
        return apply(kr_id, *args, **kwargs)

    screen.session.apply = recording  # type: ignore[method-assign]
    return applied


async def test_the_next_kr_is_shown_in_the_same_form_and_going_back_restores_every_field(store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        form = screen.query_one(ReviewForm)
        assert screen.session.kr.id == "K1" and form.query("#verdict-A1")  # K1 has an earlier open action
        await pilot.press(*"58")  # typed: the value field has the focus
        await fill(pilot, screen, evidence="nice survey", blocker="Survey tool down", escalate=True,
                   confidence=Status.AT_RISK, action_text="Call Ben", action_owner="Ben Ode",
                   action_due="2026-11-29", decision=DecisionKind.ADJUST_TARGET, new_target="58",
                   decision_note="Survey base shrank")
        await pilot.pause()
        k1 = shown(screen)
        assert k1["#value"] == "58" and k1["escalate label"] == "ESCALATE" and k1["new target shown"]
        assert k1["narrative"]  # 'nice survey' has nothing checkable
        k2_before = screen.session.review_of("K2")
        applied = record_applies(screen)

        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.pause()
        assert screen.session.kr.id == "K2"
        assert screen.query_one(ReviewForm) is form  # the same form, not a new one
        k2 = shown(screen)
        assert (k2["#value"], k2["#evidence"], k2["#blocker"], k2["#decision-note"], k2["#action-text"]) == \
            ("", "", "", "", "")
        assert k2["#action-owner"] == "Ben Ode"  # K2's owner proposed for its next action
        assert (k2["#decision"], k2["#confidence"]) == (Select.NULL, k2_before.confidence or Select.NULL)
        assert (k2["escalate"], k2["escalate label"]) == (False, "escalate")
        assert not (k2["revisit enabled"] or k2["new target shown"] or k2["new target enabled"] or k2["narrative"])
        assert k2["value placeholder"] == "new value in %"
        assert not form.query("#verdict-A1")  # K1's open action is not K2's
        assert screen.focused is form.query_one("#value")
        # Showing K2 is not an edit of it: nothing handed to the session for K2, its review as it was.
        assert "K2" not in applied and screen.session.review_of("K2") == k2_before
        assert not screen.session.unsaved and screen._pending_edit is None

        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.pause()
        assert screen.session.kr.id == "K1" and screen.query_one(ReviewForm) is form
        assert shown(screen) == k1
        assert form.query("#verdict-A1")
        assert "K2" not in applied


async def test_typing_after_the_switch_edits_the_kr_on_screen_and_what_the_data_says_follows_its_value(
        store: Store) -> None:
    seed(store)
    app = make_app(store, FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start(pilot, app)
        await fill(pilot, screen, value="58", confidence=Status.OFF_TRACK, decision=DecisionKind.CONTINUE,
                   decision_note="Chosen by hand")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.kr.id == "K2"
        applied = record_applies(screen)
        await pilot.press(*"3.1")  # K2 goes from 3.2 to 2.0: 3.1 is behind pace
        await pilot.pause()
        await pilot.pause()
        assert set(applied) == {"K2"}
        review = screen.session.review_of("K2")
        assert review.value == 3.1
        # K1's confidence was chosen by hand; K2's is nobody's yet, and what the data says follows K2's value.
        suggested = screen.session.suggested_status("K2", 3.1)
        assert suggested is not None and screen.query_one("#confidence", Select).value is Select.NULL
        assert str(screen.query_one("#data-says", Label).render()).endswith(STATUS_WORD[suggested])
        assert screen.session.review_of("K1").confidence is Status.OFF_TRACK
