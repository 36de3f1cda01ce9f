"""Ending a meeting early: every KR not yet decided is deferred explicitly, with one reason and a date."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reviewtui.widgets.countdown import clock_text
from reviewtui.widgets.form_input import FormInput
from reviewtui.widgets.keys_footer import KeysFooter
from reviewtui.domain.review_entry import parse_date
from reviewtui.domain.review_rules import says_something
from reviewtui.domain.text import count


class EndEarlyModal(ModalScreen[tuple[str, date] | None]):
    """Asks why the rest is deferred and when it comes back; nothing is silently skipped."""

    BINDINGS = [Binding("escape", "cancel", "Back to the review"), Binding("ctrl+s", "confirm", "Defer the rest")]

    def __init__(self, undecided: list[str], today: date, hard_stop_s: int | None = None) -> None:
        super().__init__(classes="dialog -warning")  # the one dialog rule in app.tcss
        self.undecided = undecided
        self.today = today
        self.hard_stop_s = hard_stop_s  # set when a stand-up hit its hard stop: no way back, only deferral

    def compose(self) -> ComposeResult:
        stop = self.hard_stop_s
        left = len(self.undecided)
        undecided = f"{count(left, 'key result')} {'has' if left == 1 else 'have'} no decision yet:"
        with Vertical():
            if stop is None:
                yield Label(Text(f"End the meeting now? {undecided}", style="bold"))
            else:
                yield Label(Text(f"■ HARD STOP: the stand-up's {clock_text(stop)} are up. {undecided}",
                                 style="bold"))
            yield Label(Text(", ".join(self.undecided) or "none"))
            yield Label("They will all be decided 'defer', with this reason and revisit date:")
            # The proposed reason and date are selected on focus: typing replaces them, enter accepts them.
            yield FormInput("" if stop is None else f"stand-up hard stop at {clock_text(stop)}",
                            placeholder="reason, e.g. out of time; first item next week", id="end-reason",
                            select_on_focus=True)
            days = 7 if stop is None else 1
            yield FormInput((self.today + timedelta(days=days)).isoformat(), placeholder="revisit YYYY-MM-DD",
                            id="end-revisit", select_on_focus=True)
            yield Label("", id="end-error", classes="dialog-error")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#end-reason").focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        reason = self.query_one("#end-reason", Input).value.strip()
        revisit = parse_date(self.query_one("#end-revisit", Input).value)
        if not says_something(reason) or revisit is None:
            self.query_one("#end-error", Label).update(
                "✗ A reason (a few words) and a revisit date (YYYY-MM-DD) are needed to defer the rest.")
            return
        if revisit <= self.today:  # the gate refuses it for one KR; ending early must not let it through
            self.query_one("#end-error", Label).update(
                f"✗ The revisit date must be after today ({self.today.isoformat()}).")
            return
        self.dismiss((reason, revisit))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "cancel" and self.hard_stop_s is not None)

    def action_cancel(self) -> None:
        if self.hard_stop_s is None:
            self.dismiss(None)
