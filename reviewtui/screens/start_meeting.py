"""Setting up a meeting: kind, facilitator, attendees, owner, timebox, agenda order; each kind its own options."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Header, Input, Label, Select, SelectionList
from reviewtui.screens.partial_updates import draw_changes_only

from reviewtui.domain.meeting_kinds import KIND_LABEL, KIND_ORDER, AgendaRule, profile
from reviewtui.domain.models import MeetingKind, Quarter
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.session import MeetingPlan
from reviewtui.widgets.attendee_list import AttendeeList
from reviewtui.widgets.countdown import clock_text
from reviewtui.widgets.form_input import FormInput
from reviewtui.widgets.keys_footer import KeysFooter
from reviewtui.widgets.word_checkbox import WordCheckbox

EVERYONE = "__everyone__"
AgendaPreview = Callable[[MeetingPlan], list[str]]


def parse_timebox(text: str) -> int | None:
    """'3:00', '3m', '90' (seconds) or '90s' -> seconds; None when it cannot be read or is out of range."""
    text = text.strip().lower()
    try:
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            total = int(minutes) * 60 + int(seconds)
        elif text.endswith("m"):
            total = int(float(text[:-1]) * 60)
        else:
            total = int(text.removesuffix("s"))
    except ValueError:
        return None
    return total if 10 <= total <= 3600 else None


class StartMeetingScreen(Screen[MeetingPlan | None]):
    """Collects a MeetingPlan; dismisses with it (or None on escape)."""

    BINDINGS = [Binding("ctrl+s", "start", "Start the meeting"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, quarter: Quarter, today: date, preview: AgendaPreview) -> None:
        super().__init__()
        draw_changes_only(self)
        self.quarter = quarter
        self.today = today
        self.preview = preview
        self.people = sorted({kr.owner for kr in quarter.key_results} | {o.owner for o in quarter.objectives})
        self.kr_owners = sorted({kr.owner for kr in quarter.key_results})

    def compose(self) -> ComposeResult:
        weekly = profile(MeetingKind.WEEKLY)
        yield Header()
        with VerticalScroll():
            with Horizontal(classes="row"):
                yield Label("Meeting kind", classes="caption")
                with Vertical():
                    yield Select([(Text(KIND_LABEL[k]), k) for k in KIND_ORDER], value=MeetingKind.WEEKLY,
                                 allow_blank=False, id="kind", compact=True)
                    yield Label(weekly.purpose, id="purpose", classes="note")
            with Horizontal(classes="row"):
                yield Label("Facilitator", classes="caption")
                yield FormInput(placeholder="who runs the meeting (→ accepts a suggestion)", id="facilitator",
                            compact=True, suggester=SuggestFromList(self.people, case_sensitive=False))
            with Horizontal(classes="row", id="attendees-row"):
                yield Label("Attendees", classes="caption")
                with Vertical():
                    yield AttendeeList(*[(Content(person), person) for person in self.people],
                                       id="attendees", compact=True)
                    yield Label("Picked (space picks): nobody yet", id="picked", classes="note")
                    yield FormInput(placeholder="others, comma-separated", id="others", compact=True)
            with Horizontal(classes="row"):
                yield Label("Whose KRs", classes="caption", id="owner-caption")
                yield Select([(Text("everyone's key results"), EVERYONE)] + [(Text(o), o) for o in self.kr_owners],
                             value=EVERYONE, allow_blank=False, id="owner", compact=True)
            with Horizontal(classes="row"):
                yield Label("Time", classes="caption")
                yield Label("per key result", classes="small-caption")
                yield FormInput(clock_text(weekly.timebox_s), placeholder="m:ss", id="timebox", compact=True)
                yield Label("hard stop after", id="hard-stop-caption", classes="small-caption")
                yield FormInput(clock_text(600), placeholder="m:ss", id="hard-stop", compact=True)
                yield WordCheckbox("timer pressure", False, id="timed", compact=True)
            with Horizontal(classes="row"):
                yield Label("Agenda", classes="caption")
                with Vertical():
                    yield Select([(Text("risk first: off track, at risk, behind pace, stale"), AgendaOrder.RISK_FIRST),
                                  (Text("all key results in objective order"), AgendaOrder.OBJECTIVES)],
                                 value=AgendaOrder.RISK_FIRST, allow_blank=False, id="order", compact=True)
                    yield Label("", id="agenda-preview")
            yield Label("", id="start-error")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = f"New meeting · {self.quarter.id}"
        self.sub_title = "ctrl+s starts"
        self._show_kind(MeetingKind.WEEKLY)
        self.query_one("#facilitator").focus()

    # --- the form follows the kind ------------------------------------------------------------------
    def _kind(self) -> MeetingKind:
        kind = self.query_one("#kind", Select).value
        return kind if isinstance(kind, MeetingKind) else MeetingKind.WEEKLY

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, MeetingKind):
            self._show_kind(event.value)

    def _show_kind(self, kind: MeetingKind) -> None:
        rules = profile(kind)
        self.query_one("#purpose", Label).update(rules.purpose)
        self.query_one("#timebox", Input).value = clock_text(rules.timebox_s)
        one_on_one = rules.agenda is AgendaRule.OWNER
        self.query_one("#attendees-row").display = not one_on_one  # 1:1 prep is done alone
        self.query_one("#owner-caption", Label).update("Whose 1:1" if one_on_one else "Whose KRs")
        owner = self.query_one("#owner", Select)
        chosen = owner.value
        people = [(Text(o), o) for o in self.kr_owners]
        owner.set_options(people if one_on_one else [(Text("everyone's key results"), EVERYONE), *people])
        if isinstance(chosen, str) and (chosen != EVERYONE or not one_on_one):
            owner.value = chosen
        else:
            owner.value = self.kr_owners[0] if one_on_one and self.kr_owners else EVERYONE
        self.query_one("#hard-stop-caption").display = rules.hard_stop_s is not None
        self.query_one("#hard-stop").display = rules.hard_stop_s is not None
        if rules.hard_stop_s is not None:
            self.query_one("#hard-stop", Input).value = clock_text(rules.hard_stop_s)
        self.query_one("#timed").display = not rules.timed
        self.query_one("#timed", Checkbox).value = False
        self.query_one("#order").display = rules.agenda is not AgendaRule.ATTENTION
        if kind is MeetingKind.RETRO:
            self.query_one("#order", Select).value = AgendaOrder.OBJECTIVES
        self._show_preview()

    @on(Select.Changed, "#owner, #order")
    @on(Input.Changed, "#timebox, #hard-stop")
    @on(Checkbox.Changed, "#timed")
    def _agenda_changed(self) -> None:
        self._show_preview()

    @on(Input.Changed)
    @on(Select.Changed)
    def _clear_error(self) -> None:
        """An old refusal must not stay on screen once the form changes."""
        self.query_one("#start-error", Label).update("")

    def _show_preview(self) -> None:
        plan, _ = self.plan(check_agenda=False)
        if plan is None or (profile(plan.kind).agenda is AgendaRule.OWNER and plan.owner is None):
            self.query_one("#agenda-preview", Label).update("")
            return
        agenda = self.preview(plan)
        rules = profile(plan.kind)
        total = sum(kr.dropped is None for kr in self.quarter.key_results)  # a dropped KR is never on an agenda
        what = {AgendaRule.ATTENTION: " that need attention (off track, at risk, behind pace or changed)",
                AgendaRule.OWNER: f" owned by {plan.owner}"}.get(rules.agenda, "")
        if plan.owner is not None and rules.agenda is not AgendaRule.OWNER:
            what += f" owned by {plan.owner}"
        text = Text(f"Agenda: {len(agenda)} of {total} key results{what}")
        if plan.kind is MeetingKind.MONTHLY:
            text.append("; escalations since the last leadership review come first")
        planned = len(agenda) * plan.timebox_s
        if plan.hard_stop_s is not None:
            text.append(f". {clock_text(planned)} at {clock_text(plan.timebox_s)} each; hard stop at "
                        f"{clock_text(plan.hard_stop_s)}")
            if planned > plan.hard_stop_s:
                text.append(": what is left then is deferred explicitly")
        elif plan.timed:
            text.append(f", {clock_text(planned)} planned")
        if self.today > self.quarter.end:  # a review after the quarter: what is entered becomes final
            text.append(f"\n▲ {self.quarter.id} ended on {self.quarter.end:%d %b %Y}: values entered now are its "
                        f"final values, dated {self.quarter.end.isoformat()}", style="bold")
        self.query_one("#agenda-preview", Label).update(text)

    @on(SelectionList.SelectedChanged, "#attendees")
    def _picked(self, event: SelectionList.SelectedChanged) -> None:
        picked = event.selection_list.selected
        self.query_one("#picked", Label).update(Text("Picked (space picks): " + (", ".join(picked) or "nobody yet")))

    # --- the plan -----------------------------------------------------------------------------------
    def plan(self, check_agenda: bool = True) -> tuple[MeetingPlan | None, list[str]]:
        """The plan the form describes, or the problems that stop it."""
        kind = self._kind()
        rules = profile(kind)
        problems = []
        facilitator = self.query_one("#facilitator", Input).value.strip()
        if not facilitator and check_agenda:
            problems.append("a facilitator")
        timebox = parse_timebox(self.query_one("#timebox", Input).value)
        if timebox is None:
            problems.append("a timebox between 0:10 and 60:00 (m:ss)")
        hard_stop = None
        if rules.hard_stop_s is not None:
            hard_stop = parse_timebox(self.query_one("#hard-stop", Input).value)
            if hard_stop is None or hard_stop < 60:
                problems.append("a hard stop between 1:00 and 60:00 (m:ss)")
        others = [name.strip() for name in self.query_one("#others", Input).value.split(",") if name.strip()]
        attendees = [] if rules.agenda is AgendaRule.OWNER else list(
            dict.fromkeys(self.query_one("#attendees", SelectionList).selected + others))
        order_value = self.query_one("#order", Select).value
        order = order_value if isinstance(order_value, AgendaOrder) else AgendaOrder.RISK_FIRST
        if rules.agenda is AgendaRule.ATTENTION:
            order = AgendaOrder.RISK_FIRST
        owner_value = self.query_one("#owner", Select).value
        owner = owner_value if isinstance(owner_value, str) and owner_value != EVERYONE else None
        if rules.agenda is AgendaRule.OWNER and owner is None:
            problems.append("the owner whose 1:1 this prepares")
        timed = rules.timed or self.query_one("#timed", Checkbox).value
        if timebox is None or (problems and check_agenda):
            return None, problems
        plan = MeetingPlan(quarter_id=self.quarter.id, kind=kind, facilitator=facilitator or "-",
                           attendees=attendees, timebox_s=timebox, order=order, owner=owner, timed=timed,
                           hard_stop_s=hard_stop)
        if check_agenda and not self.preview(plan):
            return None, ["key results on the agenda: nothing matches (try another kind or owner)"]
        return plan, problems

    def action_start(self) -> None:
        plan, problems = self.plan()
        if plan is None:
            self.query_one("#start-error", Label).update(Text("✗ Needed: " + "; ".join(problems)))
            return
        self.dismiss(plan)

    def action_cancel(self) -> None:
        self.dismiss(None)
