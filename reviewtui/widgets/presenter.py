"""The presenter view: what a small video tile must still show, in large type, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import Digits, Label

from reviewtui.domain.models import Status
from reviewtui.domain.review_rules import WARN_FRACTION
from reviewtui.format import duration
from reviewtui.widgets.status import status_text


@dataclass(frozen=True)
class PresenterData:
    """One KR as the presenter view shows it."""

    kr_id: str
    title: str
    owner: str
    value_line: str  # value → target, with the value typed so far
    status: Status | None
    timed: bool
    timebox_s: int
    spent_s: float
    gate: str
    gate_missing: bool


def clock(data: PresenterData) -> tuple[str, str]:
    """The big digits and the state in words: left of the timebox, over it, or spent (no timer)."""
    if not data.timed:
        return duration(data.spent_s), "-untimed"
    left = data.timebox_s - data.spent_s
    if left <= -1:  # a whole second over, as the countdown says it
        return "+" + duration(left), "-overrun"
    return duration(left), "-warning" if left <= data.timebox_s * WARN_FRACTION else ""


class Presenter(Vertical):
    """KR title, owner, value → target, status glyph and word, the countdown in Digits, the gate line."""

    DEFAULT_CSS = """
    Presenter { height: auto; padding: 1 2; }
    Presenter #presenter-title { text-style: bold; width: 100%; }
    Presenter #presenter-digits { width: auto; margin: 1 0; }
    Presenter.-warning #presenter-digits { color: $warning; }
    Presenter.-overrun #presenter-digits { color: $error; }
    Presenter #presenter-gate { text-style: bold; color: $success; width: 100%; }
    Presenter #presenter-gate.-missing { color: $error; }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="presenter-title", markup=False)
        yield Label("", id="presenter-owner", markup=False)
        yield Label("", id="presenter-value", markup=False)
        yield Digits("", id="presenter-digits")
        yield Label("", id="presenter-clock", markup=False)
        yield Label("", id="presenter-gate", markup=False)

    def show(self, data: PresenterData) -> None:
        """Show one KR; user text goes in as plain text, never markup."""
        try:
            title = self.query_one("#presenter-title", Label)
        except NoMatches:  # not composed yet
            self.call_after_refresh(self.show, data)
            return
        title.update(Text(f"{data.kr_id}  {data.title}"))
        self.query_one("#presenter-owner", Label).update(Text.assemble(("Owner ", "dim"), (data.owner, "bold")))
        self.query_one("#presenter-value", Label).update(
            Text.assemble(data.value_line, "   ", status_text(data.status)))
        digits, state = clock(data)
        self.query_one("#presenter-digits", Digits).update(digits)
        self.set_class(state == "-warning", "-warning")
        self.set_class(state == "-overrun", "-overrun")
        timebox, shown = duration(data.timebox_s), digits.lstrip("+")
        words = {"-untimed": f"● {shown} spent on this KR (no timer)",
                 "-overrun": f"✗ OVER by {shown} (timebox {timebox})",
                 "-warning": f"▲ {shown} left of {timebox}: wrap up"}
        self.query_one("#presenter-clock", Label).update(words.get(state, f"● {shown} left of {timebox}"))
        gate = self.query_one("#presenter-gate", Label)
        gate.update(data.gate)
        gate.set_class(data.gate_missing, "-missing")
