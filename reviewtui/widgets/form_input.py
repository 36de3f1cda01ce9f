"""A one-line Input for forms: typing repaints the field without laying out the whole screen again, and
tabbing into a filled field keeps its text."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FormInput(Input):
    """An Input whose growing text repaints the field instead of reflowing its screen.

    Textual's Input stores the text's width as its virtual size on every keystroke, and a virtual size
    change asks for a layout of the whole screen (about 70 widgets on the review screen). The field's
    own size does not depend on it: the virtual size only bounds horizontal scrolling, which Input
    reads when it moves the cursor. An Input sized by its content still asks for a layout itself.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args, **kwargs) -> None:
        # Tabbing into a filled field keeps its text: Input would select it all, and the next key typed
        # would replace an owner's name or a written reason instead of adding to it.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
