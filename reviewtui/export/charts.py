"""Text charts as plain lines: a KR's history against its pace line, and the quarter's weekly status overview.

No colour and no markup, so the same lines work in a terminal, a Textual Static (as Text) and a Markdown
code block. Status is always a glyph (and a word in the legend), never colour alone. Every line fits in
`width` columns (80 by default at most).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reviewtui.domain.models import KeyResult, Quarter, Status
from reviewtui.domain.progress import scale
from reviewtui.domain.timeline import WeekCounts
from reviewtui.format import STATUS_GLYPH as GLYPH
from reviewtui.format import STATUS_WORD as WORD
from reviewtui.format import number

VALUE, PACE, TARGET, TODAY = "●", "·", "╌", "┊"
DEFAULT_WIDTH = 72


def status_strip(timeline: Sequence[Status | None]) -> str:
    """One glyph per week, oldest first: '··✓✓▲✗'."""
    return "".join(GLYPH[status] for status in timeline)


def _fit(line: str, width: int) -> str:
    return line if len(line) <= width else line[:width - 1] + "…"


def kr_history_chart(kr: KeyResult, quarter: Quarter, points: Sequence[tuple[date, float]], today: date,
                     width: int = DEFAULT_WIDTH, height: int = 10) -> list[str]:
    """A KR's values over the quarter (●) against the pace line (·) from baseline to target, the target row
    (╌) and today (┊) while the quarter runs; numbers on the value axis, dates below, a legend last."""
    height = max(height, 3)
    span_of = scale(kr)  # baseline → target (or 0 → steps); None for a threshold or a baseline to be measured
    goal = next((v for v in (kr.threshold, kr.target, span_of and span_of[1]) if v is not None), None)  # its row
    values = [*(span_of or ()), *([goal] if goal is not None else []), *(value for _, value in points)] or [0.0]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1

    def row(value: float) -> int:
        return round((high - value) / (high - low) * (height - 1))

    labels: dict[int, str] = {row(high): number(high), row(low): number(low)}
    if span_of is not None:
        labels[row(span_of[0])] = number(span_of[0])
    if goal is not None:
        labels[row(goal)] = number(goal)  # the target's own number wins its row
    label_width = max(len(text) for text in labels.values())
    plot = max(width - label_width - 2, 10)
    span = max((quarter.end - quarter.start).days, 1)

    def column(day: date) -> int:
        return min(max(round((day - quarter.start).days / span * (plot - 1)), 0), plot - 1)

    grid = [[" "] * plot for _ in range(height)]
    if goal is not None:
        grid[row(goal)] = [TARGET] * plot
    running = quarter.start <= today < quarter.end
    if running:
        for line in grid:
            if line[column(today)] == " ":
                line[column(today)] = TODAY
    if span_of is not None:  # pace runs from its start (a measured baseline's day) to its due date, then holds
        start, end = span_of
        first = column(max(quarter.start, kr.baseline_on)) if kr.baseline_on else 0
        last = max(column(kr.due or quarter.end), first + 1)
        for col in range(first, plot):
            share = min(1.0, (col - first) / (last - first))
            grid[row(start + (end - start) * share)][col] = PACE
    for day, value in points:
        grid[row(value)][column(day)] = VALUE

    lines = [f"{labels.get(r, ''):>{label_width}} {'┤' if r in labels else '│'}{''.join(cells)}".rstrip()
             for r, cells in enumerate(grid)]
    axis = ["─"] * plot
    if running:
        axis[column(today)] = "┬"
    lines.append(" " * (label_width + 1) + "└" + "".join(axis))
    dates = [" "] * plot
    _place(dates, 0, quarter.start.isoformat())
    _place(dates, plot - 10, quarter.end.isoformat())
    if running:
        _place(dates, column(today) - 5, today.isoformat(), only_if_free=True)
    lines.append((" " * (label_width + 2) + "".join(dates)).rstrip())
    items = [f"{VALUE} value" + (f" ({kr.unit})" if kr.unit else "")]
    if span_of is not None:
        items.append(f"{PACE} pace {number(span_of[0])} → {number(span_of[1])}"
                     + (f" by {kr.due.isoformat()}" if kr.due else ""))
    if goal is not None:
        items.append(f"{TARGET} {'threshold' if kr.threshold is not None else 'target'} {number(goal)}")
    items += [f"{TODAY} today"] * running + ["lower is better"] * kr.lower_is_better
    lines += _wrap(items, width)
    return lines


def _wrap(items: Sequence[str], width: int, gap: str = "  ") -> list[str]:
    """Legend items on as few lines as fit in width; an item too long for a line is cut with '…'."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(gap) + len(item) <= width:
            lines[-1] += gap + item
        else:
            lines.append(_fit(item, width))
    return lines


def _place(cells: list[str], at: int, text: str, *, only_if_free: bool = False) -> None:
    """Write text into a row of cells at `at` (kept inside the row); optionally only where it overlaps nothing."""
    at = min(max(at, 0), len(cells) - len(text))
    if at < 0:
        return
    if only_if_free and any(c != " " for c in cells[max(at - 1, 0):at + len(text) + 1]):
        return
    cells[at:at + len(text)] = list(text)


def _marks(counts: Sequence[int], room: int) -> list[int]:
    """Marks per status for one stacked bar: one per KR when they fit, else scaled (largest remainder),
    never hiding a status that has KRs."""
    total = sum(counts)
    if total <= room:
        return list(counts)
    exact = [c * room / total for c in counts]
    marks = [max(int(e), 1 if c else 0) for e, c in zip(exact, counts, strict=True)]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in by_remainder:
        if sum(marks) >= room:
            break
        if counts[i]:
            marks[i] += 1
    while sum(marks) > room:  # minimum marks pushed it over: take from the widest
        marks[max(range(len(marks)), key=lambda i: marks[i])] -= 1
    return marks


def status_overview_chart(weeks: Sequence[WeekCounts], width: int = DEFAULT_WIDTH) -> list[str]:
    """Per week a stacked bar of ✓ on track, ▲ at risk, ✗ off track and · no value, with the counts."""
    if not weeks:
        return ["no weeks yet: the quarter has not started"]
    order = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, None)
    digits = max(len(str(n)) for w in weeks for n in (w.on_track, w.at_risk, w.off_track, w.no_value))
    counts_width = 4 * (2 + digits) + 3
    room = max(width - len("week 13  2026-10-01  ") - 2 - counts_width, 4)
    most = max(w.total for w in weeks)
    lines = []
    for w in weeks:
        counts = (w.on_track, w.at_risk, w.off_track, w.no_value)
        bar = "".join(GLYPH[s] * n for s, n in zip(order, _marks(counts, room), strict=True))
        tally = " ".join(f"{GLYPH[s]} {n:>{digits}}" for s, n in zip(order, counts, strict=True))
        lines.append(f"week {w.week.number:>2}  {w.week.start.isoformat()}  {bar:<{min(room, most)}}  {tally}")
    scale = "one mark = 1 KR" if most <= room else f"one mark ≈ {most / room:.0f} KRs"
    return lines + _wrap([f"{GLYPH[s]} {WORD[s]}" for s in order] + [scale], width)
