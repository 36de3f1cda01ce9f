"""Documents for a terminal, as Rich renderables: the app's screens and `reviewtui report` in a terminal.

Every piece of text is a rich Text, never markup, so user text shows as typed. A tone is a colour or a
weight here, always beside a glyph or a word that says the same.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from reviewtui.domain.enums import OutcomeBand, Status
from reviewtui.export.document import Block, Bullets, Cell, Chart, Document, Inline, Paragraph, Section, Table
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


def to_rich(document: Document) -> Group:
    """The document for a terminal: a bold title, sections as bold headings with dim notes, compact tables."""
    parts: list[RenderableType] = [rich_text(document.title, "bold")]
    for block in document.lead:
        parts += _block(block)
    for section in document.sections:
        parts += _section(section)
    return Group(*parts)


def _section(section: Section) -> list[RenderableType]:
    if not section.terminal:
        return []
    parts: list[RenderableType] = [Text("\n" + section.title, style="bold")]
    if section.note:
        parts.append(Text(section.note, style="dim"))
    if section.says_empty:
        parts.append(Text(section.empty))
    else:
        for block in section.blocks:
            parts += _block(block)
    for part in section.parts:
        parts += _section(part)
    return parts


def _block(block: Block) -> list[RenderableType]:
    if isinstance(block, Paragraph):
        return [rich_text(block.text)] if block.text else []
    if isinstance(block, Bullets):
        return [Text.assemble("  • ", rich_text(item)) for item in block.items]
    if isinstance(block, Chart):
        return [Text(line) for line in block.lines]
    return [rich_table(block)] if block.rows else []


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
