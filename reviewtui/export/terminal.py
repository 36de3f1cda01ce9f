"""Documents for a terminal, as Rich renderables: the app's screens and `reviewtui report` in a terminal.

Every piece of text is a rich Text, never markup, so user text shows as typed. A tone is a colour or a
weight here, always beside a glyph or a word that says the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table as RichTable
from rich.text import Text

from reviewtui.domain.enums import OutcomeBand, Status
from reviewtui.export.document import (
    Block, Bullets, Cell, Chart, Document, Inline, Paragraph, Section, Table, inline,
)
from reviewtui.domain.progress import Standing
from reviewtui.format import Tone, band_label, band_tone, standing_label, status_label, status_tone

TONE_STYLE = {Tone.GOOD: "green", Tone.BEST: "bold green", Tone.WARNING: "yellow", Tone.BAD: "bold red",
              Tone.MUTED: "dim", Tone.STRONG: "bold"}


def rich_text(text: Inline, style: str = "") -> Text:
    """Inline text as a Text, each span in its tone's style."""
    out = Text(style=style)
    for span in text:
        out.append(span.text, style=TONE_STYLE[span.tone] if span.tone else "")
    return out


def status_text(status: Status | None) -> Text:
    """A status as styled text with its glyph and word; '· no value' when there is nothing to judge."""
    return Text(status_label(status), style=TONE_STYLE[status_tone(status)])


def standing_text(standing: Standing) -> Text:
    """A KR's standing as styled text: '✓ done', '· to be measured', '▲ at risk'."""
    return Text(standing_label(standing), style=TONE_STYLE[status_tone(standing.status)])


def band_text(band: OutcomeBand | None) -> Text:
    """An outcome band with its glyph and word."""
    return Text(band_label(band), style=TONE_STYLE[band_tone(band)])


@dataclass(frozen=True, slots=True)
class TextPart:
    """A line of the terminal view, kept as document text until it is drawn (its plain text sizes it cheaply).

    `bullet` makes it a list item ('  • ' before the text)."""

    text: Inline
    style: str = ""
    bullet: bool = False

    @property
    def plain(self) -> str:
        return ("  • " if self.bullet else "") + "".join(span.text for span in self.text)

    def rich(self) -> Text:
        return Text.assemble("  • ", rich_text(self.text)) if self.bullet else rich_text(self.text, self.style)


Part = TextPart | Table


def to_rich(document: Document) -> Group:
    """The document for a terminal: a bold title, sections as bold headings with dim notes, compact tables."""
    return Group(*(part.rich() if isinstance(part, TextPart) else rich_table(part) for part in terminal_parts(document)))


def terminal_parts(document: Document) -> list[Part]:
    """The document as to_rich draws it, one part at a time: a line of text, or a table (never an empty one)."""
    parts: list[Part] = [TextPart(document.title, "bold")]
    for block in document.lead:
        parts += _block(block)
    for section in document.sections:
        parts += _section(section)
    return parts


def _section(section: Section) -> list[Part]:
    if not section.terminal:
        return []
    parts: list[Part] = [TextPart(inline("\n" + section.title), "bold")]
    if section.note:
        parts.append(TextPart(inline(section.note), "dim"))
    if section.says_empty:
        parts.append(TextPart(inline(section.empty)))
    else:
        for block in section.blocks:
            parts += _block(block)
    for part in section.parts:
        parts += _section(part)
    return parts


def _block(block: Block) -> list[Part]:
    if isinstance(block, Paragraph):
        return [TextPart(block.text)] if block.text else []
    if isinstance(block, Bullets):
        return [TextPart(item, bullet=True) for item in block.items]
    if isinstance(block, Chart):
        return [TextPart(inline(line)) for line in block.lines]
    return [block] if block.rows else []


