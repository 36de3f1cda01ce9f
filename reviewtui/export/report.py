"""The quarter's accountability report as one document, and that document as Markdown, lines, rich; and JSON.

report_document builds the report once from domain.analytics.QuarterReport, in order: headline, silent
misses, status rounds, decision outcomes, follow-through, meeting discipline, quarter overview, key
results, key result histories. Markdown, the terminal (rich) and tab-separated lines are renderings of it
(export.markdown, export.terminal, export.lines), so every form says the same thing in the same words.
JSON holds every figure for programs, with the same keys for statuses and bands as the lines.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from rich.console import Group

from reviewtui.domain.analytics import ActionCounts, FollowThrough, KRFigures, QuarterReport
from reviewtui.domain.enums import KRKind
from reviewtui.domain.models import DecisionKind, KeyResult, Status
from reviewtui.domain.progress import Standing
from reviewtui.export.charts import kr_history_chart, status_overview_chart, status_strip
from reviewtui.export.document import (
    Bullets, Cell, Chart, Column, Document, Paragraph, Section, Span, Table, cell, inline, table,
)
from reviewtui.export.lines import to_lines
from reviewtui.export.markdown import to_markdown
from reviewtui.export.terminal import to_rich
from reviewtui.format import (
    STATUS_GLYPH, STATUS_WORD, Tone, band_key, band_label, band_tone, count, day, decision_label, duration, goalposts,
    kind_label, percent, recovered, standing_label, status_key, status_label, status_tone, value_against_goal,
)
from reviewtui.format import lag as lag_text

SILENT_MISS_NOTE = ("Ended below target with no escalation during the quarter: visibility, not "
                    "accountability.")
HEADING_NOTE = ("At risk or off track now and never escalated. Not misses: the quarter is still running, "
                "these are heading for a silent miss.")
ROUNDS_NOTE = "Off-track KRs that a meeting decided 'continue' or 'defer': a status round, not a review."
OUTCOMES_NOTE = ("After escalate, add support, remove blocker or adjust target: was the KR's status better "
                 "at its next review, and at quarter end (now, while it runs)?")
FOLLOW_NOTE = ("Action items done by the next review of their KR. Actions whose KR has not been reviewed "
               "since are pending and left out of the share.")
NO_MEETINGS = "No final meetings yet."


# --- words the report's cells use -----------------------------------------------------------------------

def share(follow: FollowThrough) -> str:
    """'3 of 4 (75%)', or 'none reviewed yet' while every action waits for its KR's next review."""
    if not follow.total:
        return "none reviewed yet"
    return f"{follow.done} of {follow.total} ({percent(follow.share)})"


def lag(figures: KRFigures) -> str:
    """'21 d (3 wk)' from risk visible to the first escalation; '' when either is missing."""
    return lag_text(figures.lag_days)


def decisions(counts: dict[DecisionKind, int]) -> str:
    """'continue 2, escalate 1', in the order the decision list offers them."""
    order = list(DecisionKind)
    return ", ".join(f"{decision_label(kind)} {n}" for kind, n in sorted(counts.items(),
                                                                       key=lambda kv: order.index(kv[0])))


def actions(counts: ActionCounts) -> str:
    """'2 on time, 1 late, 1 not done' (only the non-zero ones)."""
    parts = [(counts.done_on_time, "on time"), (counts.done_late, "late"), (counts.done_undated, "done, undated"),
             (counts.not_done, "not done"), (counts.dropped, "dropped"), (counts.open, "open")]
    return ", ".join(f"{n} {word}" for n, word in parts if n)


def headline(report: QuarterReport) -> str:
    q = report.quarter
    counts = report.status_counts()
    by_status = ", ".join(f"{STATUS_GLYPH[s]} {counts[s]} {STATUS_WORD[s]}" for s in (*Status, None))
    return (f"{q.start} to {q.end}, {_state(report)}, as of {report.as_of}; "
            f"{count(len(report.meetings), 'final meeting')}; {count(len(report.krs), 'key result')}: {by_status}")


def _state(report: QuarterReport) -> str:
    return ("quarter over" if report.is_over else f"day {report.day} of {report.days}" if report.has_started
            else "not started")


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


