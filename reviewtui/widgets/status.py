"""How a status looks: always a glyph and a word, never colour alone (it must survive a video call)."""

from __future__ import annotations

from rich.text import Text

from reviewtui.domain.enums import OutcomeBand, Status

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


_BAND_LOOK = {
    OutcomeBand.STRETCH: ("★ stretch", "bold green"),
    OutcomeBand.TARGET: ("✓ target", "green"),
    OutcomeBand.PARTIAL: ("◐ partial", "yellow"),
    OutcomeBand.MISSED: ("✗ missed", "bold red"),
}


def band_text(band: OutcomeBand | None) -> Text:
    """An outcome band with its glyph and word."""
    if band is None:
        return Text("· no value", style="dim")
    label, style = _BAND_LOOK[band]
    return Text(label, style=style)
