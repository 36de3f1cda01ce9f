"""On start: an interrupted meeting is offered for resume before anything else (or, damaged, to be set aside)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from reviewtui.domain.meeting_kinds import KIND_LABEL
from reviewtui.views import MeetingSummary
from reviewtui.widgets.keys_footer import KeysFooter


RESUME, LATER, SET_ASIDE, DISCARD = "resume", "later", "set aside", "discard"


class ResumeModal(ModalScreen[str]):
    """Resume the interrupted meeting (RESUME) or leave it for later (LATER).

    A meeting that cannot be resumed says why; when its own file is what is wrong, it can be set aside (SET_ASIDE)."""

    BINDINGS = [Binding("enter", "resume", "Resume it"), Binding("s", "set_aside", "Set it aside"),
                Binding("d", "discard", "Discard it"), Binding("escape", "later", "Not now")]
    # Styled by the one dialog rule in app.tcss: a plain offer is narrow, a damaged draft wide and red.

    def __init__(self, draft: MeetingSummary, position: str = "", problem: str | None = None,
                 can_set_aside: bool = False) -> None:
        super().__init__(classes="dialog -wide -error" if problem else "dialog -narrow")
        self.draft = draft
        self.position = position
        self.problem = problem  # why it cannot be resumed: the file and what is wrong with it
        self.can_set_aside = can_set_aside

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.problem is None:
                yield Label(Text("An interrupted meeting can be resumed", style="bold"))
            else:
                yield Label(Text("✗ An interrupted meeting cannot be resumed", style="bold"))
            yield Label(Text(f"{KIND_LABEL[self.draft.kind]} of {self.draft.quarter_id}, started "
                             f"{self.draft.started_at:%Y-%m-%d %H:%M} by {self.draft.facilitator}"))
            if self.problem is None:
                yield Label(Text(f"It stopped at {self.position}. Every entered field and the time spent are kept."))
            else:
                yield Label(Text(f"It cannot be resumed: {self.problem}"), id="why")
                yield Label(Text(
                    "s sets it aside: its file is renamed and kept on disk, and it is no longer offered. escape leaves "
                    "it waiting (to restore the file from its .bak copy or a backup first)." if self.can_set_aside else
                    "The meeting itself is kept. Restore that file (from its .bak copy if one is named, or a backup) "
                    "and it can be resumed; escape leaves it waiting."))
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.problem is None
        if action == "discard":
            return self.problem is None
        if action == "set_aside":
            return self.problem is not None and self.can_set_aside
        return True

    def action_resume(self) -> None:
        self.dismiss(RESUME)

    def action_set_aside(self) -> None:
        self.dismiss(SET_ASIDE)

    def action_discard(self) -> None:
        self.dismiss(DISCARD)

    def action_later(self) -> None:
        self.dismiss(LATER)
