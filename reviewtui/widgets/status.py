"""How a status looks: always a glyph and a word, never colour alone (it must survive a video call)."""

from __future__ import annotations

from rich.text import Text

from reviewtui.domain.models import Status

_LOOK = {
    Status.ON_TRACK: ("✓ on track", "green"),
    Status.AT_RISK: ("▲ at risk", "yellow"),
    Status.OFF_TRACK: ("✗ off track", "bold red"),
}


def status_text(status: Status | None) -> Text:
    """A status as styled text with its glyph and word; '· no value' when there is nothing to judge."""
    if status is None:
        return Text("· no value", style="dim")
    label, style = _LOOK[status]
    return Text(label, style=style)
