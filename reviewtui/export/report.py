"""The quarter's accountability report as Markdown, JSON, tab-separated lines and a rich renderable.

Pure functions over domain.analytics.QuarterReport. Every section reads the same in each form, in the
same order: headline, silent misses, status rounds, decision outcomes, follow-through, meeting
discipline, quarter overview, key results. User text is escaped in Markdown and always a Text in rich.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from reviewtui.domain.analytics import (
    ActionCounts, FollowThrough, KRFigures, QuarterReport,
)
from reviewtui.domain.meeting_kinds import KIND_LABEL
from reviewtui.domain.models import DecisionKind, MeetingKind, Status
from reviewtui.domain.review_rules import DECISION_LABEL
from reviewtui.domain.text import count
from reviewtui.export.charts import GLYPH, WORD, kr_history_chart, status_overview_chart, status_strip
from reviewtui.export.markdown import md as _md

STATUS_STYLE = {Status.ON_TRACK: "green", Status.AT_RISK: "yellow", Status.OFF_TRACK: "bold red", None: "dim"}
SILENT_MISS_NOTE = ("Ended below target with no escalation during the quarter: visibility, not "
                    "accountability.")
HEADING_NOTE = ("At risk or off track now and never escalated. Not misses: the quarter is still running, "
                "these are heading for a silent miss.")
ROUNDS_NOTE = "Off-track KRs that a meeting decided 'continue' or 'defer': a status round, not a review."
OUTCOMES_NOTE = ("After escalate, add support, remove blocker or adjust target: was the KR's status better "
                 "at its next review, and at quarter end (now, while it runs)?")
FOLLOW_NOTE = ("Action items done by the next review of their KR. Actions whose KR has not been reviewed "
               "since are pending and left out of the share.")


# --- words shared by every form ------------------------------------------------------------------------

def _minutes(seconds: float) -> str:
    """Seconds as m:ss (61:05 for an hour and a bit)."""
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def kind_label(kind: MeetingKind, timed: bool = True) -> str:
    return KIND_LABEL[kind] + ("" if timed else " (no timer)")


def status_label(status: Status | None) -> str:
    return f"{GLYPH[status]} {WORD[status]}"


def percent(fraction: float | None) -> str:
    return "no value" if fraction is None else f"{fraction * 100:.0f}%"


def share(follow: FollowThrough) -> str:
    """'3 of 4 (75%)', or 'none reviewed yet' while every action waits for its KR's next review."""
    if not follow.total:
        return "none reviewed yet"
    return f"{follow.done} of {follow.total} ({percent(follow.share)})"


def lag(figures: KRFigures) -> str:
    return "" if figures.lag_days is None else f"{figures.lag_days} d ({figures.lag_weeks:g} wk)"


def decisions(counts: dict[DecisionKind, int]) -> str:
    return ", ".join(f"{DECISION_LABEL[kind]} {n}" for kind, n in sorted(counts.items(), key=lambda kv: list(
        DecisionKind).index(kv[0])))


def actions(counts: ActionCounts) -> str:
    """'2 on time, 1 late, 1 not done' (only the non-zero ones)."""
    parts = [(counts.done_on_time, "on time"), (counts.done_late, "late"), (counts.done_undated, "done, undated"),
             (counts.not_done, "not done"), (counts.dropped, "dropped"), (counts.open, "open")]
    return ", ".join(f"{n} {word}" for n, word in parts if n)


def recovered(value: bool | None) -> str:
    return {True: "✓ yes", False: "✗ no", None: "–"}[value]


def headline(report: QuarterReport) -> str:
    q = report.quarter
    state = ("quarter over" if report.is_over else f"day {report.day} of {report.days}" if report.has_started
             else "not started")
    counts = report.status_counts()
    by_status = ", ".join(f"{GLYPH[s]} {counts[s]} {WORD[s]}" for s in (*Status, None))
    return (f"{q.start} to {q.end}, {state}, as of {report.as_of}; "
            f"{count(len(report.meetings), 'final meeting')}; {count(len(report.krs), 'key result')}: {by_status}")