def charted(report: QuarterReport) -> list[KRFigures]:
    """The KRs whose history the report charts: those that need attention (see has_finding) and have a dated
    value to draw (a chart of nothing is not shown)."""
    return [k for k in report.krs if k.has_finding and k.values]


def goalpost_text(kr: KeyResult) -> str:
    """The KR's moved goalposts on one line ('' when none): beside every score, band and progress."""
    return "; ".join(goalposts(kr))


def status_cell(status: Status | None) -> Cell:
    return cell(Span(status_label(status), status_tone(status)), status_key(status))


def _standing_cell(k: KRFigures) -> Cell:
    """The status with the word that says more ('✓ done', '· never measured'); programs get the status key."""
    found = Standing(k.status, k.status_word)
    return cell(Span(standing_label(found), status_tone(k.status)), status_key(k.status))


def _band_cell(k: KRFigures) -> Cell:
    return cell(Span(band_label(k.band), band_tone(k.band)), band_key(k.band))


def _date_cell(when: date | None, none: str = "") -> Cell:
    return cell(day(when, none), day(when))


def _progress_text(k: KRFigures) -> str:
    """Progress against the goal. A threshold or a one-step milestone has none: its value against the goal
    ('95.2 ≥ 96', 'not done') stands in, where 'no value' read as if it had none."""
    kind = k.kr.measure
    if k.progress is None and (kind is KRKind.MILESTONE or (kind.is_threshold and k.kr.current is not None)):
        return value_against_goal(k.kr, k.kr.unit, short=True)
    return percent(k.progress)


def _kr_cells(k: KRFigures) -> dict[str, Cell]:
    """Every cell a table of KRs can show, by column key, made once for every table and every renderer."""
    return {
        "kr": cell(k.kr.id), "progress": cell(_progress_text(k), percent(k.progress)), "status": _standing_cell(k),
        "band": _band_cell(k), "weeks": cell(status_strip(k.timeline)),
        "risk_visible": _date_cell(k.risk_visible_on), "risk_visible_since": _date_cell(k.risk_visible_on, "never"),
        "escalated": _date_cell(k.first_escalated_on),
        "lag": cell(lag(k), "" if k.lag_days is None else str(k.lag_days)),
        "decisions": cell(decisions(k.decisions)), "actions": cell(actions(k.actions)),
        "status_rounds": cell(str(k.status_rounds)), "goalposts": cell(goalpost_text(k.kr)),
        "owner": cell(k.kr.owner), "team": cell(k.team), "title": cell(k.kr.title),
    }


KR_COLUMNS = (
    Column("KR", "kr"), Column("Progress", "progress"), Column("Status", "status"),
    Column("Band", "band", terminal=False), Column("Weeks", "weeks"), Column("Risk visible", "risk_visible"),
    Column("Escalated", "escalated"), Column("Lag", "lag"), Column("Decisions", "decisions", terminal=False),
    Column("Actions", "actions"), Column("Status rounds", "status_rounds", terminal=False),
    Column("Goalposts", "goalposts"), Column("Owner", "owner", terminal=False),
    Column("Team", "team", terminal=False), Column("Key result", "title"),
)
MISS_COLUMNS = (
    Column("KR", "kr"), Column("Progress", "progress"), Column("Status", "status"), Column("Band", "band"),
    Column("Risk visible since", "risk_visible_since"), Column("Goalposts", "goalposts"), Column("Owner", "owner"),
    Column("Key result", "title"),
)


def _kr_table(columns: tuple[Column, ...], krs: tuple[KRFigures, ...], record: str) -> Table:
    rows = [_kr_cells(k) for k in krs]
    return table(columns, ([row[c.key] for c in columns] for row in rows), record)


def key_results_table(report: QuarterReport) -> Table:
    """Per KR: progress, status, band, the weeks as glyphs, risk and escalation, actions, moved goalposts."""
    return _kr_table(KR_COLUMNS, report.krs, "kr")


# --- the document ---------------------------------------------------------------------------------------

