"""The meeting's agenda beside the review: each KR's state and the projected end."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual.widgets import Static


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda."""

    kr_id: str
    title: str
    decided: bool
    deferred: bool
    current: bool
    overrun: bool


class Agenda(Static):
    """A compact list: ▶ now, ✓ decided, ↷ deferred, · to do; the overrun mark is a glyph too."""

    DEFAULT_CSS = """
    Agenda { height: auto; padding: 0 1; }
    """

    def show(self, items: list[AgendaItem], footer: str) -> None:
        lines: list[Text] = [Text(footer, style="bold")]
        for item in items:
            if item.current:
                mark, style = "▶", "bold reverse"
            elif item.deferred:
                mark, style = "↷", "dim"
            elif item.decided:
                mark, style = "✓", "green"
            else:
                mark, style = "·", ""  # to do
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{mark} {item.kr_id}", style=style)
            line.append(" +over" if item.overrun else "", style="red")
            line.append(" ")
            line.append(item.title, style="" if item.current else "dim")
            lines.append(line)
        self.update(Group(*lines))
