"""Everything the room needs to see about one KR, at a glance from a shared screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from reviewtui.domain.enums import KRKind
from reviewtui.domain.meeting_kinds import RaisedEscalation
from reviewtui.domain.retro import RetroFacts
from reviewtui.domain.models import KeyResult, KRReview, Objective, Quarter
from reviewtui.domain.progress import expected_progress, holds, kind_of, progress, standing
from reviewtui.domain.review_rules import DECISION_LABEL
from reviewtui.domain.goalposts import goalpost_lines
from reviewtui.widgets.kr_table import value_against_target
from reviewtui.format import count, goal_text, number, quantity
from reviewtui.widgets.status import band_text, standing_text, status_text

BAR_WIDTH = 30
COMPACT_BELOW = 96  # columns: below this, context lines are cut to one line each
SPARKS = "▁▂▃▄▅▆▇█"


def progress_bar(done: float | None, expected: float, width: int = BAR_WIDTH) -> Text:
    """A bar filled to progress with a │ where pace says it should be today."""
    filled = 0 if done is None else round(max(0.0, min(done, 1.0)) * width)
    marker = min(width - 1, round(expected * width))
    bar = Text()
    for index in range(width):
        if index == marker:
            bar.append("│", style="bold")
        else:
            bar.append("█" if index < filled else "░", style="cyan" if index < filled else "dim")
    shown = "—" if done is None else f"{done:.0%}"
    bar.append(f" {shown} done, pace {expected:.0%}")
    return bar


def kind_words(kr: KeyResult) -> str:
    """What kind of KR this is, when the value alone does not say: 'lower is better', 'milestone, due …'."""
    kind = kind_of(kr)
    words = {"decrease": "lower is better", "stay_above": "threshold: stay above",
             "stay_below": "threshold: stay below", "milestone": "milestone"}.get(kind.value, "")
    if kr.due:
        words += f"{', ' if words else ''}due {kr.due.isoformat()}"
    return words


def milestone_words(kr: KeyResult, quarter: Quarter, today: date) -> str:
    """A one-step milestone has no bar to fill: 'done', or 'not done, 9 days past its due date'."""
    if kr.current is not None and kr.current >= 1:
        return "done"
    due = kr.due or quarter.end
    days = (due - today).days
    if days < 0:
        return f"not done, {count(-days, 'day')} past its due date"
    return f"not done, {count(days, 'day')} left to its due date" if kr.due else \
        f"not done, {count(days, 'day')} left in the quarter"


def measure_line(kr: KeyResult, quarter: Quarter, today: date, width: int) -> Text:
    """Progress against pace for a metric or a checklist; for a threshold, whether the latest value holds; for
    a one-step milestone, done or not against its due date; nothing to draw while a baseline is to be measured."""
    kind = kind_of(kr)
    if kind is KRKind.MILESTONE and kr.steps == 1:
        return Text(milestone_words(kr, quarter, today), style="bold")
    if kind.is_metric and kr.baseline is None:
        return Text("baseline to be measured: the first value entered becomes it", style="dim")
    if kind.is_threshold:
        if kr.current is None:
            return Text("no value yet", style="dim")
        held = sum(holds(kr, p.value) for p in kr.history)
        line = Text("holds the line" if holds(kr, kr.current) else "breaches the line", style="bold")
        if kr.history:
            line.append(f": {held} of {len(kr.history)} dated values held", style="")
        return line
    return progress_bar(progress(kr), expected_progress(kr, quarter, today), width)


def value_words(kr: KeyResult, value: float) -> str:
    """A value as the KR's kind reads it: '52 points', '3 of 5 steps done', 'done'."""
    if kind_of(kr) is KRKind.MILESTONE:
        if kr.steps > 1:
            return f"{number(value)} of {kr.steps} steps done"
        return "done" if value >= 1 else "not done"
    return quantity(value, kr.unit)


def sparkline(values: list[float]) -> str:
    """History as ▁▂▃▅▇ (higher is higher; read it with the KR's direction in mind)."""
    if len(values) < 2:
        return "not enough history"
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)


@dataclass(frozen=True)
class CardData:
    """What the card shows, pushed down by the review screen."""

    quarter: Quarter
    objective: Objective
    kr: KeyResult
    last: KRReview | None
    last_held_on: date | None
    today: date
    escalation: RaisedEscalation | None = None  # monthly review: raised since the last leadership review
    retro: RetroFacts | None = None  # retrospective: target, what happened, when risk became visible


