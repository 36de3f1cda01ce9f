"""A big countdown for one KR's timebox: warns with a fifth left, then counts the overrun up."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widgets import Digits, Label

from reviewtui.domain.review_rules import WARN_FRACTION
from reviewtui.format import duration


def clock_text(seconds: float) -> str:
    """Seconds as m:ss, as everywhere else (reviewtui.format.duration: 90.5 s is 1:31)."""
    return duration(seconds)


class Countdown(Vertical):
    """Time left in the timebox, in large digits; the state is also a word, never colour alone.

    Untimed (a 1:1 prep: no timer pressure), it shows the time spent instead, with no warning or overrun."""

    DEFAULT_CSS = """
    Countdown { height: auto; padding: 0 1; border: round $primary; }
    Countdown Digits { width: auto; }
    Countdown #countdown-state { width: 100%; }  /* wraps in the box (a stand-up's budget), never cut */
    Countdown.-warning { border: round $warning; }
    Countdown.-warning Digits { color: $warning; }
    Countdown.-overrun { border: heavy $error; }
    Countdown.-overrun Digits { color: $error; }
    """

    timebox_s: reactive[int] = reactive(180)
    spent_s: reactive[float] = reactive(0.0)
    timed: reactive[bool] = reactive(True)
    meeting_note: reactive[str] = reactive("")  # e.g. a stand-up's budget: seen even where the agenda is hidden

    def compose(self) -> ComposeResult:
        yield Digits("3:00")
        yield Label("", id="countdown-state")

    def watch_timebox_s(self) -> None:
        self._show()

    def watch_spent_s(self) -> None:
        self._show()

    def watch_timed(self) -> None:
        self._show()

    def watch_meeting_note(self) -> None:
        self._show()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        try:
            digits, label = self.query_one(Digits), self.query_one("#countdown-state", Label)
        except NoMatches:  # not composed yet; on_mount shows it
            return
        if not self.timed:
            self.set_class(False, "-overrun")
            self.set_class(False, "-warning")
            digits.update(clock_text(self.spent_s))
            self._state(label, f"● {clock_text(self.spent_s)} spent on this KR (no timer)" + self._note())
            return
        left = self.timebox_s - self.spent_s
        overrun = left <= -1  # a whole second over, so the overrun never reads "0:00"
        warning = not overrun and left <= self.timebox_s * WARN_FRACTION
        self.set_class(overrun, "-overrun")
        self.set_class(warning, "-warning")
        digits.update(("+" if overrun else "") + clock_text(left))
        if overrun:
            state = f"✗ OVER by {clock_text(left)} (timebox {clock_text(self.timebox_s)})"
        elif warning:
            state = f"▲ {clock_text(left)} left of {clock_text(self.timebox_s)}: wrap up"
        else:
            state = f"● {clock_text(left)} left of {clock_text(self.timebox_s)}"
        self._state(label, state + self._note())

    _shown_state = ""

    def _state(self, label: Label, text: str) -> None:
        """The state line; the screen is laid out again only when its length changes (the tick changes a
        digit or two every second: the same length, so only the countdown is redrawn)."""
        if text == self._shown_state:
            return
        same_size = len(text) == len(self._shown_state) and text.isascii() == self._shown_state.isascii()
        self._shown_state = text
        label.update(text, layout=not same_size)

    def _note(self) -> str:
        return f" · {self.meeting_note}" if self.meeting_note else ""
