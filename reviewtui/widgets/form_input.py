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
        """An editing key acts here, in the order the keys were typed, and in the field it was typed in.

        Textual runs Input's editing keys (arrows, home, end, backspace, delete, ...) as bindings: the key
        bubbles from the field up to the app, a message hop per container, and only then moves the cursor. In
        a burst (keys batched over a slow link, tmux send-keys) the letters queued behind it were inserted in the
        meantime: `A B left C D` gave `ABCD`. Input's own bindings come first in the lookup anyway (the focused
        widget's bindings are checked first), so running the action here changes when, never which. And when
        tab, a priority binding, has already moved focus on, the key still acts here, where it was typed.
        """
        action = EDITING_ACTIONS.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()  # Input's own handler and the bindings lookup are skipped
            self._restart_blink()
            await self.run_action(action)