def report_document(report: QuarterReport) -> Document:
    """The whole report as one document: every renderer draws this, and nothing else."""
    q = report.quarter
    return Document(
        title=inline(f"Accountability report: {q.title} ({q.id})"),
        lead=(Paragraph(inline(headline(report)), data=_quarter_record(report)),),
        sections=(_silent(report), _status_rounds(report), _disagreed(report), _outcomes(report), _follow_through(report),
                  _discipline(report), _overview(report), _objectives(report), _breaches(report),
                  Section("Key results", (key_results_table(report),)),
                  _histories(report)),
    )


def _quarter_record(report: QuarterReport) -> Table:
    q = report.quarter
    counts = report.status_counts()
    values = [q.id, str(q.start), str(q.end), str(report.as_of), f"day {report.day} of {report.days}",
              "over" if report.is_over else "running" if report.has_started else "not started",
              count(len(report.meetings), "final meeting"),
              *(f"{status_key(s)} {counts[s]}" for s in (*Status, None))]
    keys = ["quarter", "start", "end", "as_of", "day", "state", "meetings", *(status_key(s) for s in (*Status, None))]
    return table((Column(key, key) for key in keys), [[cell(value) for value in values]], "quarter")


def _silent(report: QuarterReport) -> Section:
    if report.is_over:
        title, note, rows, record = "Silent misses", SILENT_MISS_NOTE, report.silent_misses, "silent_miss"
    else:
        title, note, rows, record = ("Heading for a silent miss", HEADING_NOTE, report.heading_for_silent_miss,
                                     "heading_for_silent_miss")
    return Section(title, (_kr_table(MISS_COLUMNS, rows, record),), note=note, empty="None.")


def _title_of(report: QuarterReport, kr_id: str) -> str:
    figures = report.kr(kr_id)
    return figures.kr.title if figures is not None else ""


def _status_rounds(report: QuarterReport) -> Section:
    by_meeting = table(
        (Column("Meeting", "meeting"), Column("Date", "date"), Column("Off track discussed", "off_track"),
         Column("Status rounds", "status_rounds")),
        ([cell(m.meeting_id), cell(day(m.held_on)), cell(str(m.off_track)), cell(str(m.status_rounds))]
         for m in report.meetings))
    rounds = table(
        (Column("Meeting", "meeting", terminal=False), Column("Date", "date"), Column("KR", "kr"),
         Column("Decision", "decision"), Column("Written reason", "with_reason"), Column("Key result", "title")),
        ([cell(s.meeting_id), cell(day(s.held_on)), cell(s.kr_id),
          cell(decision_label(s.decision), s.decision.value),
          cell("yes" if s.with_reason else "no", "with reason" if s.with_reason else "no reason"),
          cell(_title_of(report, s.kr_id))] for s in report.status_rounds),
        "status_round")
    return Section("Status rounds", (by_meeting, rounds), note=ROUNDS_NOTE, empty=NO_MEETINGS)


def _disagreed(report: QuarterReport) -> Section:
    """Reviews where the room's stated confidence and the data disagreed: where status rounds start."""
    found = report.disagreements
    rosier = sum(d.rosier for d in found)
    note = ("The confidence the room stated against what the data said that day. Rosier than the data is where "
            "status rounds and silent misses start.")
    rows = ([cell(d.meeting_id), _date_cell(d.held_on), cell(d.kr_id), status_cell(d.room), status_cell(d.data),
             cell("rosier" if d.rosier else "graver", "rosier" if d.rosier else "graver"),
             cell(_title_of(report, d.kr_id))] for d in found)
    columns = (Column("Meeting", "meeting"), Column("Held on", "held_on"), Column("KR", "kr"),
               Column("Room said", "room"), Column("Data said", "data"), Column("Room was", "room_was"),
               Column("Key result", "title", terminal=False))
    summary = (f"{count(len(found), 'review')} where the room and the data disagreed; {rosier} rosier than the data."
               if found else "")
    return Section("Room and data disagreed", (*((Paragraph(inline(summary)),) if summary else ()),
                                                table(columns, rows, "disagreement")),
                   note=note, empty="None: every confidence stated matched the data, or none was stated.")


def _recovered_cell(value: bool | None) -> Cell:
    return cell(recovered(value), {True: "recovered", False: "not recovered", None: ""}[value])


