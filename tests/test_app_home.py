"""The home screen driven through Pilot on real stores."""

from __future__ import annotations

import pytest

from datetime import date

from textual.widgets import ContentSwitcher, Label

from reviewtui.app import ReviewApp
from reviewtui.domain.importing import validate_quarter
from reviewtui.store import Store
from reviewtui.widgets.kr_table import KRTable
from reviewtui.widgets.objective_table import ObjectiveTable
from reviewtui.widgets.planning_panel import PlanningPanel
from reviewtui.widgets.quarter_table import QuarterTable
from reviewtui.widgets.section_tabs import SectionTab

TODAY = date(2026, 11, 22)
TRICKY_TITLE = "Q3 [/] revenue [@click=app.quit]x[/] [bold]"


def quarter(quarter_id: str = "2026-Q4", start: str = "2026-10-01", end: str = "2026-12-31", owner: str = "Ana Ruiz"):
    return validate_quarter({
        "quarter": quarter_id, "start": start, "end": end,
        "objectives": [{"id": "O1", "title": "Delight our customers", "owner": "Ana Ruiz", "key_results": [
            {"id": "O1-KR1", "title": "Increase NPS", "owner": "Ana Ruiz", "unit": "points",
             "baseline": 45, "target": 60, "current": 59, "evidence_source": "NPS export"},
            {"id": "O1-KR2", "title": TRICKY_TITLE, "owner": owner, "unit": "%",
             "baseline": 3.2, "target": 2.0, "current": 3.1, "evidence_source": ""},
        ]}],
    })


async def file_checked(pilot, quarter_id: str) -> None:
    """Wait until the home screen has validated the quarter's file (the models load after the first frame)."""
    for _ in range(1500):  # bounded: a loaded 2-core machine can take seconds to import the models
        if pilot.app.screen.checked_quarter == quarter_id:
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{quarter_id}'s file was not checked within 30 s")


def table_text(table) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_home_lists_quarters_and_counts_krs_behind_pace(store: Store) -> None:
    store.save_quarter(quarter())
    store.save_quarter(quarter("2026-Q3", "2026-07-01", "2026-09-30"))
    app = ReviewApp(store=store, today=TODAY)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        rows = table_text(app.screen.query_one(QuarterTable))
        assert [row[0] for row in rows] == ["2026-Q3", "2026-Q4"]
        # Q4 on 2026-11-22 is 57% through: the NPS KR (93%) is ahead, the churn KR (8%) is behind.
        assert rows[1][4] == "1 of 2"
        # Q3 is over, so pace is 100% and both KRs are behind.
        assert rows[0][4] == "2 of 2"
        # The current quarter is chosen on start.
        assert app.screen.query_one(QuarterTable).cursor_row == 1


async def test_choosing_a_quarter_shows_its_key_results_and_check(store: Store) -> None:
    store.save_quarter(quarter(owner="Product and Commercial"))
    store.save_quarter(quarter("2026-Q3", "2026-07-01", "2026-09-30"))
    app = ReviewApp(store=store, today=TODAY)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        krs = table_text(app.screen.query_one(KRTable))
        assert [row[0] for row in krs] == ["O1-KR1", "O1-KR2"]
        assert krs[0][1] == "✓ on track" and krs[1][1] == "✗ off track"
        planning_tab = app.screen.query_one("#tab-planning", SectionTab)
        key_results_tab = app.screen.query_one("#tab-key-results", SectionTab)
        # Errors: shared owner, no evidence source. Warning: one objective is fewer than three.
        assert str(planning_tab.render()) == "  Planning check ✗ 2 ! 1"
        assert str(key_results_tab.render()) == "▸ Key results (2)"  # the shown section is marked, not only coloured
        await pilot.press("p")
        assert app.screen.query_one(ContentSwitcher).current == "planning"
        assert str(planning_tab.render()).startswith("▸ Planning check")
        assert str(key_results_tab.render()) == "  Key results (2)"
        shown = app.screen.query_one(PlanningPanel).plain
        assert "✗ error   O1-KR2       owner 'Product and Commercial' names 2 owners" in shown
        await pilot.press("up")  # to 2026-Q3, where the owner is one person
        await pilot.pause()
        assert "Product and Commercial" not in app.screen.query_one(PlanningPanel).plain
        assert app.screen.query_one(PlanningPanel).plain.startswith("2026-Q3: 1 error, 1 warning")
        await pilot.click("#tab-key-results")  # a click on a section's name shows it too
        assert app.screen.query_one(ContentSwitcher).current == "key-results"


