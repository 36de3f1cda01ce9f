"""Text charts: exact lines on small hand-made inputs (positions worked out in the comments)."""

from __future__ import annotations

from reviewtui.domain.models import Status
from reviewtui.domain.timeline import Week, WeekCounts
from reviewtui.export.charts import kr_history_chart, status_overview_chart, status_strip

from .test_analytics import build_quarter, day

QUARTER = build_quarter()  # 2025-01-06 to 2025-03-16: 69 days from first to last


def test_history_chart_with_pace_target_and_today() -> None:
    # 40 columns - "100" - " ┤" leaves 35 plot columns; day n sits in column round((n-1)/69*34).
    # Day 15 -> column 7, day 36 (today) -> 17; 5 rows: value v -> row round((100-v)/100*4).
    lag = QUARTER.key_results[0]
    lines = kr_history_chart(lag, QUARTER, [(day(15), 20), (day(36), 30)], day(36), width=40, height=5)
    assert lines == [
        "100 ┤╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌·····",
        "    │                 ┊    ········",
        "    │             ·········",
        "    │     ··●·····    ●",
        "  0 ┤·····            ┊",
        "    └─────────────────┬─────────────────",
        "     2025-01-06  2025-02-10   2025-03-16",
        "● value (%)  · pace 0 → 100",
        "╌ target 100  ┊ today",
    ]
    assert all(len(line) <= 40 for line in lines)


def test_history_chart_of_a_lower_is_better_kr_after_the_quarter() -> None:
    # Baseline 200 on top, target 100 at the bottom; the pace line falls; no today marker once it is over.
    lower = QUARTER.key_results[2]
    lines = kr_history_chart(lower, QUARTER, [(day(8), 195), (day(40), 150), (day(70), 120)], day(88),
                             width=36, height=6)
    assert lines == [
        "200 ┤···●",
        "    │    ·····",
        "    │         ······· ●",
        "    │                ·····",
        "    │                     ·······  ●",
        "100 ┤╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌···",
        "    └───────────────────────────────",
        "     2025-01-06           2025-03-16",
        "● value (%)  · pace 200 → 100",
        "╌ target 100  lower is better",
    ]


def test_history_chart_labels_values_beyond_baseline_and_target() -> None:
    lag = QUARTER.key_results[0]
    lines = kr_history_chart(lag, QUARTER, [(day(10), -20), (day(60), 130)], day(88), height=8)
    labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert labels == ["130", "100", "0", "-20"]
    assert all(len(line) <= 72 for line in lines)


def test_history_chart_keeps_a_long_unit_within_the_width() -> None:
    kr = QUARTER.key_results[0].model_copy(update={"unit": "qualified enterprise opportunities " * 3})
    lines = kr_history_chart(kr, QUARTER, [], day(30))
    assert all(len(line) <= 72 for line in lines)
    assert lines[-2].startswith("● value (qualified") and lines[-2].endswith("…")
    assert lines[-1] == "· pace 0 → 100  ╌ target 100  ┊ today"


def test_status_overview_one_mark_per_kr() -> None:
    weeks = [WeekCounts(Week(1, day(1), day(7)), 3, 1, 0, 1), WeekCounts(Week(2, day(8), day(14)), 2, 1, 1, 1)]
    assert status_overview_chart(weeks, width=60) == [
        "week  1  2025-01-06  ✓✓✓▲·  ✓ 3 ▲ 1 ✗ 0 · 1",
        "week  2  2025-01-13  ✓✓▲✗·  ✓ 2 ▲ 1 ✗ 1 · 1",
        "✓ on track  ▲ at risk  ✗ off track  · no value",
        "one mark = 1 KR",
    ]


def test_status_overview_scaled_never_hides_a_status() -> None:
    # 72 columns leave 26 marks for 500 KRs: 400 -> 20.8, 90 -> 4.7, 9 -> 0.5, 1 -> 0.05; a status with KRs
    # keeps at least one mark, so the rounding down of 20.8 and 4.7 pays for them.
    weeks = [WeekCounts(Week(1, day(1), day(7)), 400, 90, 9, 1)]
    assert status_overview_chart(weeks) == [
        "week  1  2025-01-06  " + "✓" * 20 + "▲" * 4 + "✗·  ✓ 400 ▲  90 ✗   9 ·   1",
        "✓ on track  ▲ at risk  ✗ off track  · no value  one mark ≈ 19 KRs",
    ]


def test_status_overview_before_the_quarter_starts() -> None:
    assert status_overview_chart([]) == ["no weeks yet: the quarter has not started"]


def test_status_strip_one_glyph_per_week() -> None:
    assert status_strip([None, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK]) == "·✓▲✗"


def test_the_pace_line_reaches_the_target_on_the_kr_own_due_date() -> None:
    from datetime import date

    from reviewtui.domain.models import Quarter
    from reviewtui.export.charts import kr_history_chart

    def quarter(**kr: object) -> Quarter:
        return Quarter.model_validate({"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31", "objectives": [
            {"id": "O1", "title": "t", "owner": "Ana Ruiz", "key_results": [
                {"id": "K1", "title": "t", "owner": "Ana Ruiz", "baseline": 0, "target": 100, "unit": "%", **kr}]}]})

    def pace_on_target_row(q: Quarter) -> int:
        lines = kr_history_chart(q.key_results[0], q, [], date(2027, 1, 5), width=60, height=6)
        target_row = next(line for line in lines if line.lstrip().startswith("100 ┤"))
        return target_row.count("·")

    early = pace_on_target_row(quarter(due="2026-10-31"))
    late = pace_on_target_row(quarter())
    assert late <= 8 and early > 30  # due at a third of the quarter: the line then runs along the target
