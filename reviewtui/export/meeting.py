"""A meeting record as one document (the summary screen and the Markdown record draw it), and as CSV or JSON.

meeting_document builds what a meeting amounted to once, from the meeting and its MeetingReport
(domain.summary): the facts, decisions, the kind's own sections, evidence and blockers, escalations,
actions, overruns and flags. Which KRs were discussed, deferred without discussion or escalated is decided
in domain.summary alone, and every form here asks it.
"""

from __future__ import annotations

import csv
import io

from reviewtui.domain.models import KeyResult, KRReview, Meeting, MeetingKind, Quarter
from reviewtui.domain.retro import RetroFacts, outcome_bands
from reviewtui.domain.summary import MeetingReport, is_escalated, was_discussed
from reviewtui.export.document import (
    Bullets, Column, Document, Section, Span, Table, cell, inline, table,
)
from reviewtui.export.markdown import to_markdown
from reviewtui.format import (
    Tone, band_label, count, day, decision_text, duration, goal_text, goalposts, kind_label, number, quantity, status_label, status_tone, value_against_goal,
)


def meeting_document(meeting: Meeting, quarter: Quarter, report: MeetingReport) -> Document:
    """The record a team files after a meeting: the facts, decisions first, then actions, time and flags."""
    krs = {kr.id: kr for kr in quarter.key_results}
    kind = kind_label(meeting.kind)
    sections = [
        *(_leadership_sections(report, krs) if meeting.kind is MeetingKind.MONTHLY else []),
        Section("Decisions", (_decisions(meeting, report, krs),), empty="No key result was discussed."),
        *(_retro_sections(meeting, report, krs) if meeting.kind is MeetingKind.RETRO else []),
        Section("Evidence and blockers", (_evidence(meeting, report),), empty="none recorded"),
        Section("Escalations", (Bullets(tuple(
            inline(f"{kr_id}: ", _escalated_what(meeting, krs, kr_id))
            for kr_id in report.escalations if kr_id in krs)),)),
        Section("New action items", (table(
            (Column("Id", "id"), Column("KR", "kr"), Column("Action", "action"), Column("Owner", "owner"),
             Column("Due", "due")),
            ([cell(a.id), cell(a.kr_id), cell(a.text), cell(a.owner), cell(day(a.due))] for a in report.new_actions),
            "action"),)),
        Section("Earlier actions", (Bullets(tuple(
            inline(f"{a.id} ({a.kr_id}): {a.text} ({a.owner}, due {day(a.due)}): ", Span(status.value, Tone.STRONG))
            for a, status in report.earlier_actions)),), empty="none marked done or dropped"),
        Section("Timebox overruns", (Bullets(tuple(
            inline(f"{kr_id}: {duration(over)} over") for kr_id, over in report.overruns)),)),
        Section("Accountability flags", (Bullets(tuple(
            inline(f"{flag.kr_id}: {flag.message}") for flag in report.flags)),)),
    ]
    return Document(
        title=inline(f"{kind[:1].upper()}{kind[1:]}: {quarter.title}, {meeting.started_at:%Y-%m-%d %H:%M}"),
        lead=(Bullets(tuple(_facts(meeting, report))),), sections=tuple(sections))


def _title(krs: dict[str, KeyResult], kr_id: str) -> str:
    kr = krs.get(kr_id)
    return kr.title if kr is not None else ""


def _facts(meeting: Meeting, report: MeetingReport) -> list[tuple[Span, ...]]:
    time = (f"Time used: {duration(report.time_used_s)} of {duration(report.time_planned_s)} planned"
            if meeting.timed else f"Time spent: {duration(report.time_used_s)} (no timer)")
    facts = [inline(f"Facilitator: {meeting.facilitator}"),
             inline(f"Attendees: {', '.join(meeting.attendees) or 'none recorded'}"),
             inline(time),
             inline(f"Key results discussed: {report.discussed} of {len(meeting.agenda)}; "
                    f"decisions logged: {report.decided}")]
    if report.ended_early:
        facts.append(_ended_early(meeting, report))
    return facts


def _ended_early(meeting: Meeting, report: MeetingReport) -> tuple[Span, ...]:
    """'Ended early: 2 key results deferred without discussion (K3, K4), until 2026-11-29: <reason>'.

    The count and the list are the same list (report.deferred_unreviewed), so they can never disagree."""
    deferred = report.deferred_unreviewed
    text = (f"Ended early{' at the hard stop' if report.hard_stopped else ''}: "
            f"{count(len(deferred), 'key result')} deferred without discussion"
            + (f" ({', '.join(deferred)})" if deferred else ""))
    bulk = next((r.decision for r in meeting.reviews if r.deferred_unreviewed and r.decision is not None), None)
    if bulk is None:
        return inline(Span(text, Tone.WARNING))
    until = f", until {day(bulk.revisit_on)}" if bulk.revisit_on else ""
    return inline(Span(text + until, Tone.WARNING), ": " if bulk.note else "", bulk.note)


