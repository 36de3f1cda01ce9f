"""The line that says the meeting is not on disk: why, which file, and that nothing is lost while the app runs."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Label


class NotSavedLine(Label):
    """Hidden while saves succeed; after a failed one, a plain sentence (a glyph and words, not colour alone)."""

    DEFAULT_CSS = """
    NotSavedLine { width: 100%; height: auto; padding: 0 1; display: none;
                   background: $error; color: $text; text-style: bold; }
    """

    _shown: str | None = None

    def show_problem(self, problem: str | None) -> None:
        """problem: why the last save failed, e.g. 'disk full (cannot write …/m.json)'; None once a save succeeds."""
        if problem == self._shown:  # the tick retries every second: no redraw while nothing changes
            return
        self._shown = problem
        self.display = problem is not None
        if problem is not None:
            self.update(Text(f"✗ Not saved: {problem}. The meeting is kept in memory and saving is retried."))
