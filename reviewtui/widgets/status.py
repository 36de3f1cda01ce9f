"""How a status looks: always a glyph and a word, never colour alone (it must survive a video call).

The words and glyphs are reviewtui.format's, their colours export.terminal's: the same everywhere."""

from __future__ import annotations

from reviewtui.export.terminal import band_text, standing_text, status_text

__all__ = ["band_text", "standing_text", "status_text"]
