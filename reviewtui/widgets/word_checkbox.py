"""A checkbox whose state reads without colour: [x] on, [ ] off, the same box as the attendee list's."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

BOX_ON, BOX_OFF = "[x]", "[ ]"


class WordCheckbox(Checkbox):
    """Textual's Checkbox draws the same X on and off and tells them apart by colour, which a video call loses."""

    @property
    def _button(self) -> Content:
        box = BOX_ON if self.value else BOX_OFF
        return Content.assemble(box[0], (box[1], self.get_visual_style("toggle--button")), box[2])
