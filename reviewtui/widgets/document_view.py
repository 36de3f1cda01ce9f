"""A document on screen a line at a time: a 500-row summary comes up as fast as a short one.

A Static holding the whole document (export.terminal.to_rich) draws every line of it, several times, before
the first frame: about 1.9 s for a meeting of 500 key results. This widget draws the same lines, but only
those on screen: it sizes each part from its text (a table from its cells' widths, a line of text from its
length; only text too long for its width is wrapped to count its lines) and renders a part when one of its
lines is first shown. What it shows is what the Static showed, line for line (tests/test_document_view.py).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import RichVisual, Visual
from textual.widgets import Static

from reviewtui.export.terminal import Part, SplitTable, TextPart, rich_table


@dataclass(frozen=True, slots=True)
class _Lines:
    """A run of the view's lines: where it starts, how many, and what draws them."""

    start: int
    height: int
    draw: Callable[[], RenderableType]


def _same(renderable: RenderableType) -> RenderableType:
    return renderable


class DocumentView(Static):
    """The parts of a document (export.terminal.terminal_parts), drawn on demand; scrolled by its container."""

    def __init__(self, parts: Sequence[Part], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts = list(parts)
        self._width = -1
        self._runs: list[_Lines] = []
        self._starts: list[int] = []
        self._drawn: dict[int, list[Strip]] = {}
        self._tables: dict[int, SplitTable] = {}  # by part: measured once, laid out per width

    @property
    def content(self) -> Group:
        """Everything it shows, as one renderable (what a Static of the whole document would hold)."""
        return Group(*(part.rich() if isinstance(part, TextPart) else rich_table(part) for part in self.parts))

    @content.setter
    def content(self, content: object) -> None:
        raise TypeError("a DocumentView shows the parts it was made with")

    def _lay_out(self, width: int) -> list[_Lines]:
        """Every part's lines at this width, counted without drawing what fits on one line."""
        if width == self._width:
            return self._runs
        console = self.app.console
        runs: list[_Lines] = []
        line = 0

        def add(height: int, draw: Callable[[], RenderableType]) -> None:
            nonlocal line
            runs.append(_Lines(line, height, draw))
            line += height

        for index, part in enumerate(self.parts):
            if isinstance(part, TextPart):
                text = part.plain
                fits = "\n" not in text and cell_len(text) <= width
                add(1 if fits else len(Text(text).wrap(console, width)), part.rich)
                continue
            table = self._tables.get(index)
            if table is None:
                table = self._tables[index] = SplitTable(part)
            widths = table.widths(console, width)
            head = table.head(widths)
            add(len(console.render_lines(head, console.options.update_width(width))), partial(_same, head))
            for row, height in enumerate(table.heights(console, widths)):
                add(height, partial(table.row, row, widths))
        self._width, self._runs, self._drawn = width, runs, {}
        self._starts = [run.start for run in runs]
        return runs

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not width:
            return 0
        runs = self._lay_out(width)
        return runs[-1].start + runs[-1].height if runs else 0

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        runs = self._lay_out(width)
        index = bisect_right(self._starts, y) - 1
        if index < 0 or y >= runs[index].start + runs[index].height:
            return Strip.blank(width, self.visual_style.rich_style)
        strips = self._drawn.get(index)
        if strips is None:
            run = runs[index]
            strips = Visual.to_strips(self, RichVisual(self, run.draw()), width, None, self.visual_style)
            self._drawn[index] = strips
        offset = y - runs[index].start
        return strips[offset] if offset < len(strips) else Strip.blank(width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = {}  # drawn in the old style
