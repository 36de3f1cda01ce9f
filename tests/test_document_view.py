"""The summary drawn a line at a time (widgets.document_view): the same lines as the whole document in a Static,
and a long meeting's summary that shows every KR as it is scrolled and still writes the record."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static

from reviewtui.app import ReviewApp
from reviewtui.domain.models import DecisionKind, MeetingKind, Quarter, Status
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.export.document import Bullets, Chart, Column, Document, Paragraph, Section, Span, cell, inline, table
from reviewtui.export.terminal import terminal_parts, to_rich
from reviewtui.format import Tone
from reviewtui.screens.home import HomeScreen
from reviewtui.screens.summary import SummaryScreen
from reviewtui.session import MeetingPlan, MeetingSession
from reviewtui.store import Store
from reviewtui.widgets.document_view import DocumentView

from .conftest import FakeClock

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
LONG = ("the owner checks the dashboard export against the raw events before the next check-in, and says so in "
        "the channel")


def document(rows: int) -> Document:
    """Every kind of part: wrapping cells and bullets, wide characters, user text that looks like markup,
    a column empty in every row (left out), a total row, empty sections, a note and a chart."""
    columns = (Column("KR", "kr"), Column("Title", "title", terminal=False), Column("Owner", "owner"),
               Column("Unused", "unused"), Column("Decision", "decision"), Column("Note", "note"))
    body = [[cell(f"K{n}"), cell("hidden"), cell("山田 太郎" if n % 4 == 0 else "Bo Chen"), cell(""),
             cell(Span("✗ off track", Tone.BAD) if n % 5 == 0 else "continue"),
             cell(LONG if n % 3 == 0 else f"[/] [@click=app.quit]x {n}" if n % 7 == 0 else f"note {n}")]
            for n in range(1, rows + 1)]
    return Document(
        title=inline("Weekly check-in: Q4 2026, 2026-11-22 10:00"),
        lead=(Bullets((inline("Facilitator: Ana Ruiz"), inline(Span("Ended early: " + ", ".join(
            f"K{n}" for n in range(rows, rows + 40)), Tone.WARNING)))),),
        sections=(
            Section("Decisions", (table(columns, body, "decision", total=[cell("all"), cell(""), cell(""), cell(""),
                                                                         cell(""), cell(f"{rows} rows")]),),
                    note="one row per KR discussed"),
            Section("Evidence and blockers", (Bullets(tuple(
                inline(Span(f"K{n}", Tone.STRONG), f": evidence: {LONG if n % 2 else 'export.csv'}")
                for n in range(1, rows + 1))),)),
            Section("Escalations", (Bullets(()),)),
            Section("Hidden", (Paragraph(inline("not in a terminal")),), terminal=False),
            Section("Outcome", (Chart(("▇▇▇▁ 3", "▇▁▁▁ 1")), Paragraph(inline("")),
                                Paragraph(inline("The end: ", Span("✓ written", Tone.GOOD))))),
        ))


class Both(App[None]):
    """The document as the summary showed it before (one Static) or as it does now (a DocumentView)."""

    def __init__(self, shown: Document, lazy: bool) -> None:
        super().__init__()
        self.shown, self.lazy = shown, lazy

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="written")
            if self.lazy:
                yield DocumentView(terminal_parts(self.shown), id="summary")
            else:
                yield Static(to_rich(self.shown), id="summary")


async def drawn(shown: Document, lazy: bool, size: tuple[int, int]) -> tuple[int, list[Strip], list[Strip]]:
    """The view's height, every one of its lines, and the screen's lines after scrolling halfway down."""
    app = Both(shown, lazy)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.query_one("#summary")
        lines = view.render_lines(Region(0, 0, view.size.width, view.size.height))
        app.query_one(VerticalScroll).scroll_to(y=view.size.height // 2, animate=False)
        await pilot.pause()
        return view.size.height, lines, app.screen._compositor.render_strips()


@pytest.mark.parametrize("size", [(80, 24), (120, 32), (44, 20)])
@pytest.mark.parametrize("rows", [3, 60])
async def test_the_view_draws_every_line_as_the_whole_document_in_a_static_did(rows: int,
                                                                               size: tuple[int, int]) -> None:
    shown = document(rows)
    height, lines, screen = await drawn(shown, True, size)
    old_height, old_lines, old_screen = await drawn(shown, False, size)
    assert height == old_height
    assert [list(line) for line in lines] == [list(line) for line in old_lines]  # text and styles alike
    assert [line.text for line in screen] == [line.text for line in old_screen]
    assert any("[/]" in line.text for line in lines) == (rows >= 7)  # user text, shown as typed


# --- a long meeting, by keys, on a real store -----------------------------------------------------------------

def long_quarter() -> Quarter:
    """10 objectives x 50 KRs, running through TODAY."""
    return Quarter.model_validate({
        "quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31",
        "objectives": [{"id": f"O{o}", "title": f"Objective {o}", "owner": "Ana Ruiz", "key_results": [
            {"id": f"O{o}-KR{k}", "title": f"Key result {o}.{k}", "owner": "Bo Chen", "unit": "%",
             "baseline": 10.0, "target": 30.0, "current": 12.0 + k * 0.25, "evidence_source": "weekly export"}
            for k in range(1, 51)]} for o in range(1, 11)]})


def decided_draft(store: Store) -> list[str]:
    """A weekly check-in in which every KR was discussed and decided, left on its last KR; its agenda."""
    quarter = long_quarter()
    store.save_quarter(quarter)
    plan = MeetingPlan(quarter_id=quarter.id, kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz", attendees=[],
                       timebox_s=120, order=AgendaOrder.OBJECTIVES)
    session = MeetingSession.start(store, plan, NOW - timedelta(hours=2))
    for index, kr_id in enumerate(session.meeting.agenda):
        session.update(kr_id, save=False, value=session.key_result(kr_id).current, confidence=Status.ON_TRACK,
                       evidence=f"weekly export, row {index + 1}")
        session.update(kr_id, save=False, decision={"kind": DecisionKind.CONTINUE, "note": f"on plan ({kr_id})" + (
            f"; {LONG}" if index % 3 == 2 else ""), "decided_by": "Ana Ruiz", "at": NOW - timedelta(hours=1)})
    session.go_to(len(session.meeting.agenda) - 1)
    assert not session.undecided()
    return session.meeting.agenda


def on_screen(screen: Screen) -> str:
    return "\n".join(line.text for line in screen._compositor.render_strips())


@pytest.mark.parametrize("size", [(80, 24), (120, 32)])
async def test_a_500_kr_summary_shows_every_kr_as_it_is_scrolled_and_ctrl_s_writes_the_record(
        tmp_path: Path, size: tuple[int, int]) -> None:
    with Store.open(tmp_path / "store") as store:
        agenda = decided_draft(store)
        assert len(agenda) == 500
        app = ReviewApp(store=store, today=TODAY, clock=FakeClock(), now=lambda: NOW)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # resume the meeting, on its last KR
            await pilot.pause()
            await pilot.press("ctrl+e")  # nothing is undecided: the summary
            await pilot.pause()
            summary = app.screen
            assert isinstance(summary, SummaryScreen)
            first = on_screen(summary)
            assert "Key results discussed: 500 of 500" in first and "Write the record" in first
            assert "O1-KR1 " in first and "O10-KR50 " not in first

            # Every KR has its row, the last one included (the whole view, drawn for the test)
            view = summary.query_one(DocumentView)
            lines = [line.text for line in view.render_lines(Region(0, 0, view.size.width, view.size.height))]
            rows = [line.split()[0] for line in lines if line[:1] == "O" and "-KR" in line.split()[0]]
            assert rows == agenda

            # ... drawn when scrolled to, as far down as the last row and the document's end
            scroll = summary.query_one(VerticalScroll)
            for kr_id in ("O5-KR25", "O10-KR50"):
                line = next(n for n, text in enumerate(lines) if text.startswith(kr_id + " "))
                scroll.scroll_to(y=view.region.y - scroll.region.y + scroll.scroll_y + line, animate=False)
                await pilot.pause()
                assert f"{kr_id} " in on_screen(summary)
            await pilot.press("end")
            await pilot.pause()
            assert lines[-1].strip() in on_screen(summary)
            assert "Write the record" in on_screen(summary)

            await pilot.press("ctrl+s")
            await pilot.pause()
            assert summary.written
            record = Path(summary.written).read_text()
            assert "| O10-KR50 |" in record and "| O1-KR1 |" in record
            assert "✓ Record written" in on_screen(summary)  # at the top, scrolled back into view
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
