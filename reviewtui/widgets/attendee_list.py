"""The attendee picker: a SelectionList whose box reads without colour, [x] picked and [ ] not."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from reviewtui.widgets.word_checkbox import BOX_OFF, BOX_ON


class AttendeeList(SelectionList[str]):
    """Textual draws an X in every box and tells picked from not picked by colour alone, which a shared
    screen on a video call can lose. Here the box is the review form's: [x] picked, [ ] not."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        box = BOX_ON if option.value in self.selected else BOX_OFF
        for index, char in enumerate(box):
            segments[index] = Segment(char, segments[index].style)
        return Strip(segments, strip.cell_length)
