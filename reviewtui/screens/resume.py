"""On start: an interrupted meeting is offered for resume before anything else."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from reviewtui.domain.meeting_kinds import KIND_LABEL
from reviewtui.store import MeetingSummary
from reviewtui.widgets.keys_footer import KeysFooter


class ResumeModal(ModalScreen[bool]):
    """Resume the interrupted meeting (True) or leave it for later (False)."""

    BINDINGS = [Binding("enter", "resume", "Resume it"), Binding("escape", "later", "Not now")]
    DEFAULT_CSS = """
    ResumeModal { align: center middle; }
    ResumeModal > Vertical { width: 80%; max-width: 80; height: auto; border: thick $primary; padding: 1 2;
                             background: $surface; }
    ResumeModal Label { width: 100%; }
    """

    def __init__(self, draft: MeetingSummary, position: str) -> None:
        super().__init__()
        self.draft = draft
        self.position = position

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("An interrupted meeting can be resumed", style="bold"))
            yield Label(Text(f"{KIND_LABEL[self.draft.kind]} of {self.draft.quarter_id}, started "
                             f"{self.draft.started_at:%Y-%m-%d %H:%M} by {self.draft.facilitator}"))
            yield Label(Text(f"It stopped at {self.position}. Every entered field and the time spent are kept."))
        yield KeysFooter()

    def action_resume(self) -> None:
        self.dismiss(True)

    def action_later(self) -> None:
        self.dismiss(False)