async def test_user_text_is_shown_literally_and_is_not_clickable(store: Store) -> None:
    store.save_quarter(quarter())
    app = ReviewApp(store=store, today=TODAY)
    async with app.run_test(size=(160, 32)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(KRTable)
        assert table_text(table)[1][3] == TRICKY_TITLE
        await pilot.click(KRTable, offset=(12, 2))
        await pilot.pause()
        assert app.is_running  # the [@click=app.quit] in the title did nothing


async def test_empty_store_says_how_to_get_started(store: Store) -> None:
    app = ReviewApp(store=store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        empty = app.screen.query_one("#empty", Label)
        assert empty.display
        assert "reviewtui import" in str(empty.render())
        assert not app.screen.query_one("#details").display
        await pilot.press("q")
    assert not app.is_running


async def test_a_damaged_quarter_file_is_named_on_screen_not_a_crash(store: Store) -> None:
    store.save_quarter(quarter())
    store.save_quarter(quarter("2026-Q3", "2026-07-01", "2026-09-30"))
    damaged = store.directory / "quarters" / "2026-Q3" / "quarter.json"
    damaged.write_bytes(b'{"quarter": {"1": {"quar')
    app = ReviewApp(store=store, today=TODAY)
    async with app.run_test(size=(120, 32)) as pilot:
        await file_checked(pilot, "2026-Q4")
        await pilot.press("up")
        await file_checked(pilot, "2026-Q3")
        shown = str(app.screen.query_one("#pace", Label).render())
        assert str(damaged) in shown and "not valid JSON" in shown
        assert app.screen.query_one(KRTable).row_count == 0
        assert app.screen.check_action("review", ()) is False  # no review of a quarter that cannot load
        assert app.is_running
    assert damaged.read_bytes() == b'{"quarter": {"1": {"quar'


async def test_enter_on_a_key_result_shows_it_in_full_with_its_open_actions(demo_store: Store) -> None:
    from reviewtui.screens.kr_detail import KRDetailScreen
    from reviewtui.widgets.kr_card import KRCard

    app = ReviewApp(store=demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(KRTable)
        table.focus()
        table.move_cursor(row=2)  # O1-KR3, the support backlog, with action A5 open from the last meeting
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, KRDetailScreen)
        card = app.screen.query_one(KRCard).plain
        assert "Cut the support ticket backlog from 420 to 150 open tickets" in card
        assert "Last review 2026-11-12: 358 tickets" in card
        shown = " ".join(str(label.render()) for label in app.screen.query(Label))
        assert "A5" in shown and "A1" not in shown  # A1 was done at an earlier meeting
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, KRDetailScreen)


async def test_enter_on_a_quarter_or_an_objective_keeps_the_home_screen(demo_store: Store) -> None:
    """Enter selects a quarter's row too (the list has focus at start): only a key result's row opens in full."""
    app = ReviewApp(store=demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(QuarterTable).has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "HomeScreen"
        await pilot.press("o")  # the objectives tab: its rows are objectives, not key results
        app.screen.query_one(ObjectiveTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "HomeScreen"


async def test_a_damaged_file_of_the_quarter_shown_at_start_is_named_once_the_models_load(store: Store) -> None:
    store.save_quarter(quarter())
    damaged = store.directory / "quarters" / "2026-Q4" / "quarter.json"
    damaged.write_bytes(b'{"quarter": {"1": {"quarter": "2026-Q4", "start": "2026-10-01"}}}')
    app = ReviewApp(store=store, today=TODAY, check_after_s=3600)  # the test says when the check runs
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        # The first frame comes from the index alone: the KRs are listed before any file is validated.
        assert app.screen.query_one(KRTable).row_count == 2
        app.screen._load_models()  # what the timer does once the screen has settled
        await file_checked(pilot, "2026-Q4")
        shown = str(app.screen.query_one("#pace", Label).render())
        assert str(damaged) in shown and "invalid data" in shown
        assert app.screen.query_one(KRTable).row_count == 0
        assert app.screen.check_action("review", ()) is False
        planning = app.screen.query_one(PlanningPanel).plain  # never "passes" for a file that cannot be read
        assert "the planning check cannot run" in planning and "passes" not in planning


async def test_a_quarter_file_edited_by_hand_refreshes_its_listing(store: Store) -> None:
    import json

    store.save_quarter(quarter())
    path = store.directory / "quarters" / "2026-Q4" / "quarter.json"
    data = json.loads(path.read_text())
    data["quarter"]["1"]["objectives"][0]["key_results"][0]["title"] = "Raise NPS, edited by hand"
    path.write_text(json.dumps(data))
    app = ReviewApp(store=store, today=TODAY)
    async with app.run_test(size=(120, 32)) as pilot:
        await file_checked(pilot, "2026-Q4")
        rows = table_text(app.screen.query_one(KRTable))
        assert rows[0][3] == "Raise NPS, edited by hand"
    assert store.quarters()[0].krs[0].title == "Raise NPS, edited by hand"


@pytest.mark.speed_guard
async def test_start_up_fills_the_kr_table_once_with_the_current_quarter(store: Store, monkeypatch) -> None:
    """Highlight messages from rows the cursor has left must not fill the table with another quarter first."""
    for quarter_id, start, end in (("2026-Q2", "2026-04-01", "2026-06-30"), ("2026-Q3", "2026-07-01", "2026-09-30"),
                                   ("2026-Q4", "2026-10-01", "2026-12-31")):
        store.save_quarter(quarter(quarter_id, start, end))
    shown: list[str] = []
    original = KRTable.show

    def counted(self, summary, today):
        shown.append(summary.id)
        original(self, summary, today)

    monkeypatch.setattr(KRTable, "show", counted)
    app = ReviewApp(store=store, today=TODAY)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert shown == ["2026-Q4"]
        await pilot.press("up")
        await pilot.pause()
        assert shown == ["2026-Q4", "2026-Q3"]


async def test_review_asked_for_before_the_file_check_ran_still_refuses_a_damaged_quarter(store: Store) -> None:
    store.save_quarter(quarter())
    damaged = store.directory / "quarters" / "2026-Q4" / "quarter.json"
    damaged.write_bytes(b'{"quarter": {"1": {"quarter": "2026-Q4"}}}')
    app = ReviewApp(store=store, today=TODAY, check_after_s=3600)  # the check will not have run
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        assert app.screen.checked_quarter is None  # the background check has not run yet
        await pilot.press("r")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "HomeScreen"
        assert str(damaged) in str(app.screen.query_one("#pace", Label).render())


async def test_each_kr_owner_stays_on_screen_at_80_columns_and_titles_grow_with_the_room(demo_store: Store) -> None:
    app = ReviewApp(store=demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(KRTable)
        columns = list(table.columns.values())
        assert [str(c.label) for c in columns][:5] == ["KR", "Status", "Progress", "Key result", "Owner"]
        assert sum(c.get_render_width(table) for c in columns[:5]) <= table.size.width
        narrow_title = len(table_text(table)[0][3])
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        await pilot.pause()
        assert len(table_text(table)[0][3]) > narrow_title
        assert table_text(table)[0][3] == "Reduce monthly logo churn from 3.2% to 2.0%"


async def test_the_report_marks_the_section_shown_and_switches_by_key_or_click(demo_store: Store) -> None:
    app = ReviewApp(store=demo_store, today=TODAY)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        overview, per_kr = app.screen.query_one("#tab-overview", SectionTab), app.screen.query_one("#tab-per-kr", SectionTab)
        assert (str(overview.render()), str(per_kr.render())) == ("▸ Overview", "  Key results")
        await pilot.press("k")
        assert app.screen.query_one(ContentSwitcher).current == "per-kr"
        assert (str(overview.render()), str(per_kr.render())) == ("  Overview", "▸ Key results")
        await pilot.click("#tab-overview")
        assert app.screen.query_one(ContentSwitcher).current == "overview"


async def test_the_value_column_is_never_cut_by_the_screen_edge(demo_store: Store) -> None:
    """A value cut by the edge reads as a wrong number ('from 4' for 'from 45'): it is shortened or cut with '…'."""
    from rich.cells import cell_len

    for width in (80, 120, 160):
        app = ReviewApp(store=demo_store, today=TODAY, check_after_s=3600)
        async with app.run_test(size=(width, 30)) as pilot:
            await pilot.pause()
            table = app.screen.query_one(KRTable)
            widths = [c.get_render_width(table) for c in table.columns.values()]
            start = sum(widths[:5]) + 1  # the value's first cell, after its column's padding
            edge = table.scrollable_content_region.width
            for row in table_text(table):
                assert start + cell_len(row[5]) <= edge, (width, row[5])
            if width == 160:
                assert table_text(table)[0][5].endswith(")")  # room enough: the full '… (from 3.2)'
