"""The Footer every screen uses: it redraws when the keys it shows change, not on every bindings signal."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple[Any, ...]:
    """What the footer would draw for a screen: each key with its label, whether it is on, and its tooltip."""
    return tuple((key, active.binding.action, active.binding.description, active.binding.show, active.enabled,
                  active.tooltip) for key, active in screen.active_bindings.items())


class KeysFooter(Footer):
    """A Footer that skips redraws which would show the same keys.

    Textual's Footer rebuilds its keys (mounting a widget per key) each time the screen signals that bindings
    may have changed: on every focus change and refresh_bindings(), several times while a screen comes up.
    This one rebuilds once per change in what it shows, so a screen settles sooner and typing across fields
    does not rebuild it.
    """

    _shown: tuple[Any, ...] | None = None
    _pending = False

    def bindings_changed(self, screen: Screen) -> None:
        if not (self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # not a change to what this footer shows: Footer ignores it too
            return
        if not self._pending:  # one look per refresh, however many signals came
            self._pending = True
            self.call_after_refresh(self._redraw_if_changed)

    def _redraw_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = shown_keys(self.screen)
        if keys == self._shown:
            return
        if self.app.app_focus:  # Footer draws only while the app has focus; otherwise look again next time
            self._shown = keys
        super().bindings_changed(self.screen)
