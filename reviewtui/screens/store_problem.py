"""A store problem on screen: which file, what is wrong and what to do. The app goes on; never a traceback."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from reviewtui.errors import StoreCorrupt, StoreWriteError, write_cause
from reviewtui.widgets.keys_footer import KeysFooter

DAMAGED_ADVICE = ("Everything else in the store is intact and reviewtui goes on. A damaged file is never overwritten: "
                  "restore it from its .bak copy if one is named above, or from your backup.")
WRITE_ADVICE = ("Nothing on disk was changed by this step. An open meeting is kept in memory and saved as soon as it "
                "can be: make room on the disk (or give the store its folder back) and try again.")


def advice_for(error: BaseException | str) -> str:
    """What to do about it, in one or two sentences."""
    if isinstance(error, (StoreWriteError, OSError)):
        return WRITE_ADVICE
    if isinstance(error, StoreCorrupt):
        return DAMAGED_ADVICE
    return "reviewtui goes on; the rest of the store is not affected."


def write_problem(error: BaseException) -> str:
    """Why a write failed and where, in plain words: 'disk full (cannot write /store/…/m.json)'."""
    if isinstance(error, StoreWriteError):
        return f"{error.cause} (cannot write {error.path})"
    if isinstance(error, OSError):  # a write outside the store's own (an export folder, say)
        return f"{write_cause(error)} (cannot write {error.filename})" if error.filename else write_cause(error)
    return str(error)


class StoreProblemModal(ModalScreen[bool]):
    """One store problem over the current screen; enter or escape closes it (False)."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("enter", "close", "Close", show=False)]

    def __init__(self, title: str, error: BaseException | str, advice: str | None = None) -> None:
        super().__init__(classes="dialog -wide -error")  # the one dialog rule in app.tcss
        self.problem_title = title
        self.error = error
        self.advice = advice or advice_for(error)

    def compose(self) -> ComposeResult:
        error = self.error
        with Vertical():
            yield Label(Text(f"✗ {self.problem_title}"), id="problem-title")
            if isinstance(error, StoreCorrupt):
                yield Label(Text(f"File: {error.path}"), id="problem-file")
                yield Label(Text(f"What is wrong: it {error.problem}"), id="problem-what")
            elif isinstance(error, (StoreWriteError, OSError)):
                yield Label(Text(f"Not written: {write_problem(error)}"), id="problem-what")
            else:
                yield Label(Text(str(error)), id="problem-what")
            yield Label(Text(self.advice), id="problem-advice")
        yield KeysFooter()

    def action_close(self) -> None:
        self.dismiss(False)


class QuitUnsavedModal(StoreProblemModal):
    """Quitting while the meeting's last save failed: y quits anyway (True), escape goes back to the meeting."""

    BINDINGS = [Binding("y", "quit_anyway", "Quit anyway"), Binding("escape", "close", "Back to the meeting")]

    def __init__(self, problem: str) -> None:
        super().__init__("Quit without saving? The meeting's last changes are not on disk", problem,
                         "y quits anyway: those changes are lost, and the meeting resumes next time from its last good "
                         "save. escape goes back to the meeting, where saving is retried every second: once there "
                         "is room (or the folder is back), the warning goes and nothing is lost.")

    def action_quit_anyway(self) -> None:
        self.dismiss(True)