def _decisions(meeting: Meeting, report: MeetingReport, krs: dict[str, KeyResult]) -> Table:
    """One row per KR discussed; those deferred without discussion are named once, in the facts."""
    without = set(report.deferred_unreviewed)
    rows = []
    for kr_id in meeting.agenda:
        review, kr = meeting.review_of(kr_id), krs.get(kr_id)
        if review is None or kr is None or kr_id in without:
            continue
        decision = review.decision
        confidence = (cell(Span(status_label(review.confidence), status_tone(review.confidence)),
                           review.confidence.value) if review.confidence else cell(""))
        data = review.data_status
        rows.append([cell(kr.id), cell(kr.title), cell(kr.owner), cell(quantity(review.value, kr.unit)), confidence,
                     cell(Span(status_label(data), status_tone(data)), data.value if data else ""),
                     cell(Span(decision_text(decision, kr.unit), None if decision else Tone.BAD)),
                     cell(decision.note if decision else "")])
    return table((Column("KR", "kr"), Column("Key result", "title", terminal=False), Column("Owner", "owner"),
                  Column("Value", "value"), Column("Room said", "confidence"), Column("Data said", "data"),
                  Column("Decision", "decision"), Column("Note", "note")), rows, "decision")


def _evidence(meeting: Meeting, report: MeetingReport) -> Bullets:
    without = set(report.deferred_unreviewed)
    items = []
    for kr_id in meeting.agenda:
        review = meeting.review_of(kr_id)
        if review is None or kr_id in without or not (review.evidence.strip() or review.blocker.strip()):
            continue
        items.append(inline(Span(kr_id, Tone.STRONG), f": evidence: {review.evidence or 'none'}; "
                            f"blocker: {review.blocker or 'none'}",
                            *((" ", Span("(escalated)", Tone.STRONG)) if is_escalated(review) else ())))
    return Bullets(tuple(items))


def _leadership_sections(report: MeetingReport, krs: dict[str, KeyResult]) -> list[Section]:
    """Monthly leadership review: the escalations raised since the last one, then what leadership must do now."""
    raised = Bullets(tuple(inline(f"{e.kr_id} ({day(e.raised_on)}, {e.meeting_id}): "
                                  f"{e.blocker or e.note or 'no blocker written'}")
                           for e in report.raised_escalations))
    asks = Bullets(tuple(inline(f"{kr_id} {_title(krs, kr_id)}: {ask}") for kr_id, ask in report.leadership_asks))
    return [Section("Escalations since the last leadership review", (raised,)),
            Section("Needed from leadership now", (asks,), empty="nothing asked")]


def _escalated_what(meeting: Meeting, krs: dict[str, KeyResult], kr_id: str) -> str:
    """What goes up, in the room's words: the blocker, else the decision's note; the KR's title when neither."""
    review = meeting.review_of(kr_id)
    if review is not None:
        note = review.decision.note.strip() if review.decision else ""
        what = "; ".join(part for part in (review.blocker.strip(), note) if part)
        if what:
            return what
    return _title(krs, kr_id)


def _retro_sections(meeting: Meeting, report: MeetingReport, krs: dict[str, KeyResult]) -> list[Section]:
    """Retrospective: the five questions per KR, the quarter's outcome in bands, and the lessons."""
    rows = []
    for facts in report.retro:
        review = meeting.review_of(facts.kr_id)
        kr = krs.get(facts.kr_id)
        target = goal_text(facts.kr, facts.unit)
        moved = _earlier_goalposts(kr, meeting.id) if kr is not None else []
        rows.append([cell(facts.kr_id), cell("; ".join([target, *moved])), cell(_happened(facts)),
                     cell(day(facts.risk_visible_on, "never")), cell(_escalated(facts)),
                     cell(review.owner_did if review else ""), cell(review.lesson if review else "")])
    questions = table(
        (Column("KR", "kr"), Column("1 Target", "target"), Column("2 What happened", "happened"),
         Column("3 Risk first visible", "risk_visible"), Column("First escalated", "escalated"),
         Column("4 What the owner did", "owner_did"), Column("5 What changes next quarter", "lesson")),
        rows, "retro")
    outcome = Bullets(tuple(
        inline(f"{band_label(band)}: {len(kr_ids)}" + (f" ({', '.join(kr_ids)})" if kr_ids else ""))
        for band, kr_ids in outcome_bands(report.retro).items() if kr_ids or band is not None))
    lessons = Bullets(tuple(inline(f"{kr_id} {_title(krs, kr_id)}: {lesson}") for kr_id, lesson in report.lessons))
    return [Section("The five questions", (questions,)), Section("Quarter outcome", (outcome,)),
            Section("Lessons", (lessons,), empty="none written")]


