"""Documents as tab-separated lines for pipes and grep: one line per table row, its first field the record.

Only tables that name a record are written (with the values programs read: 'on_track', not '✓ on track'),
in the document's order; a chart or paragraph that carries its data writes that data.
"""

from __future__ import annotations

from reviewtui.export.document import Block, Chart, Document, Paragraph, Table


def to_lines(document: Document) -> list[str]:
    return [line for block in document.blocks() for line in _records(block)]


def _records(block: Block) -> list[str]:
    table = block.data if isinstance(block, (Chart, Paragraph)) else block if isinstance(block, Table) else None
    if table is None or not table.record:
        return []
    rows = [(table.record, row) for row in table.rows]
    if table.total:
        rows.append((table.record + "_total", table.total))
    return ["\t".join([record, *(_field(cell.data) for cell in row)]) for record, row in rows]


def _field(value: str) -> str:
    """A value on one line and in one field: tabs and line breaks (a note may hold them) become spaces."""
    return " ".join(value.replace("\t", " ").splitlines()) if ("\t" in value or "\n" in value or "\r" in value) \
        else value
