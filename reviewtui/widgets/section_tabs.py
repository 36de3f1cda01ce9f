"""A light tab strip for a screen's sections: one word per section, the shown one marked, click or key to switch.

Textual's TabbedContent brings a tab bar with an animated underline and about ten widgets; drawing it cost
the home screen about 20 ms of its start-up. This strip is one line of small labels over a ContentSwitcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static


class SectionTab(Static):
    """One section's name; the shown one is marked ▸ and bold, so it reads without colour."""

    def __init__(self, section: str, label: str) -> None:
        super().__init__(id=f"tab-{section}", classes="section-tab", markup=False)
        self.section = section
        self.label = label
        self.active = False
        self._draw()

    def set(self, *, label: str | None = None, active: bool | None = None) -> None:
        self.label = self.label if label is None else label
        self.active = self.active if active is None else active
        self.set_class(self.active, "-active")
        self._draw()

    def _draw(self) -> None:
        self.update(Text(("▸ " if self.active else "  ") + self.label))

    def on_click(self) -> None:
        self.post_message(SectionTabs.Chosen(self.section))


class SectionTabs(Horizontal):
    """The strip: shows which section is on screen; posts Chosen when a section's name is clicked."""

    DEFAULT_CSS = """
    SectionTabs { height: 1; padding: 0 1; }
    SectionTabs > SectionTab { width: auto; margin-right: 3; color: $text-muted; }
    SectionTabs > SectionTab.-active { color: $text; text-style: bold; }
    """

    @dataclass
    class Chosen(Message):
        section: str

    def __init__(self, sections: dict[str, str], active: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sections = dict(sections)
        self.active = active

    def compose(self) -> ComposeResult:
        for section, label in self.sections.items():
            tab = SectionTab(section, label)
            tab.set(active=section == self.active)
            yield tab

    def show(self, section: str) -> None:
        self.active = section
        for tab in self.query(SectionTab):
            tab.set(active=tab.section == section)

    def label(self, section: str, label: str) -> None:
        self.query_one(f"#tab-{section}", SectionTab).set(label=label)