def _earlier_goalposts(kr: KeyResult, meeting_id: str) -> list[str]:
    """Goalposts moved before this meeting: its own decisions are in its Decisions table, and the record
    says the same before it is written (on the summary screen) as after (when they have taken effect)."""
    earlier = kr.model_copy(update={
        "target_history": [c for c in kr.target_history if c.meeting != meeting_id],
        "dropped": kr.dropped if kr.dropped is not None and kr.dropped.meeting != meeting_id else None})
    return goalposts(earlier)


def _happened(facts: RetroFacts) -> str:
    value = "no value" if facts.final_value is None else value_against_goal(
        facts.kr.model_copy(update={"current": facts.final_value}), facts.unit)
    if facts.score is None:
        return value + ", score: the owner's to give"
    score = f"{facts.score:.2f}"
    if facts.overridden and facts.data_score is not None:
        score += f" (data {facts.data_score:.2f}): {facts.score_reason}"
    return f"{value}, score {score}, {band_label(facts.band)}"


def _escalated(facts: RetroFacts) -> str:
    escalated = day(facts.first_escalated_on, "never")
    if facts.lag_days is not None:
        escalated += f" ({facts.lag_days} days later)"
    return escalated


def meeting_markdown(meeting: Meeting, quarter: Quarter, report: MeetingReport) -> str:
    """The meeting's record as Markdown: the document the summary screen shows, user text escaped."""
    return to_markdown(meeting_document(meeting, quarter, report))


# --- JSON and CSV --------------------------------------------------------------------------------------

def meeting_json(meeting: Meeting) -> str:
    """The record as stored, with 'deferred_unreviewed' meaning what the summary means: a KR with anything
    entered was discussed, even if the early end deferred it with the rest."""
    reviews = [r if r.deferred_unreviewed != was_discussed(r) else
               r.model_copy(update={"deferred_unreviewed": not was_discussed(r)}) for r in meeting.reviews]
    return meeting.model_copy(update={"reviews": reviews}).model_dump_json(indent=2)


CSV_COLUMNS = ["meeting", "date", "kind", "kr_id", "key_result", "owner", "value", "confidence", "data_status", "evidence",
               "blocker", "escalate", "decision", "decision_note", "revisit_on", "next_action",
               "action_owner", "action_due", "time_spent_s", "timebox_s", "discussed"]


def _cell(text: str) -> str:
    """Stop a spreadsheet from running user text as a formula; plain numbers stay numbers."""
    try:
        float(text)
        return text
    except ValueError:
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _csv_row(meeting: Meeting, review: KRReview, kr: KeyResult | None) -> list[object]:
    decision, action = review.decision, review.next_action
    return [
        meeting.id, day(meeting.held_on), meeting.kind.value, review.kr_id, kr.title if kr else "",
        kr.owner if kr else "", "" if review.value is None else number(review.value),
        review.confidence.value if review.confidence else "",
        review.data_status.value if review.data_status else "", review.evidence, review.blocker,
        _yes(is_escalated(review)), decision.kind.value if decision else "", decision.note if decision else "",
        day(decision.revisit_on) if decision else "", action.text if action else "", action.owner if action else "",
        day(action.due) if action else "", round(review.time_spent_s), review.timebox_s, _yes(was_discussed(review)),
    ]


def meeting_csv(meeting: Meeting, quarter: Quarter) -> str:
    """One row per reviewed KR; opens cleanly in a spreadsheet (UTF-8 BOM, no formulas). 'escalate' and
    'discussed' are the summary's own definitions, so a spreadsheet counts what the record says."""
    krs = {kr.id: kr for kr in quarter.key_results}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for kr_id in meeting.agenda:
        review = meeting.review_of(kr_id)
        if review is not None:
            writer.writerow([_cell(str(v)) for v in _csv_row(meeting, review, krs.get(kr_id))])
    return "\ufeff" + out.getvalue()
