"""The reviewtui App: holds the store and today's date, and opens the home screen."""

from __future__ import annotations

from datetime import date

from textual.app import App

from reviewtui.screens.home import HomeScreen
from reviewtui.store import Store


class ReviewApp(App):
    """Live OKR reviews in the terminal. Built with its store and clock so tests control both."""

    CSS_PATH = "app.tcss"
    TITLE = "reviewtui"

    def __init__(self, store: Store, today: date) -> None:
        super().__init__()
        self.store = store
        self.today = today

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.store, self.today))
