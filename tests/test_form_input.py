"""FormInput: the review form's one-line field keeps Input's behaviour without relaying out its screen."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from reviewtui.widgets.form_input import FormInput


class FieldApp(App):
    CSS = "Horizontal { height: 1; } Input { width: 20; height: 1; }"

    def __init__(self, field: type[Input]) -> None:
        super().__init__()
        self.field = field

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label("Evidence ")
            yield self.field(compact=True, id="field")


async def _type_long_text(field_class: type[Input]) -> list[tuple[float, int, str]]:
    """Type past the field's width, go home, go to the end, delete back: (scroll_x, cursor x, value) each time."""
    app = FieldApp(field_class)
    seen = []
    async with app.run_test(size=(60, 5)) as pilot:
        field = app.query_one("#field", Input)
        field.focus()
        for keys in (list("abcdefghijklmnopqrstuvwxyz0123456789"), ["home"], ["end"], ["backspace"] * 30):
            await pilot.press(*keys)
            await pilot.pause()
            seen.append((field.scroll_x, field.cursor_screen_offset.x, field.value))
    return seen


@pytest.mark.asyncio
async def test_form_input_scrolls_like_a_textual_input() -> None:
    form = await _type_long_text(FormInput)
    assert form == await _type_long_text(Input)
    assert form[0][0] > 0  # typing past the width scrolled the text, keeping the cursor in view
    assert form[1][0] == 0 and form[2][0] == form[0][0]
    assert form[3] == (0, 1 + 9 + 6, "abcdef")  # label 'Evidence ' is 9 cells, after the screen's edge


@pytest.mark.asyncio
@pytest.mark.speed_guard
async def test_typing_in_a_form_input_does_not_lay_out_the_screen() -> None:
    app = FieldApp(FormInput)
    async with app.run_test(size=(60, 5)) as pilot:
        app.query_one("#field", Input).focus()
        await pilot.pause()
        layouts = []
        original = app.screen._refresh_layout

        def counted(*args, **kwargs):
            layouts.append(1)
            return original(*args, **kwargs)

        app.screen._refresh_layout = counted
        await pilot.press(*"12345")
        await pilot.pause()
        assert app.query_one("#field", Input).value == "12345"
        assert layouts == []