def outcome_summary(report: QuarterReport) -> str:
    """'Recovered by the next review: 1 of 2; by quarter end: 1 of 3' (decisions on KRs already on track and
    those not reviewed since are left out)."""
    outcomes = report.decision_outcomes
    judged_next = [o for o in outcomes if o.recovered_by_next is not None]
    judged_end = [o for o in outcomes if o.recovered_by_end is not None]
    recovered_next = sum(o.recovered_by_next is True for o in judged_next)
    recovered_end = sum(o.recovered_by_end is True for o in judged_end)
    return (f"Recovered by the next review: {recovered_next} of {len(judged_next)}; "
            f"{'by quarter end' if report.is_over else 'by now'}: {recovered_end} of {len(judged_end)}")


def _kr_title(report: QuarterReport, kr_id: str) -> str:
    """The title of a KR the report's figures name (each is one of the quarter's, so the title is found)."""
    figures = report.kr(kr_id)
    return figures.kr.title if figures is not None else ""


def charted(report: QuarterReport) -> list[KRFigures]:
    """The KRs whose history the Markdown report charts: those that need attention (see has_finding)."""
    return [k for k in report.krs if k.has_finding]


# --- Markdown ------------------------------------------------------------------------------------------

def _fence(lines: Sequence[str]) -> list[str]:
    """A fenced code block whose fence no line inside can close."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence]


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    return [_row(*header), _row(*("---" for _ in header)), *(_row(*row) for row in rows)]


def report_markdown(report: QuarterReport) -> str:
    """The report as a Markdown document, charts in fenced code blocks, user text escaped."""
    q = report.quarter
    out = [f"# Accountability report: {_md(q.title)} ({_md(q.id)})", "", headline(report), ""]
    out += _md_silent(report)
    out += ["## Status rounds", "", ROUNDS_NOTE, ""]
    out += _table(["Meeting", "Date", "Off track discussed", "Status rounds"],
                  ([_md(m.meeting_id), str(m.held_on), str(m.off_track), str(m.status_rounds)]
                   for m in report.meetings)) if report.meetings else ["No final meetings yet."]
    if report.status_rounds:
        out += ["", *_table(["Date", "KR", "Key result", "Decision", "Written reason"], (
            [str(s.held_on), _md(s.kr_id), _md(_kr_title(report, s.kr_id)), DECISION_LABEL[s.decision],
             "yes" if s.with_reason else "no"] for s in report.status_rounds))]
    out += ["", "## Decision outcomes", "", OUTCOMES_NOTE, ""]
    if report.decision_outcomes:
        out += _table(["Date", "KR", "Decision", "Then", "Next review", "Quarter end" if report.is_over else "Now",
                       "Recovered by next", "Recovered by end"], (
            [str(o.held_on), _md(o.kr_id), DECISION_LABEL[o.decision], status_label(o.status_then),
             f"{status_label(o.status_next)} ({o.next_on})" if o.next_on else "not reviewed since",
             status_label(o.status_end), recovered(o.recovered_by_next), recovered(o.recovered_by_end)]
            for o in report.decision_outcomes))
        out += ["", outcome_summary(report) + "."]
    else:
        out += ["No decision of these kinds yet."]
    out += ["", "## Follow-through", "", FOLLOW_NOTE, "", "### Per meeting", ""]
    out += _table(["Meeting opened in", "Date", "Done by next review", "Pending"], (
        [_md(f.key), str(f.held_on or ""), share(f), str(f.pending)] for f in report.follow_through_by_meeting))
    out += ["", "### Per team", ""]
    out += _table(["Team", "KRs", "✓", "▲", "✗", "·", "Escalations", "Status rounds", "Done by next review",
                   "Pending"], (
        [_md(t.team), str(t.krs), str(t.on_track), str(t.at_risk), str(t.off_track), str(t.no_value),
         str(t.escalations), str(t.status_rounds), share(t.follow_through), str(t.follow_through.pending)]
        for t in report.teams))
    out += ["", "## Meeting discipline", ""]
    totals = report.discipline_totals()
    out += _table(["Meeting", "Date", "Kind", "KRs", "Used", "Planned", "Overruns", "Over by", "Ended early"], [
        *([_md(m.meeting_id), str(m.held_on), kind_label(m.kind, m.timed), str(m.reviewed), _minutes(m.used_s),
           _minutes(m.planned_s), str(m.overruns), _minutes(m.overrun_s),
           f"yes ({m.deferred_unreviewed} deferred)" if m.ended_early else "no"] for m in report.meetings),
        ["**total**", "", "", "", _minutes(totals.used_s), _minutes(totals.planned_s), str(totals.overruns),
         _minutes(totals.overrun_s), str(totals.ended_early)]])
    out += ["", "## Quarter overview", "", *_fence(status_overview_chart(report.weeks)), ""]
    out += ["## Key results", ""]
    out += _table(["KR", "Key result", "Owner", "Team", "Progress", "Status", "Band", "Weeks", "Risk visible",
                   "Escalated", "Lag", "Decisions", "Actions", "Status rounds"], (
        [_md(k.kr.id), _md(k.kr.title), _md(k.kr.owner), _md(k.team), percent(k.progress), status_label(k.status),
         k.band.label if k.band else "no value", status_strip(k.timeline), str(k.risk_visible_on or ""),
         str(k.first_escalated_on or ""), lag(k), decisions(k.decisions), actions(k.actions), str(k.status_rounds)]
        for k in report.krs))
    shown = charted(report)
    out += ["", "## Key result histories", "",
            f"Charted: the {count(len(shown), 'key result')} that need attention (off track or at risk, a silent "
            f"miss, a status round or an overdue action); the other {len(report.krs) - len(shown)} are in the "
            "table above.", ""]
    for k in shown:
        out += [f"### {_md(k.kr.id)}: {_md(k.kr.title)}", "",
                *_fence(kr_history_chart(k.kr, report.quarter, k.values, report.today)), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_silent(report: QuarterReport) -> list[str]:
    if report.is_over:
        title, note, rows = "## Silent misses", SILENT_MISS_NOTE, report.silent_misses
    else:
        title, note, rows = "## Heading for a silent miss", HEADING_NOTE, report.heading_for_silent_miss
    out = [title, "", note, ""]
    if not rows:
        return [*out, "None.", ""]
    return out + _table(["KR", "Key result", "Owner", "Progress", "Status", "Band", "Risk visible since"], (
        [_md(k.kr.id), _md(k.kr.title), _md(k.kr.owner), percent(k.progress), status_label(k.status),
         k.band.label if k.band else "no value", str(k.risk_visible_on or "never")] for k in rows)) + [""]


# --- JSON ----------------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """Dates as ISO strings, enums as their values, dataclasses as objects."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _kr_json(k: KRFigures) -> dict[str, Any]:
    kr = k.kr
    return {
        "id": kr.id, "title": kr.title, "owner": kr.owner, "objective": k.objective_id, "team": k.team,
        "unit": kr.unit, "baseline": kr.baseline, "target": kr.target, "current": kr.current,
        "lower_is_better": kr.lower_is_better, "progress": _plain(k.progress), "status": _plain(k.status),
        "band": _plain(k.band), "weekly_status": _plain(k.timeline),
        "values": [{"date": d.isoformat(), "value": v} for d, v in k.values],
        "risk_visible_on": _plain(k.risk_visible_on), "first_escalated_on": _plain(k.first_escalated_on),
        "lag_days": k.lag_days, "lag_weeks": k.lag_weeks, "reviews": k.reviews, "escalations": k.escalations,
        "decisions": _plain(k.decisions), "deferred_unreviewed": k.deferred_unreviewed,
        "status_rounds": k.status_rounds, "actions": _plain(k.actions) | {"total": k.actions.total},
        "silent_miss": k.silent_miss, "heading_for_silent_miss": k.heading_for_silent_miss,
    }


