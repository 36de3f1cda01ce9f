"""Partial updates that draw only the lines that changed: the compositor of reviewtui's busiest screens.

A keystroke in one field changes one line of the screen. Textual 8.2's compositor then renders, whole, every
widget whose *container's* visible area touches that line: on the review screen that is 19 widgets (the
header, the footer, the KR card, every row of the form ...) for a one-line change, about 3.9 ms a key against
1.4 ms for a bare Input. `LineCompositor` renders only the widgets whose own visible area touches the changed
region, and only their lines in it (about 2.3 ms). What reaches the terminal is the same: a partial update
only writes the changed region, and a widget that does not touch it could not have been drawn there. A full
redraw (a resize, a new screen, a screenshot) is left to Textual as it is.

This subclasses a private part of Textual (`Compositor._get_renders`), which is why Textual is pinned to one
version; tests/test_partial_updates.py checks that the output is the stock compositor's, update by update.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip

_WIDE = 1 << 30  # wider than any terminal: a band of whole lines


class LineCompositor(Compositor):
    """A compositor whose partial updates render only widgets, and lines, inside the changed region."""

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:  # a full redraw: Textual's own way
            yield from super()._get_renders(crop)
            return
        # Whole lines of the crop, at every column: a widget's strips still start at its own left edge,
        # where the compositor's cuts expect them, so cropping by lines only keeps every cut where it was.
        lines = Region(-_WIDE, crop.y, 2 * _WIDE, crop.height)
        for widget, (region, clip) in self.visible_widgets.items():
            clip = clip.intersection(lines)
            visible = region.intersection(clip)
            if visible.area and visible.overlaps(crop):
                yield region, clip, widget.render_lines(
                    Region(visible.x - region.x, visible.y - region.y, visible.width, visible.height))


def draw_changes_only(screen: Screen) -> None:
    """Give a screen, before it is mounted, the compositor that renders only what a partial update changed."""
    screen._compositor = LineCompositor()
