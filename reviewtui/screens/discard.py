"""Throwing a meeting away: asked once, with a reason; the meeting is kept on disk as discarded."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reviewtui.domain.review_rules import says_something
from reviewtui.widgets.form_input import FormInput
from reviewtui.widgets.keys_footer import KeysFooter


class DiscardModal(ModalScreen[str | None]):
    """Confirm discarding a started meeting; dismisses with the reason, or None to keep it."""

    BINDINGS = [Binding("escape", "keep", "Keep the meeting"), Binding("ctrl+s", "discard", "Discard it")]
    def __init__(self, what: str) -> None:
        super().__init__(classes="dialog -error")  # the one dialog rule in app.tcss
        self.what = what  # the meeting, in words

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Discard {self.what}?", style="bold"))
            yield Label(Text("Nothing it holds becomes a record: no values, decisions or actions. It is kept on "
                             "disk as discarded (reviewtui meetings --all lists it), never resumed and never "
                             "counted in a report."))
            yield FormInput("", placeholder="why it is discarded, e.g. started on the wrong quarter",
                            id="discard-reason")
            yield Label("", id="discard-error", classes="dialog-error")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#discard-reason", Input).focus()

    @on(Input.Submitted, "#discard-reason")
    def action_discard(self) -> None:
        reason = self.query_one("#discard-reason", Input).value.strip()
        if not says_something(reason):
            self.query_one("#discard-error", Label).update("✗ Say why in a few words: the reason is kept with it.")
            return
        self.dismiss(reason)

    def action_keep(self) -> None:
        self.dismiss(None)
