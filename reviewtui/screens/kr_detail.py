"""One key result in full, from the home screen: the same card the review shows, plus its open actions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label

from reviewtui.domain.models import ActionItem
from reviewtui.widgets.keys_footer import KeysFooter
from reviewtui.widgets.kr_card import CardData, KRCard


class KRDetailScreen(ModalScreen[None]):
    """Read-only: everything known about one KR. Escape closes it."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("enter", "close", "Close", show=False)]

    def __init__(self, card: CardData, actions: list[ActionItem]) -> None:
        super().__init__()
        self.card = card
        self.actions = actions

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield KRCard(id="detail-card")
            yield Label(Text("Open action items", style="bold"))
            for action in self.actions:
                overdue = " (overdue)" if action.due < self.card.today else ""
                yield Label(Text.assemble((action.id, "bold"), f" {action.text} ",
                                          (f"{action.owner}, due {action.due}{overdue}", "dim")))
            if not self.actions:
                yield Label("none")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(KRCard).show(self.card)

    def action_close(self) -> None:
        self.dismiss(None)
