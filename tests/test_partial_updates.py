"""The screens' compositor draws only what changed, and what it sends to the terminal is what Textual's own
compositor would send: compared update by update while a meeting is run by keys."""

from __future__ import annotations

from typing import Any

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region

from reviewtui.app import ReviewApp
from reviewtui.screens.partial_updates import LineCompositor
from reviewtui.screens.review import ReviewScreen
from reviewtui.store import Store

from .conftest import DEMO_TODAY, FakeClock, start_weekly_review


class Compared:
    """What the checking compositor saw: updates compared, those that differed, widgets rendered both ways."""

    def __init__(self) -> None:
        self.updates = 0
        self.differed: list[str] = []
        self.rendered = {"stock": 0, "line": 0}


def checking(compared: Compared) -> type[LineCompositor]:
    class CheckingCompositor(LineCompositor):
        """Renders each partial update both ways, before the real one, and compares the terminal output."""

        def render_partial_update(self) -> Any:
            regions = list(self._dirty_regions)
            if regions and self.size.area:
                crop = Region.from_union(regions).intersection(self.size.region)
                spans = list(self._regions_to_spans(regions))
                lines = {y for y, _, _ in spans}.__contains__
                ends = [cuts[1:] for cuts in self.cuts]
                from textual import active_app

                console = active_app.get().console
                outputs = {}
                for name, renders in (("stock", Compositor._get_renders), ("line", LineCompositor._get_renders)):
                    def counted(crop: Region | None = None, renders: Any = renders, name: str = name) -> Any:
                        for render in renders(self, crop):
                            compared.rendered[name] += 1
                            yield render
                    self._get_renders = counted  # type: ignore[method-assign]
                    try:
                        chops = self._render_chops(crop, lines)
                    finally:
                        del self._get_renders
                    outputs[name] = ChopsUpdate(chops, spans, ends).render_segments(console)
                compared.updates += 1
                if outputs["stock"] != outputs["line"]:
                    compared.differed.append(f"{regions}: {outputs['stock']!r} != {outputs['line']!r}")
            return super().render_partial_update()

    return CheckingCompositor


async def test_a_meeting_run_by_keys_sends_the_terminal_what_textual_would(demo_store: Store) -> None:
    compared = Compared()
    app = ReviewApp(store=demo_store, today=DEMO_TODAY, clock=FakeClock())
    async with app.run_test(size=(120, 32)) as pilot:
        await start_weekly_review(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert isinstance(screen._compositor, LineCompositor)  # the review screen draws changes only
        screen._compositor.__class__ = checking(compared)
        for key in [*"31", "backspace", "tab", "tab", *"tix", "tab", *"[b]x[/b]", "tab",
                    "space", "tab", *"Call", "tab", *"Ben", "tab", "tab", "enter", "down", "enter",
                    "tab", *"ok"]:
            await pilot.press(key)
        screen.tick()  # the countdown and the agenda
        await pilot.pause()
        await pilot.press("ctrl+n")  # the next KR: a new layout, then updates on it
        await pilot.pause()
        assert screen.session.position == 1, screen.missing()
        screen._compositor.__class__ = checking(compared)
        await pilot.press(*"12", "f2")  # and the presenter view
        await pilot.pause()
        await pilot.press("f2", *"3")
        await pilot.pause()
    assert compared.updates >= 30
    assert compared.differed == []
    # and it is the lighter of the two: fewer widgets rendered for the same output
    assert compared.rendered["line"] < 0.7 * compared.rendered["stock"]
