"""Setting up a meeting: kind, facilitator, attendees, timebox per KR, agenda order and owner filter."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Header, Input, Label, Select, SelectionList

from reviewtui.domain.models import MeetingKind, Quarter
from reviewtui.domain.review_rules import DEFAULT_TIMEBOX_S, KIND_LABEL, AgendaOrder, build_agenda
from reviewtui.session import MeetingPlan
from reviewtui.widgets.countdown import clock_text

EVERYONE = "__everyone__"


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
    DEFAULT_CSS = """
    StartMeetingScreen VerticalScroll { padding: 0 2; }
    StartMeetingScreen Label.caption { margin-top: 1; text-style: bold; }
    StartMeetingScreen SelectionList { height: auto; max-height: 8; }
    StartMeetingScreen #start-error { color: $error; margin-top: 1; }
    """

    def __init__(self, quarter: Quarter, today: date) -> None:
        super().__init__()
        self.quarter = quarter
        self.today = today
        self.people = sorted({kr.owner for kr in quarter.key_results} | {o.owner for o in quarter.objectives})
        self.kr_owners = sorted({kr.owner for kr in quarter.key_results})

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Label("Meeting kind", classes="caption")
            yield Select([(Text(KIND_LABEL[k]), k) for k in MeetingKind], value=MeetingKind.WEEKLY,
                         allow_blank=False, id="kind")
            yield Label("Facilitator", classes="caption")
            yield Input(placeholder="who runs the meeting", id="facilitator",
                        suggester=SuggestFromList(self.people, case_sensitive=False))
            yield Label("Attendees (space to pick)", classes="caption")
            yield SelectionList[str](*[(Content(person), person) for person in self.people], id="attendees")
            yield Label("Picked: nobody yet", id="picked")
            yield Input(placeholder="others, comma-separated", id="others")
            yield Label("Timebox per key result", classes="caption")
            yield Input(clock_text(DEFAULT_TIMEBOX_S[MeetingKind.WEEKLY]), placeholder="m:ss", id="timebox")
            yield Label("Agenda", classes="caption")
            yield Select([(Text("risk first: off track, at risk, behind pace, stale"), AgendaOrder.RISK_FIRST),
                          (Text("all key results in objective order"), AgendaOrder.OBJECTIVES)],
                         value=AgendaOrder.RISK_FIRST, allow_blank=False, id="order")
            yield Select([(Text("everyone's key results"), EVERYONE)] + [(Text(o), o) for o in self.kr_owners],
                         value=EVERYONE, allow_blank=False, id="owner")
            yield Label("", id="start-error")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"New meeting · {self.quarter.id}"
        self.sub_title = "ctrl+s starts"
        self.query_one("#facilitator").focus()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, MeetingKind):
            self.query_one("#timebox", Input).value = clock_text(DEFAULT_TIMEBOX_S[event.value])

    @on(SelectionList.SelectedChanged, "#attendees")
    def _picked(self, event: SelectionList.SelectedChanged) -> None:
        picked = event.selection_list.selected
        self.query_one("#picked", Label).update(Text("Picked: " + (", ".join(picked) or "nobody yet")))

    def plan(self) -> tuple[MeetingPlan | None, list[str]]:
        """The plan the form describes, or the problems that stop it."""
        problems = []
        facilitator = self.query_one("#facilitator", Input).value.strip()
        if not facilitator:
            problems.append("a facilitator")
        timebox = parse_timebox(self.query_one("#timebox", Input).value)
        if timebox is None:
            problems.append("a timebox between 0:10 and 60:00 (m:ss)")
        others = [name.strip() for name in self.query_one("#others", Input).value.split(",") if name.strip()]
        attendees = list(dict.fromkeys(self.query_one("#attendees", SelectionList).selected + others))
        order_value = self.query_one("#order", Select).value
        order = order_value if isinstance(order_value, AgendaOrder) else AgendaOrder.RISK_FIRST
        owner_value = self.query_one("#owner", Select).value
        owner = owner_value if isinstance(owner_value, str) and owner_value != EVERYONE else None
        kind = self.query_one("#kind", Select).value
        if not build_agenda(self.quarter, self.today, order, owner):
            problems.append("an owner with key results in this quarter")
        if problems or timebox is None or not isinstance(kind, MeetingKind):
            return None, problems
        return MeetingPlan(quarter_id=self.quarter.id, kind=kind, facilitator=facilitator, attendees=attendees,
                           timebox_s=timebox, order=order, owner=owner), []

    def action_start(self) -> None:
        plan, problems = self.plan()
        if plan is None:
            self.query_one("#start-error", Label).update("✗ Needed: " + "; ".join(problems))
            return
        self.dismiss(plan)

    def action_cancel(self) -> None:
        self.dismiss(None)