def _outcomes(report: QuarterReport) -> Section:
    outcomes = table(
        (Column("Date", "date"), Column("Meeting", "meeting", terminal=False), Column("KR", "kr"),
         Column("Decision", "decision"), Column("Then", "then"), Column("Next review", "next_review"),
         Column("Quarter end" if report.is_over else "Now", "end"), Column("Recovered by next", "recovered_by_next"),
         Column("Recovered by end", "recovered_by_end")),
        ([cell(day(o.held_on)), cell(o.meeting_id), cell(o.kr_id), cell(decision_label(o.decision), o.decision.value),
          status_cell(o.status_then),
          cell(inline(Span(status_label(o.status_next), status_tone(o.status_next)), f" ({o.next_on})"),
               status_key(o.status_next)) if o.next_on else cell(Span("not reviewed since", Tone.MUTED), ""),
          status_cell(o.status_end), _recovered_cell(o.recovered_by_next), _recovered_cell(o.recovered_by_end)]
         for o in report.decision_outcomes),
        "decision_outcome")
    summary = Paragraph(inline(outcome_summary(report) + ".") if report.decision_outcomes else ())
    return Section("Decision outcomes", (outcomes, summary), note=OUTCOMES_NOTE,
                   empty="No decision of these kinds yet.")


def _follow_through(report: QuarterReport) -> Section:
    per_meeting = table(
        (Column("Meeting opened in", "meeting"), Column("Date", "date"), Column("Done by next review", "done"),
         Column("Pending", "pending")),
        ([cell(f.key), cell(day(f.held_on)), cell(share(f), f"{f.done}/{f.total}"), cell(str(f.pending))]
         for f in report.follow_through_by_meeting),
        "follow_through_meeting")
    per_team = table(
        (Column("Team", "team"), Column("KRs", "krs"), *(Column(STATUS_GLYPH[s], status_key(s)) for s in (*Status, None)),
         Column("Escalations", "escalations"), Column("Status rounds", "status_rounds"),
         Column("Done by next review", "done"), Column("Pending", "pending")),
        ([cell(t.team), *(cell(str(n)) for n in (t.krs, t.on_track, t.at_risk, t.off_track, t.no_value,
                                                   t.escalations, t.status_rounds)),
          cell(share(t.follow_through), f"{t.follow_through.done}/{t.follow_through.total}"),
          cell(str(t.follow_through.pending))] for t in report.teams),
        "follow_through_team")
    return Section("Follow-through", note=FOLLOW_NOTE,
                   parts=(Section("Per meeting", (per_meeting,)), Section("Per team", (per_team,))))


def _discipline(report: QuarterReport) -> Section:
    totals = report.discipline_totals()
    meetings = table(
        (Column("Meeting", "meeting"), Column("Date", "date"), Column("Kind", "kind"), Column("KRs", "krs"),
         Column("Used", "used"), Column("Planned", "planned"), Column("Overruns", "overruns"),
         Column("Over by", "over_by"), Column("Ended early", "ended_early")),
        ([cell(m.meeting_id), cell(day(m.held_on)), cell(kind_label(m.kind, m.timed), m.kind.value),
          cell(str(m.reviewed)), cell(duration(m.used_s)), cell(duration(m.planned_s)), cell(str(m.overruns)),
          cell(duration(m.overrun_s)),
          cell(f"yes ({m.deferred_unreviewed} deferred)" if m.ended_early else "no",
               "ended early" if m.ended_early else "full agenda")] for m in report.meetings),
        "meeting",
        total=[cell(Span("total", Tone.STRONG), "total"), cell(""), cell(""), cell(""), cell(duration(totals.used_s)),
               cell(duration(totals.planned_s)), cell(str(totals.overruns)), cell(duration(totals.overrun_s)),
               cell(str(totals.ended_early))])
    return Section("Meeting discipline", (meetings,), empty=NO_MEETINGS)


def _breaches(report: QuarterReport) -> Section:
    """Every dated value of a threshold KR that did not hold its line."""
    rows = ([cell(k.kr.id), cell(value_against_goal(k.kr, k.kr.unit)), cell(str(len(k.breaches))),
             cell(", ".join(day(d) for d in k.breaches), " ".join(day(d) for d in k.breaches)),
             cell(percent(k.score, "—"))] for k in report.krs if k.kr.measure.is_threshold)
    columns = (Column("KR", "kr"), Column("Now", "now"), Column("Breaches", "count"), Column("Dated breaches", "dates"),
               Column("Held", "held"))
    return Section("Threshold breaches", (table(columns, rows, "breach"),),
                   note="Each KR that must stay above or below a line: the dated values that did not hold it, and "
                        "the share of its dated values that did (its score).",
                   empty="No key result holds a threshold.")