def _miss_json(k: KRFigures) -> dict[str, Any]:
    return {"kr_id": k.kr.id, "progress": _plain(k.progress), "band": _plain(k.band), "status": _plain(k.status),
            "risk_visible_on": _plain(k.risk_visible_on)}


def report_dict(report: QuarterReport) -> dict[str, Any]:
    """Every figure of the report as plain JSON values."""
    q = report.quarter
    counts = report.status_counts()
    return {
        "quarter": {"id": q.id, "name": q.name, "start": q.start.isoformat(), "end": q.end.isoformat()},
        "today": report.today.isoformat(), "as_of": report.as_of.isoformat(), "day": report.day,
        "days": report.days,
        "state": "over" if report.is_over else "running" if report.has_started else "not_started",
        "status_counts": {(s.value if s else "no_value"): n for s, n in counts.items()},
        "silent_misses": [_miss_json(k) for k in report.silent_misses],
        "heading_for_silent_miss": [_miss_json(k) for k in report.heading_for_silent_miss],
        "status_rounds": {
            "rounds": _plain(report.status_rounds),
            "by_meeting": [{"meeting_id": m.meeting_id, "held_on": m.held_on.isoformat(), "off_track": m.off_track,
                            "status_rounds": m.status_rounds} for m in report.meetings],
            "by_kr": {k.kr.id: k.status_rounds for k in report.krs if k.status_rounds},
        },
        "decision_outcomes": _plain(report.decision_outcomes),
        "follow_through": {"by_meeting": [_plain(f) | {"share": _plain(f.share)} for f in
                                          report.follow_through_by_meeting],
                           "by_team": [_plain(f) | {"share": _plain(f.share)} for f in report.follow_through_by_team]},
        "meetings": [_plain(m) | {"ended_early": m.ended_early} for m in report.meetings],
        "meeting_totals": _plain(report.discipline_totals()),
        "weeks": [{"week": w.week.number, "start": w.week.start.isoformat(), "end": w.week.end.isoformat(),
                   "on_track": w.on_track, "at_risk": w.at_risk, "off_track": w.off_track, "no_value": w.no_value}
                  for w in report.weeks],
        "teams": [_plain(t) for t in report.teams],
        "key_results": [_kr_json(k) for k in report.krs],
        "actions": [{"id": a.action.id, "kr_id": a.action.kr_id, "text": a.action.text, "due": a.action.due.isoformat(),
                     "status": a.action.status.value, "opened_in": a.action.opened_in, "closed_in": a.action.closed_in,
                     "closed_on": _plain(a.closed_on), "timing": a.timing.value, "next_review_in": a.next_review_in,
                     "done_by_next_review": a.done_by_next_review} for a in report.actions],
    }