class KRCard(Static):
    """Objective, KR, owner, numbers, progress against pace, history, dependencies, last review."""

    DEFAULT_CSS = """
    KRCard { height: auto; padding: 0 1; }
    """

    plain: str = ""
    data: CardData | None = None

    def show(self, data: CardData) -> None:
        """Show one KR; every piece of user text goes in as Text, never markup."""
        self.data = data
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        data = self.data
        if data is None:
            return
        kr, quarter = data.kr, data.quarter
        # The bar grows with the room (a wide shared screen reads better), between 20 and 80 cells.
        bar_width = max(20, min(80, (self.size.width or 80) - 40))
        parts: list[Text] = [
            Text.assemble(("Objective ", "dim"), (data.objective.id + " ", "bold"), data.objective.title),
            Text(kr.title, style="bold"),
            Text.assemble(("Owner ", "dim"), (kr.owner, "bold"), "   ", value_against_target(kr),
                          (f"   {kind_words(kr)}", "dim")),
            Text.assemble(measure_line(kr, quarter, data.today, bar_width), "  ",
                          standing_text(standing(kr, quarter, data.today))),
            Text.assemble(("History ", "dim"), sparkline([p.value for p in kr.history]),
                          (f"  evidence from: {kr.evidence_source}" if kr.evidence_source else "  no evidence source", "dim")),
        ]
        if kr.checklist:  # the steps left first: what the room discusses, and what a narrow screen keeps
            steps = [item for item in kr.checklist if not item.done] + [item for item in kr.checklist if item.done]
            parts.append(Text("  ".join(f"{'[x]' if item.done else '[ ]'} {item.title}" for item in steps)))
        if kr.notes.strip():
            parts.append(Text.assemble(("Notes ", "dim"), kr.notes.strip()))
        parts += [Text(f"⚑ {line}", style="bold") for line in goalpost_lines(kr)]  # moved goalposts stay visible
        for dependency in kr.dependencies:
            parts.append(Text.assemble(("Needs ", "dim"), (dependency.team, "bold"), ": ",
                                       dependency.help or "(help not stated)"))
        if data.escalation is not None:
            raised = data.escalation
            line = Text(f"⚑ Escalated {raised.raised_on} ({raised.meeting_id}): ", style="bold")
            line.append(raised.blocker or raised.note or "no blocker written", style="")
            parts.append(line)
        answers = self._retro(data.retro) if data.retro is not None else []
        parts += answers
        parts.append(self._last_review(data))
        if 0 < self.size.width < COMPACT_BELOW:
            # A small terminal must show the KR and the form together: the title may wrap, context lines
            # are cut to one line each (the full card is one keypress away on the home screen). The retro's
            # answers from the records wrap: they are what the room is there to read.
            for part in parts[:1] + parts[4:]:
                if not any(part is answer for answer in answers):
                    part.no_wrap, part.overflow = True, "ellipsis"
        self.plain = "\n".join(part.plain for part in parts)
        self.update(Group(*parts))

    @staticmethod
    def _retro(facts: RetroFacts) -> list[Text]:
        """The retrospective's first three questions, answered from the records (not editable)."""
        happened = Text.assemble(("1 Target ", "dim"), goal_text(facts.kr, facts.unit),
                                 ("   2 What happened ", "dim"))
        if facts.final_value is None:
            happened.append("not done" if kind_of(facts.kr) is KRKind.MILESTONE else "no value")
            if facts.score is not None:
                happened.append(f": score {facts.score:.2f} ")
                happened.append_text(band_text(facts.band))
        else:
            score = "" if facts.score is None else f": score {facts.score:.2f} "
            if facts.overridden and facts.data_score is not None:
                score += f"(data {facts.data_score:.2f}) "
            verb = "ended at" if facts.quarter_over else "so far (quarter still running)"
            value = value_words(facts.kr, facts.final_value)  # '3 of 5 steps done', not a bare '3'
            happened.append(f"{verb} {value}{score}" if facts.quarter_over else f"{value} {verb}{score}")
            happened.append_text(band_text(facts.band))
        visible = Text("3 Risk first visible ", style="dim")
        visible.append(str(facts.risk_visible_on) if facts.risk_visible_on else "never", style="bold")
        visible.append(" (from the records)   ", style="dim")
        if facts.first_escalated_on is None:
            visible.append("never escalated", style="bold" if facts.risk_visible_on else "")
        else:
            visible.append(f"first escalated {facts.first_escalated_on}")
            if facts.lag_days is not None:
                visible.append(f", {facts.lag_days} days after risk showed")
        return [happened, visible]

    @staticmethod
    def _last_review(data: CardData) -> Text:
        last = data.last
        if last is None:
            return Text("Last review: none yet", style="dim")
        when = f"Last review {data.last_held_on}: " if data.last_held_on else "Last review: "
        text = Text(when, style="dim")
        if last.value is not None:
            text.append(value_words(data.kr, last.value))
            if data.kr.current is not None and data.kr.current != last.value:
                text.append(f" (now {data.kr.current:g}, {data.kr.current - last.value:+g})", style="bold")
        if last.confidence is not None:
            text.append(" · " if last.value is not None else "")
            text.append_text(status_text(last.confidence))
        if last.decision is not None:
            text.append(f"{' · ' if len(text) > len(when) else ''}decided {DECISION_LABEL[last.decision.kind]}")
            if last.decision.note:
                text.append(f": {last.decision.note}")
        if last.evidence:
            text.append(" · evidence: ", style="dim")
            text.append(last.evidence)
        return text