def _objectives(report: QuarterReport) -> Section:
    """The objective tree with each one's roll-up: the mean of its KRs' scores and its children's, and its
    weakest KR's status."""
    objectives = {o.id: o for o in report.quarter.objectives}
    krs_of = {o.id: [kr for kr in o.key_results if kr.dropped is None] for o in report.quarter.objectives}
    rows = ([cell(r.id), status_cell(r.status), cell(percent(r.progress, "—"), "" if r.progress is None else f"{r.progress:.3f}"),
             cell("  " * r.depth + ("└ " if r.depth else "") + objectives[r.id].title, objectives[r.id].title),
             cell(objectives[r.id].parent or ""), cell(objectives[r.id].commitment.value),
             cell(str(len(krs_of[r.id])))] for r in report.objectives)
    columns = (Column("Objective", "objective"), Column("Status", "status"), Column("Progress", "progress"),
               Column("Title", "title"), Column("Parent", "parent", terminal=False),
               Column("Commitment", "commitment"), Column("KRs", "krs"))
    return Section("Objectives", (Paragraph(inline(
        "Progress is the mean of each objective's KR scores and its children's (an aspirational objective "
        "succeeds at 0.7); the status is its weakest KR's.")), table(columns, rows, "objective")))


def _overview(report: QuarterReport) -> Section:
    weeks = table(
        (Column("Week", "week"), Column("Start", "start"), Column("End", "end"),
         *(Column(STATUS_WORD[s], status_key(s)) for s in (*Status, None))),
        ([cell(str(w.week.number)), cell(day(w.week.start)), cell(day(w.week.end)),
          *(cell(str(n)) for n in (w.on_track, w.at_risk, w.off_track, w.no_value))] for w in report.weeks),
        "week")
    if not any(w.total - w.no_value for w in report.weeks):  # no KR has a value yet: nothing to chart
        return Section("Quarter overview", (Paragraph(inline("No key result has a value yet: nothing to chart.")),))
    return Section("Quarter overview", (Chart(tuple(status_overview_chart(report.weeks)), data=weeks),))


def _histories(report: QuarterReport) -> Section:
    """Charts of the KRs that need attention; the app charts the highlighted KR instead (not in the terminal)."""
    shown = charted(report)
    blank = [k.kr.id for k in report.krs if k.has_finding and not k.values]
    intro = (f"Charted: the {count(len(shown), 'key result')} that need attention (off track or at risk, a silent "
             f"miss, a status round or an overdue action) and have a value to draw"
             + (f"; {', '.join(blank)} need{'s' * (len(blank) == 1)} attention with no value yet" if blank else "")
             + f"; the other {len(report.krs) - len(shown) - len(blank)} are in the table above.")
    return Section("Key result histories", (Paragraph(inline(intro)),), terminal=False, parts=tuple(
        Section(f"{k.kr.id}: {k.kr.title}", (
            Bullets(tuple(inline(line) for line in goalposts(k.kr))),
            Chart(tuple(kr_history_chart(k.kr, report.quarter, k.values, report.today)))))
        for k in shown))


# --- renderings -----------------------------------------------------------------------------------------

def report_markdown(report: QuarterReport) -> str:
    """The report as a Markdown document, charts in fenced code blocks, user text escaped."""
    return to_markdown(report_document(report))


def report_lines(report: QuarterReport) -> list[str]:
    """Tab-separated records for pipes and grep; the first field names the record, sections in order."""
    return to_lines(report_document(report))


def report_renderable(report: QuarterReport) -> Group:
    """The report for a terminal: headings, tables and charts; every cell is a Text, never markup."""
    return to_rich(report_document(report))


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