def report_json(report: QuarterReport) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False)


# --- plain lines ---------------------------------------------------------------------------------------

def report_lines(report: QuarterReport) -> list[str]:
    """Tab-separated records for pipes and grep; the first field names the record, sections in order."""
    q = report.quarter
    counts = report.status_counts()
    lines = ["\t".join(["quarter", q.id, str(q.start), str(q.end), str(report.as_of), f"day {report.day} of "
                        f"{report.days}", "over" if report.is_over else "running" if report.has_started
                        else "not started", count(len(report.meetings), "final meeting"),
                        *(f"{(s.value if s else 'no_value')} {counts[s]}" for s in (*Status, None))])]
    kind = "silent_miss" if report.is_over else "heading_for_silent_miss"
    for k in report.silent_misses if report.is_over else report.heading_for_silent_miss:
        lines.append("\t".join([kind, k.kr.id, percent(k.progress), _status_value(k.status),
                                k.band.value if k.band else "no_value", str(k.risk_visible_on or ""), k.kr.title]))
    for s in report.status_rounds:
        lines.append("\t".join(["status_round", s.meeting_id, str(s.held_on), s.kr_id, s.decision.value,
                                "with reason" if s.with_reason else "no reason"]))
    for o in report.decision_outcomes:
        lines.append("\t".join(["decision_outcome", o.meeting_id, str(o.held_on), o.kr_id, o.decision.value,
                                _status_value(o.status_then), _status_value(o.status_next) if o.next_on else "",
                                _status_value(o.status_end), _yes_no(o.recovered_by_next),
                                _yes_no(o.recovered_by_end)]))
    for f in report.follow_through_by_meeting:
        lines.append("\t".join(["follow_through_meeting", f.key, str(f.held_on or ""), f"{f.done}/{f.total}",
                                f"pending {f.pending}"]))
    for f in report.follow_through_by_team:
        lines.append("\t".join(["follow_through_team", f.key, f"{f.done}/{f.total}", f"pending {f.pending}"]))
    for m in report.meetings:
        lines.append("\t".join(["meeting", m.meeting_id, str(m.held_on), m.kind.value, f"used {_minutes(m.used_s)}",
                                f"planned {_minutes(m.planned_s)}", f"overruns {m.overruns}",
                                f"over by {_minutes(m.overrun_s)}", "ended early" if m.ended_early else "full agenda"]))
    for w in report.weeks:
        lines.append("\t".join(["week", str(w.week.number), str(w.week.start), f"on_track {w.on_track}",
                                f"at_risk {w.at_risk}", f"off_track {w.off_track}", f"no_value {w.no_value}"]))
    for k in report.krs:
        lines.append("\t".join(["kr", k.kr.id, percent(k.progress), _status_value(k.status),
                                k.band.value if k.band else "no_value", status_strip(k.timeline),
                                str(k.risk_visible_on or ""), str(k.first_escalated_on or ""),
                                "" if k.lag_days is None else str(k.lag_days), k.kr.owner, k.kr.title]))
    return lines


