"""Documents as Markdown, with every piece of text escaped: user text must not become markup in a file either."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reviewtui.export.document import (
    Block, Bullets, Cell, Chart, Document, Inline, Paragraph, Section, Table, has_content,
)
from reviewtui.format import Tone


def md(text: str) -> str:
    """Escape text for Markdown, table cells included: links, emphasis, code, HTML and entities stay literal."""
    # '&' before '<': the '&lt;' written for '<' must stay one entity, and a title '&lt;x&gt;' must show as typed.
    return text.replace("\\", "\\\\").replace("&", "&amp;").replace("|", "\\|").replace("\n", " ") \
        .replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;").replace("*", "\\*").replace("_", "\\_") \
        .replace("`", "\\`")


def to_markdown(document: Document) -> str:
    """The document as Markdown: '#' title, '##' sections ('###' their parts), tables, fenced charts."""
    out = [f"# {_inline(document.title)}", ""]
    for block in document.lead:
        out += _block(block)
    for section in document.sections:
        out += _section(section, 2)
    return "\n".join(out).rstrip("\n") + "\n"


def _section(section: Section, level: int) -> list[str]:
    out = [f"{'#' * level} {md(section.title)}", ""]
    if section.note:
        out += [md(section.note), ""]
    if section.says_empty:
        out += [md(section.empty), ""]
    else:
        for block in section.blocks:
            out += _block(block)
    for part in section.parts:
        out += _section(part, level + 1)
    return out


def _block(block: Block) -> list[str]:
    """A block and the blank line after it; an empty one is not written at all."""
    if not has_content(block):
        return []
    if isinstance(block, Paragraph):
        return [_inline(block.text), ""]
    if isinstance(block, Bullets):
        return [*(f"- {_inline(item)}" for item in block.items), ""]
    if isinstance(block, Chart):
        return [*fence(block.lines), ""]
    return [*_table(block), ""]


def _table(table: Table) -> list[str]:
    rows = [*table.rows, *([table.total] if table.total else [])]
    return [_row(md(c.title) for c in table.columns), _row("---" for _ in table.columns),
            *(_row(_cell(c) for c in row) for row in rows)]


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cell(cell: Cell) -> str:
    return _inline(cell.text)


def _inline(text: Inline) -> str:
    return "".join(f"**{md(s.text)}**" if s.tone is Tone.STRONG else md(s.text) for s in text)


def fence(lines: Sequence[str]) -> list[str]:
    """A fenced code block whose fence no line inside can close."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence]
