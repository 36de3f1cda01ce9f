"""The attendee picker: a SelectionList whose box is marked only for the people picked."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist


class AttendeeList(SelectionList[str]):
    """Textual draws an X in every box and tells picked from not picked by colour alone, which a shared
    screen on a video call can lose. Here a box not picked is drawn empty: ▐X▌ picked, ▐ ▌ not."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if option.value in self.selected:
            return strip
        segments[1] = Segment(" " * len(segments[1].text), segments[1].style)
        return Strip(segments, strip.cell_length)
