"""A one-line Input for forms: typing repaints the field without laying out the whole screen again,
tabbing into a filled field keeps its text, and keys typed in a fast burst act on the field they were
typed in."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


def _editing_actions() -> dict[str, str]:
    """Input's own keys (backspace, arrows, ctrl+u, ...) and the action each runs."""
    actions = {}
    for binding in Input.BINDINGS:
        if isinstance(binding, Binding):
            for key in binding.key.split(","):
                actions[key.strip()] = binding.action
    return actions


EDITING_ACTIONS = _editing_actions()


class FormInput(Input):
    """An Input whose growing text repaints the field instead of reflowing its screen.

    Textual's Input stores the text's width as its virtual size on every keystroke, and a virtual size
    change asks for a layout of the whole screen (about 70 widgets on the review screen). The field's
    own size does not depend on it: the virtual size only bounds horizontal scrolling, which Input
    reads when it moves the cursor. An Input sized by its content still asks for a layout itself.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Tabbing into a filled field keeps its text: Input would select it all, and the next key typed
        # would replace an owner's name or a written reason instead of adding to it.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        """An editing key that reaches this field after focus has moved on acts here, where it was typed.

        In a fast burst (a quick typist, keys batched over a slow link) keys wait in this field's queue while
        tab, a priority binding, has already moved focus. Printable keys are inserted here by Input itself;
        an editing key would otherwise be looked up against the newly focused field and act there.
        """
        action = EDITING_ACTIONS.get(event.key)
        if action is not None and self.screen.focused is not self:  # has_focus lags: it follows a Blur event
            event.stop()
            event.prevent_default()  # Input's own handler and the bindings lookup are skipped
            await self.run_action(action)
