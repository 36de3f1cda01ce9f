"""The keypress baseline: a bare Textual app with one focused Input (type="number", like the review's value).

bench_keypress.py launches it in a pseudo-terminal with the same interpreter as the `reviewtui` command.
"""

from textual.app import App, ComposeResult
from textual.widgets import Input


class BareInputApp(App):
    """One number field, focused."""

    def compose(self) -> ComposeResult:
        yield Input(type="number", placeholder="new value", id="value")

    def on_mount(self) -> None:
        self.query_one(Input).focus()


if __name__ == "__main__":
    BareInputApp().run()
