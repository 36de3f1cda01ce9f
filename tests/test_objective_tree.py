"""The objective tree: company → team → individual, each objective with its roll-up, on the home screen and
in the report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from textual.widgets import ContentSwitcher

from reviewtui.app import ReviewApp
from reviewtui.domain.analytics import quarter_report
from reviewtui.domain.importing import parse_quarter_json
from reviewtui.export.report import report_dict, report_markdown
from reviewtui.store import Store
from reviewtui.widgets.objective_table import ObjectiveTable

TODAY = date(2026, 11, 30)
TREE = {"quarter": "T1", "start": "2026-10-01", "end": "2026-12-31", "objectives": [
    {"id": "CO", "title": "Company: be the most reliable tool [b]in[/b] the market", "owner": "Ana Ruiz",
     "key_results": [{"id": "C1", "title": "Grow ARR", "owner": "Ana Ruiz", "unit": "kEUR", "baseline": 100,
                      "target": 200, "current": 150, "evidence_source": "billing"}]},
    {"id": "TEAM", "title": "Platform team: fast and boring", "owner": "Bo Li", "parent": "CO",
     "commitment": "aspirational", "key_results": [
         {"id": "T1", "title": "Keep p99 under 2 s", "owner": "Bo Li", "kind": "stay_below", "threshold": 2,
          "current": 2.5, "unit": "s", "evidence_source": "grafana"},
         {"id": "T2", "title": "Ship the new queue", "owner": "Bo Li", "kind": "milestone", "due": "2026-12-15",
          "checklist": [{"title": "design", "done": True}, {"title": "build"}, {"title": "migrate"}]}]},
    {"id": "ME", "title": "On-call that sleeps", "owner": "Cy Ng", "parent": "TEAM", "key_results": [
        {"id": "M1", "title": "Cut pages per week", "owner": "Cy Ng", "unit": "pages", "kind": "decrease",
         "baseline": None, "target": 5, "evidence_source": "pagerduty"}]},
]}


def tree_quarter():
    return parse_quarter_json(json.dumps(TREE).encode())


async def test_the_objectives_tab_shows_the_tree_indented_with_roll_up(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        store.save_quarter(tree_quarter())
        app = ReviewApp(store=store, today=TODAY)
        async with app.run_test(size=(120, 32)) as pilot:
            await pilot.pause()
            await pilot.press("o")
            assert app.screen.query_one(ContentSwitcher).current == "objectives"
            table = app.screen.query_one(ObjectiveTable)
            rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
    assert [row[0] for row in rows] == ["CO", "TEAM", "ME"]
    assert rows[0][3].startswith("Company: be the most reliable tool [b]in[/b")  # literal, never markup
    assert rows[1][3] == "  └ Platform team: fast and boring" and rows[2][3] == "    └ On-call that sleeps"
    assert rows[1][1] == "✗ off track"  # the breached threshold is the team's weakest KR
    assert rows[1][2] == "24%" and rows[0][2] == "37%"  # (0 + 1/3 of 0.7 ... ) rolled into the company's
    assert rows[2][1] == "· no value" and rows[2][2] == "—"  # a baseline still to be measured: nothing made up
    assert rows[1][6] == "aspirational"


async def test_the_objective_tree_fits_80_columns(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        store.save_quarter(tree_quarter())
        app = ReviewApp(store=store, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("o")
            await pilot.pause()
            table = app.screen.query_one(ObjectiveTable)
            widths = [column.get_render_width(table) for column in table.columns.values()]
            assert sum(widths) <= table.scrollable_content_region.width  # every column on screen, none cut off
            titles = [table.get_row_at(i)[3].plain for i in range(table.row_count)]
    assert titles[2].startswith("    └ On-call")


def test_the_report_groups_by_the_tree_in_every_format() -> None:
    report = quarter_report(tree_quarter(), [], [], TODAY)
    text = report_markdown(report)
    section = text[text.index("## Objectives"):text.index("## Key results")]
    assert section.index("| CO |") < section.index("| TEAM |") < section.index("| ME |")
    assert "|   └ Platform team: fast and boring | CO | aspirational | 2 |" in section
    objectives = report_dict(report)["objectives"]
    assert [(o["id"], o["depth"], o["parent"]) for o in objectives] == [("CO", 0, None), ("TEAM", 1, "CO"),
                                                                         ("ME", 2, "TEAM")]
    assert objectives[1]["status"] == "off_track" and round(objectives[0]["progress"], 3) == 0.369