def terminal_columns(table: Table) -> list[int]:
    """The columns a terminal shows, by index: those meant for it that hold something in some row (columns
    are scarce in a terminal; Markdown and lines keep every column, so a field keeps its place there)."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    return [index for index, column in enumerate(table.columns)
            if column.terminal and any(row[index].text for row in rows)]


def cell_text(cell: Cell) -> Text:
    return rich_text(cell.text)


def rich_table(table: Table) -> RichTable:
    """A compact table: a rule under the header, one space between columns; long cells wrap, none is cut."""
    shown = terminal_columns(table)
    out = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True, expand=False)
    for index in shown:
        out.add_column(Text(table.columns[index].title), overflow="fold")
    for row in table.rows:
        out.add_row(*(cell_text(row[index]) for index in shown))
    if table.total:
        out.add_row(*(cell_text(table.total[index]) for index in shown))
    return out


# --- a long table a row at a time: the lines rich_table draws, without drawing every row ----------------------

class _Measured:
    """A stand-in cell as wide as a whole column's cells; notes the width the table gives it."""

    def __init__(self, minimum: int, maximum: int, widths: list[int]) -> None:
        self.measurement = Measurement(minimum, maximum)
        self.widths = widths

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return self.measurement

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.widths.append(options.max_width)
        yield Segment(" " * options.max_width)


def _measure(text: str) -> tuple[int, int]:
    """What rich measures a Text by (Text.__rich_measure__): its longest word, its longest line."""
    lines = text.splitlines()
    longest = max(cell_len(line) for line in lines) if lines else 0
    words = text.split()
    return (max(cell_len(word) for word in words) if words else longest), longest


def _compact(table: Table, widths: list[int] | None = None, header: bool = True) -> RichTable:
    """rich_table's frame: with `widths`, every column fixed at the width (inside its padding) given."""
    out = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True, expand=False,
                    show_header=header)
    for position, index in enumerate(terminal_columns(table)):
        out.add_column(Text(table.columns[index].title), overflow="fold",
                       width=None if widths is None else widths[position])
    return out


class SplitTable:
    """A table as rich_table draws it, a row at a time: its cells' text is measured once, and at any width the
    columns get the widths rich_table would give them (found from a table of one stand-in row, as wide per
    column as the real rows), so the header and each row can be drawn alone, line for line as in the whole."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = terminal_columns(table)
        rows = (*table.rows, *([table.total] if table.total else []))
        self.texts = [["".join(span.text for span in row[index].text) for index in self.columns] for row in rows]
        # A cell's width on one line; -1 when it has a line break (it never fits on one line)
        self.lengths = [[-1 if "\n" in text else cell_len(text) for text in texts] for texts in self.texts]
        self.extents = [(0, 0)] * len(self.columns)
        for texts in self.texts:
            self.extents = [(max(low, new_low), max(high, new_high)) for (low, high), (new_low, new_high)
                            in zip(self.extents, map(_measure, texts), strict=True)]

    def __len__(self) -> int:
        return len(self.texts)

    def widths(self, console: Console, width: int) -> tuple[int, ...]:
        """Each column's width inside its padding when the table is drawn in `width` cells."""
        widths: list[int] = []
        stand_in = _compact(self.table)
        stand_in.add_row(*(_Measured(low, high, widths) for low, high in self.extents))
        console.render_lines(stand_in, console.options.update_width(width))
        return tuple(widths)

    def head(self, widths: tuple[int, ...]) -> RichTable:
        """The header and the rule under it."""
        return _compact(self.table, list(widths))

    def row(self, index: int, widths: tuple[int, ...]) -> RichTable:
        """One row (the total is the last), drawn as it is inside the whole table."""
        out = _compact(self.table, list(widths), header=False)
        out.add_row(*(cell_text(cell) for cell in self._cells(index)))
        return out

    def _cells(self, index: int) -> list[Cell]:
        row = self.table.rows[index] if index < len(self.table.rows) else self.table.total
        assert row is not None
        return [row[column] for column in self.columns]

    def heights(self, console: Console, widths: tuple[int, ...]) -> list[int]:
        """Lines each row takes: its tallest cell's, wrapped as the table wraps it (most cells fit on one)."""
        out = []
        for texts, lengths in zip(self.texts, self.lengths, strict=True):
            height = 1
            for text, length, width in zip(texts, lengths, widths, strict=True):
                if length < 0 or length > width:
                    height = max(height, len(Text(text).wrap(console, width, justify="left", overflow="fold")))
            out.append(height)
        return out
