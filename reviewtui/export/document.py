"""A document as plain data: built once (the quarter report, the meeting summary), rendered many ways.

A Document is a title, some lead blocks, then sections; a section is a title, a note and blocks:
paragraphs, bullet lists, tables and charts. Text is a tuple of Spans, each with an optional Tone, so a
renderer can make a status green or a word bold, and plain text loses nothing that matters. A cell has
the words people read and the value programs read ('✓ on track' and 'on_track'). The renderers are small
and mechanical: markdown.to_markdown, terminal.to_rich, lines.to_lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from reviewtui.format import Tone


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one meaning; user text is always a Span of its own, never markup."""

    text: str
    tone: Tone | None = None


Inline = tuple[Span, ...]


def inline(*parts: str | Span | Inline) -> Inline:
    """Text from strings (plain), Spans and other inline text, in order; empty strings dropped."""
    spans: list[Span] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                spans.append(Span(part))
        elif isinstance(part, Span):
            if part.text:
                spans.append(part)
        else:
            spans.extend(s for s in part if s.text)
    return tuple(spans)


def plain(text: Inline) -> str:
    return "".join(span.text for span in text)


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: the text people read and, if it differs, the value programs read."""

    text: Inline
    value: str | None = None  # None: the plain text

    @property
    def data(self) -> str:
        return plain(self.text) if self.value is None else self.value


def cell(text: str | Span | Inline, value: str | None = None) -> Cell:
    return Cell(inline(text), value)


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading, its name for programs, and whether the terminal view shows it."""

    title: str
    key: str
    terminal: bool = True  # False: left out where columns are scarce (a terminal); Markdown and lines keep it


@dataclass(frozen=True, slots=True)
class Table:
    """Rows under columns. `record` names a row for plain lines (none: the table is not written as lines)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    record: str = ""
    total: tuple[Cell, ...] | None = None  # a last row that sums the others, shown in bold

    def column(self, key: str) -> int:
        return next(index for index, column in enumerate(self.columns) if column.key == key)


def table(columns: Iterable[Column], rows: Iterable[Iterable[Cell]], record: str = "",
          total: Iterable[Cell] | None = None) -> Table:
    return Table(tuple(columns), tuple(tuple(row) for row in rows), record,
                 None if total is None else tuple(total))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Text people read; `data`, if given, is the same facts as a record for programs (see Chart)."""

    text: Inline
    data: Table | None = None


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A picture in text lines (fixed width), and optionally the table it draws, for renderers of data."""

    lines: tuple[str, ...]
    data: Table | None = None


Block = Paragraph | Bullets | Table | Chart


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a document, with parts of its own. An empty block is never written (not even a
    table's header); a section whose blocks are all empty says `empty` instead. `terminal` False keeps it
    out of the terminal view (the app shows it another way)."""

    title: str
    blocks: tuple[Block, ...] = ()
    note: str = ""
    empty: str = "none"
    terminal: bool = True
    parts: tuple[Section, ...] = ()

    def all_blocks(self) -> Iterator[Block]:
        yield from self.blocks
        for part in self.parts:
            yield from part.all_blocks()

    @property
    def says_empty(self) -> bool:
        """True when it has blocks and none holds anything (a section made only of parts says nothing)."""
        return bool(self.blocks) and not any(has_content(block) for block in self.blocks)


def has_content(block: Block) -> bool:
    if isinstance(block, Table):
        return bool(block.rows)
    if isinstance(block, Bullets):
        return bool(block.items)
    if isinstance(block, Chart):
        return bool(block.lines)
    return bool(block.text)


@dataclass(frozen=True, slots=True)
class Document:
    """A title, lead blocks (what the whole is about), then its sections in order."""

    title: Inline
    lead: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def table(self, record: str) -> Table | None:
        """The table whose rows are `record`s (the report's 'kr', say), wherever it is."""
        return next((block for block in self.blocks() if isinstance(block, Table) and block.record == record), None)

    def blocks(self) -> Iterator[Block]:
        """Every block in order: the lead, then each section's blocks followed by its parts'."""
        yield from self.lead
        for section in self.sections:
            yield from section.all_blocks()
