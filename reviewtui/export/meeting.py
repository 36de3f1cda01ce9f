"""A meeting record as Markdown, JSON or CSV: pure functions over the models."""

from __future__ import annotations

import csv
import io

from reviewtui.domain.models import KeyResult, Meeting, MeetingKind, Quarter
from reviewtui.domain.meeting_kinds import KIND_LABEL
from reviewtui.domain.retro import outcome_bands
from reviewtui.domain.review_rules import DECISION_LABEL
from reviewtui.domain.summary import MeetingReport
from reviewtui.export.markdown import md as _md


def _minutes(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def meeting_markdown(meeting: Meeting, quarter: Quarter, report: MeetingReport) -> str:
    """The record a team files after a meeting: decisions first, then actions, time and flags."""
    krs = {kr.id: kr for kr in quarter.key_results}
    lines = [
        f"# {_md(KIND_LABEL[meeting.kind].capitalize())}: {_md(quarter.title)}, {meeting.started_at:%Y-%m-%d %H:%M}",
        "",
        f"- Facilitator: {_md(meeting.facilitator)}",
        f"- Attendees: {_md(', '.join(meeting.attendees)) or 'none recorded'}",
        f"- Time used: {_minutes(report.time_used_s)} of {_minutes(report.time_planned_s)} planned",
        f"- Key results discussed: {report.discussed} of {len(meeting.agenda)}; decisions logged: {report.decided}",
        *([f"- Ended early{' at the hard stop' if report.hard_stopped else ''}: "
           f"{len(report.deferred_unreviewed)} key results deferred without discussion "
           f"({_md(', '.join(report.deferred_unreviewed))})"] if report.deferred_unreviewed else []),
        "",
        *(_leadership_sections(report, krs) if meeting.kind is MeetingKind.MONTHLY else []),
        "## Decisions",
        "",
        "| KR | Key result | Owner | Value | Confidence | Decision | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for kr_id in meeting.agenda:
        review, kr = meeting.review_of(kr_id), krs.get(kr_id)
        if review is None or kr is None:
            continue
        decision = review.decision
        kind = DECISION_LABEL[decision.kind] if decision else "none"
        if decision and decision.revisit_on:
            kind += f" until {decision.revisit_on}"
        value = "" if review.value is None else f"{review.value:g} {kr.unit}"
        confidence = review.confidence.label if review.confidence else ""
        lines.append(f"| {_md(kr.id)} | {_md(kr.title)} | {_md(kr.owner)} | {_md(value)} | {confidence} | "
                     f"{_md(kind)} | {_md(decision.note if decision else '')} |")
    if meeting.kind is MeetingKind.RETRO:
        lines += _retro_sections(meeting, report, krs)
    lines += ["", "## Evidence and blockers", ""]
    if not any((r.evidence or r.blocker) for r in meeting.reviews):
        lines.append("- none recorded")
    for kr_id in meeting.agenda:
        review = meeting.review_of(kr_id)
        if review and (review.evidence or review.blocker):
            escalation = " **(escalated)**" if review.escalate else ""
            lines.append(f"- **{_md(kr_id)}**: evidence: {_md(review.evidence) or 'none'}; "
                         f"blocker: {_md(review.blocker) or 'none'}{escalation}")
    lines += ["", "## Escalations", ""]
    lines += [f"- {_md(kr_id)}: {_md(krs[kr_id].title)}" for kr_id in report.escalations if kr_id in krs] or ["- none"]
    lines += ["", "## Action items", "", "| Id | KR | Action | Owner | Due |", "|---|---|---|---|---|"]
    lines += [f"| {a.id} | {_md(a.kr_id)} | {_md(a.text)} | {_md(a.owner)} | {a.due} |" for a in report.new_actions]
    lines += ["", "## Earlier actions", ""]
    lines += [f"- {a.id} ({_md(a.kr_id)}): {_md(a.text)} ({_md(a.owner)}, due {a.due}): **{status.value}**"
              for a, status in report.earlier_actions] or ["- none marked done or dropped"]
    lines += ["", "## Timebox overruns", ""]
    lines += [f"- {_md(kr_id)}: {_minutes(over)} over" for kr_id, over in report.overruns] or ["- none"]
    lines += ["", "## Accountability flags", ""]
    lines += [f"- {_md(flag.kr_id)}: {_md(flag.message)}" for flag in report.flags] or ["- none"]
    return "\n".join(lines) + "\n"


def _leadership_sections(report: MeetingReport, krs: dict[str, KeyResult]) -> list[str]:
    """Monthly leadership review: the escalations raised since the last one, then what leadership must do now."""
    lines = ["## Escalations since the last leadership review", ""]
    lines += [f"- {_md(e.kr_id)} ({e.raised_on}, {_md(e.meeting_id)}): {_md(e.blocker or e.note or 'no blocker written')}"
              for e in report.raised_escalations] or ["- none"]
    lines += ["", "## Needed from leadership now", ""]
    lines += [f"- {_md(kr_id)} {_md(krs[kr_id].title) if kr_id in krs else ''}: {_md(ask)}"
              for kr_id, ask in report.leadership_asks] or ["- nothing asked"]
    return [*lines, ""]


def _retro_sections(meeting: Meeting, report: MeetingReport, krs: dict[str, KeyResult]) -> list[str]:
    """Retrospective: the five questions per KR, the quarter's outcome in bands, and the lessons."""
    lines = ["", "## The five questions", "",
             "| KR | 1 Target | 2 What happened | 3 Risk first visible | First escalated | 4 What the owner did "
             "| 5 What changes next quarter |", "|---|---|---|---|---|---|---|"]
    for facts in report.retro:
        review = meeting.review_of(facts.kr_id)
        happened = "no value" if facts.final_value is None else (
            f"{facts.final_value:g} {facts.unit}, score {facts.score:.0%}, {facts.band.label if facts.band else ''}"
            if facts.score is not None else f"{facts.final_value:g} {facts.unit}")
        escalated = str(facts.first_escalated_on) if facts.first_escalated_on else "never"
        if facts.lag_days is not None:
            escalated += f" ({facts.lag_days} days later)"
        lines.append(f"| {_md(facts.kr_id)} | {facts.target:g} {_md(facts.unit)} (from {facts.baseline:g}) | "
                     f"{_md(happened)} | {facts.risk_visible_on or 'never'} | {escalated} | "
                     f"{_md(review.owner_did) if review else ''} | {_md(review.lesson) if review else ''} |")
    lines += ["", "## Quarter outcome", ""]
    for band, kr_ids in outcome_bands(report.retro).items():
        if kr_ids or band is not None:
            name = band.label if band else "no value"
            lines.append(f"- {name}: {len(kr_ids)}" + (f" ({_md(', '.join(kr_ids))})" if kr_ids else ""))
    lines += ["", "## Lessons", ""]
    lines += [f"- {_md(kr_id)} {_md(krs[kr_id].title) if kr_id in krs else ''}: {_md(lesson)}"
              for kr_id, lesson in report.lessons] or ["- none written"]
    return lines


def meeting_json(meeting: Meeting) -> str:
    return meeting.model_dump_json(indent=2)


CSV_COLUMNS = ["meeting", "date", "kind", "kr_id", "key_result", "owner", "value", "confidence", "evidence",
               "blocker", "escalate", "decision", "decision_note", "revisit_on", "next_action",
               "action_owner", "action_due", "time_spent_s", "timebox_s"]


def _cell(text: str) -> str:
    """Stop a spreadsheet from running user text as a formula; plain numbers stay numbers."""
    try:
        float(text)
        return text
    except ValueError:
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def meeting_csv(meeting: Meeting, quarter: Quarter) -> str:
    """One row per reviewed KR; opens cleanly in a spreadsheet (UTF-8 BOM, no formulas)."""
    krs = {kr.id: kr for kr in quarter.key_results}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for kr_id in meeting.agenda:
        review, kr = meeting.review_of(kr_id), krs.get(kr_id)
        if review is None:
            continue
        decision, action = review.decision, review.next_action
        writer.writerow([_cell(str(v)) for v in [
            meeting.id, meeting.started_at.date().isoformat(), meeting.kind.value, kr_id,
            kr.title if kr else "", kr.owner if kr else "", "" if review.value is None else f"{review.value:g}",
            review.confidence.value if review.confidence else "", review.evidence, review.blocker,
            "yes" if review.escalate else "no", decision.kind.value if decision else "",
            decision.note if decision else "", decision.revisit_on or "" if decision else "",
            action.text if action else "", action.owner if action else "", action.due if action else "",
            round(review.time_spent_s), review.timebox_s,
        ]])
    return "\ufeff" + out.getvalue()