def _status_value(status: Status | None) -> str:
    return status.value if status else "no_value"


def _yes_no(value: bool | None) -> str:
    return {True: "recovered", False: "not recovered", None: ""}[value]


# --- rich ----------------------------------------------------------------------------------------------

def _status_text(status: Status | None) -> Text:
    return Text(status_label(status), style=STATUS_STYLE[status])


def _heading(text: str) -> Text:
    return Text("\n" + text, style="bold")


def report_renderable(report: QuarterReport) -> Group:
    """The report for a terminal: headings, tables and charts; every cell is a Text, never markup."""
    q = report.quarter
    parts: list[Any] = [Text(f"Accountability report: {q.title} ({q.id})", style="bold"), Text(headline(report))]
    rows = report.silent_misses if report.is_over else report.heading_for_silent_miss
    parts += [_heading("Silent misses" if report.is_over else "Heading for a silent miss"),
              Text(SILENT_MISS_NOTE if report.is_over else HEADING_NOTE, style="dim")]
    if rows:
        table = _rich_table("KR", "progress", "status", "band", "risk visible", "owner", "key result")
        for k in rows:
            table.add_row(Text(k.kr.id), Text(percent(k.progress)), _status_text(k.status),
                          Text(k.band.label if k.band else "no value"), Text(str(k.risk_visible_on or "never")),
                          Text(k.kr.owner), Text(k.kr.title))
        parts.append(table)
    else:
        parts.append(Text("none"))
    parts += [_heading("Status rounds"), Text(ROUNDS_NOTE, style="dim")]
    if report.meetings:
        table = _rich_table("meeting", "date", "off track discussed", "status rounds", "KRs")
        for m in report.meetings:
            ids = ", ".join(f"{s.kr_id} ({DECISION_LABEL[s.decision]})" for s in report.status_rounds
                            if s.meeting_id == m.meeting_id)
            table.add_row(Text(m.meeting_id), Text(str(m.held_on)), Text(str(m.off_track)), Text(str(m.status_rounds)),
                          Text(ids))
        parts.append(table)
    else:
        parts.append(Text("no final meetings yet"))
    parts += [_heading("Decision outcomes"), Text(OUTCOMES_NOTE, style="dim")]
    if report.decision_outcomes:
        table = _rich_table("date", "KR", "decision", "then", "next review", "quarter end" if report.is_over else "now",
                            "by next", "by end")
        for o in report.decision_outcomes:
            table.add_row(Text(str(o.held_on)), Text(o.kr_id), Text(DECISION_LABEL[o.decision]),
                          _status_text(o.status_then),
                          _status_text(o.status_next) if o.next_on else Text("not reviewed since", style="dim"),
                          _status_text(o.status_end), Text(recovered(o.recovered_by_next)),
                          Text(recovered(o.recovered_by_end)))
        parts += [table, Text(outcome_summary(report))]
    else:
        parts.append(Text("no decision of these kinds yet"))
    parts += [_heading("Follow-through"), Text(FOLLOW_NOTE, style="dim")]
    table = _rich_table("opened in", "date", "done by next review", "pending")
    for f in report.follow_through_by_meeting:
        table.add_row(Text(f.key), Text(str(f.held_on or "")), Text(share(f)), Text(str(f.pending)))
    parts.append(table)
    table = _rich_table("team", "KRs", "✓", "▲", "✗", "·", "escalations", "status rounds", "done by next review",
                        "pending")
    for t in report.teams:
        table.add_row(Text(t.team), *(Text(str(n)) for n in (t.krs, t.on_track, t.at_risk, t.off_track, t.no_value,
                                                             t.escalations, t.status_rounds)),
                      Text(share(t.follow_through)), Text(str(t.follow_through.pending)))
    parts.append(table)
    parts.append(_heading("Meeting discipline"))
    totals = report.discipline_totals()
    table = _rich_table("meeting", "date", "kind", "KRs", "used", "planned", "overruns", "over by", "ended early")
    for m in report.meetings:
        table.add_row(Text(m.meeting_id), Text(str(m.held_on)), Text(kind_label(m.kind, m.timed)), Text(str(m.reviewed)),
                      Text(_minutes(m.used_s)), Text(_minutes(m.planned_s)), Text(str(m.overruns)),
                      Text(_minutes(m.overrun_s)), Text(f"yes ({m.deferred_unreviewed})" if m.ended_early else "no"))
    table.add_row(Text("total", style="bold"), Text(""), Text(""), Text(""), Text(_minutes(totals.used_s)),
                  Text(_minutes(totals.planned_s)), Text(str(totals.overruns)), Text(_minutes(totals.overrun_s)),
                  Text(str(totals.ended_early)))
    parts.append(table)
    parts += [_heading("Quarter overview"), *(Text(line) for line in status_overview_chart(report.weeks))]
    parts.append(_heading("Key results"))
    table = _rich_table("KR", "status", "progress", "weeks", "risk visible", "escalated", "lag", "actions",
                        "key result")
    for k in report.krs:
        table.add_row(Text(k.kr.id), _status_text(k.status), Text(percent(k.progress)), Text(status_strip(k.timeline)),
                      Text(str(k.risk_visible_on or "")), Text(str(k.first_escalated_on or "")), Text(lag(k)),
                      Text(actions(k.actions)), Text(k.kr.title))
    parts.append(table)
    return Group(*parts)


def _rich_table(*columns: str) -> Table:
    """A compact table: a rule under the header, one space between columns; long cells wrap, none is cut."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True, expand=False)
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    return table