def _goalposts_json(kr: KeyResult) -> dict[str, Any]:
    """Moved goalposts as fields: the target the quarter started with, each move, and a drop."""
    dropped = kr.dropped
    return {
        "original_target": kr.original_target,
        "target_history": [{"on": c.on.isoformat(), "from_target": c.from_target, "to_target": c.to_target,
                            "meeting": c.meeting, "reason": c.reason} for c in kr.target_history],
        "dropped": None if dropped is None else {"on": dropped.on.isoformat(), "meeting": dropped.meeting,
                                                 "reason": dropped.reason},
    }


def _kr_json(k: KRFigures) -> dict[str, Any]:
    kr = k.kr
    return {
        "id": kr.id, "title": kr.title, "owner": kr.owner, "objective": k.objective_id, "team": k.team,
        "kind": _plain(kr.kind), "unit": kr.unit, "baseline": kr.baseline, "target": kr.target,
        "threshold": kr.threshold, "due": _plain(kr.due), "steps": kr.steps, "current": kr.current,
        "confidence_stated": _plain(kr.confidence), "score": k.score, "status_word": k.status_word,
        "breaches": [d.isoformat() for d in k.breaches],
        "lower_is_better": kr.lower_is_better, **_goalposts_json(kr), "progress": _plain(k.progress),
        "status": _plain(k.status), "band": _plain(k.band), "weekly_status": _plain(k.timeline),
        "values": [{"date": d.isoformat(), "value": v} for d, v in k.values],
        "risk_visible_on": _plain(k.risk_visible_on), "first_escalated_on": _plain(k.first_escalated_on),
        "lag_days": k.lag_days, "lag_weeks": k.lag_weeks, "reviews": k.reviews, "escalations": k.escalations,
        "decisions": _plain(k.decisions), "deferred_unreviewed": k.deferred_unreviewed,
        "status_rounds": k.status_rounds, "actions": _plain(k.actions) | {"total": k.actions.total},
        "silent_miss": k.silent_miss, "heading_for_silent_miss": k.heading_for_silent_miss,
    }


def _miss_json(k: KRFigures) -> dict[str, Any]:
    return {"kr_id": k.kr.id, "progress": _plain(k.progress), "band": _plain(k.band), "status": _plain(k.status),
            "risk_visible_on": _plain(k.risk_visible_on), "target": k.kr.target, **_goalposts_json(k.kr)}


def report_dict(report: QuarterReport) -> dict[str, Any]:
    """Every figure of the report as plain JSON values."""
    q = report.quarter
    counts = report.status_counts()
    objectives = {o.id: o for o in q.objectives}
    return {
        "quarter": {"id": q.id, "name": q.name, "start": q.start.isoformat(), "end": q.end.isoformat()},
        "today": report.today.isoformat(), "as_of": report.as_of.isoformat(), "day": report.day,
        "days": report.days,
        "state": "over" if report.is_over else "running" if report.has_started else "not_started",
        "status_counts": {status_key(s): n for s, n in counts.items()},
        "silent_misses": [_miss_json(k) for k in report.silent_misses],
        "heading_for_silent_miss": [_miss_json(k) for k in report.heading_for_silent_miss],
        "status_rounds": {
            "rounds": _plain(report.status_rounds),
            "by_meeting": [{"meeting_id": m.meeting_id, "held_on": m.held_on.isoformat(), "off_track": m.off_track,
                            "status_rounds": m.status_rounds} for m in report.meetings],
            "by_kr": {k.kr.id: k.status_rounds for k in report.krs if k.status_rounds},
        },
        "disagreements": [_plain(d) | {"rosier": d.rosier} for d in report.disagreements],
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
        "objectives": [{"id": r.id, "parent": objectives[r.id].parent, "depth": r.depth,
                        "commitment": objectives[r.id].commitment.value, "title": objectives[r.id].title,
                        "progress": r.progress, "status": _plain(r.status)} for r in report.objectives],
        "key_results": [_kr_json(k) for k in report.krs],
        "actions": [{"id": a.action.id, "kr_id": a.action.kr_id, "text": a.action.text, "due": a.action.due.isoformat(),
                     "status": a.action.status.value, "opened_in": a.action.opened_in, "closed_in": a.action.closed_in,
                     "closed_on": _plain(a.closed_on), "timing": a.timing.value, "next_review_in": a.next_review_in,
                     "done_by_next_review": a.done_by_next_review} for a in report.actions],
    }


def report_json(report: QuarterReport) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False)
