"""Talking points for a 1:1, written at the end of a 1:1 prep: pure functions over the models."""

from __future__ import annotations

from datetime import date

from reviewtui.domain.models import ActionItem, ActionStatus, DecisionKind, KRReview, Meeting, Quarter, Status
from reviewtui.domain.progress import pace, progress, scale
from reviewtui.domain.review_rules import gate_status, is_narrative
from reviewtui.domain.summary import is_escalated
from reviewtui.export.markdown import md
from reviewtui.format import day, decision_text, number, quantity, status_word


def questions_for(review: KRReview, status: Status | None, actions_not_done: list[ActionItem]) -> list[str]:
    """What to ask in the 1:1: about the evidence, the trend, the blocker and the actions, never about blame."""
    asks = []
    if not review.evidence.strip():
        asks.append("What number, link or file shows where this stands?")
    elif is_narrative(review.evidence):
        asks.append("The update is narrative: what number shows the progress?")
    if status is Status.OFF_TRACK and review.decision and review.decision.kind is DecisionKind.CONTINUE:
        asks.append("It is off track and we decided to continue: what would change the trend, and by when?")
    if review.blocker.strip() and not is_escalated(review):
        asks.append("Does the blocker need someone above us? If so, escalate it now, not at quarter end.")
    for action in actions_not_done:
        asks.append(f"{action.id} '{action.text}' was due {action.due}: what got in the way?")
    return asks


def when(quarter: Quarter, today: date) -> str:
    """Where the quarter stands: 'Day 53 of 92: ...', or that it has ended (never 'Day 153 of 92')."""
    if today > quarter.end:
        return f"{quarter.id} ended on {quarter.end}: the values are its final values."
    if today < quarter.start:
        return f"{quarter.id} starts on {quarter.start}."
    return (f"Day {(today - quarter.start).days + 1} of {(quarter.end - quarter.start).days + 1}: a key result on "
            f"pace is {pace(quarter.start, quarter.end, today):.0%} of the way to its target.")


def talking_points_markdown(meeting: Meeting, quarter: Quarter, earlier_actions: list[ActionItem],
                            last_values: dict[str, tuple[float | None, date]]) -> str:
    """The 1:1's talking points: per KR where it stands and what to ask, then every open action the owner holds."""
    owner = meeting.owner or "?"
    today = meeting.held_on
    krs = {kr.id: kr for kr in quarter.key_results}
    verdicts = {u.action_id: u.status for u in meeting.action_updates}
    lines = [f"# 1:1 talking points: {md(owner)}, {md(quarter.title)}", "",
             f"Prepared by {md(meeting.facilitator)} on {today}. " + when(quarter, today), ""]
    for kr_id in meeting.agenda:
        review, kr = meeting.review_of(kr_id), krs.get(kr_id)
        if review is None or kr is None:
            continue
        status = gate_status(kr, review, quarter, today)
        lines += [f"## {md(kr.id)}: {md(kr.title)} ({status_word(status)})", ""]
        value = review.value if review.value is not None else kr.current
        done = progress(kr, value)
        now = md(quantity(value, kr.unit, none="no value yet"))
        span = scale(kr)
        if done is not None and span is not None:
            now += f" ({done:.0%} of the way from {number(span[0])} to {number(span[1])})"
        last_value, last_on = last_values.get(kr_id, (None, None))
        if last_value is not None and value is not None:
            change = value - last_value
            now += f"; last check-in {day(last_on)}: {number(last_value)} ({'+' if change >= 0 else '-'}" \
                   f"{number(abs(change))})"
        lines.append(f"- Now: {now}")
        lines.append(f"- Evidence: {md(review.evidence) or 'none recorded'}")
        if review.blocker.strip():
            lines.append(f"- Blocker: {md(review.blocker)}{' (escalated)' if is_escalated(review) else ''}")
        if review.decision:
            decided = md(decision_text(review.decision, kr.unit))
            lines.append(f"- Decision: {decided}" + (f": {md(review.decision.note)}" if review.decision.note else ""))
        if review.next_action:
            action = review.next_action
            lines.append(f"- Next action: {md(action.text)} ({md(action.owner)}, due {action.due})")
        not_done = [a for a in earlier_actions if a.kr_id == kr_id and a.status is ActionStatus.OPEN
                    and verdicts.get(a.id, ActionStatus.OPEN) is ActionStatus.OPEN and a.due < today]
        asks = questions_for(review, status, not_done)
        if asks:
            lines += ["- Ask:"] + [f"  - {md(ask)}" for ask in asks]
        lines.append("")
    held = [a for a in earlier_actions if a.owner == meeting.owner and a.status is ActionStatus.OPEN]
    lines += [f"## Open actions {md(owner)} owns", ""]
    for action in held:
        verdict = verdicts.get(action.id, ActionStatus.OPEN)
        state = {ActionStatus.DONE: "marked done in this prep", ActionStatus.DROPPED: "dropped in this prep"}.get(
            verdict, "overdue" if action.due < today else "open")
        lines.append(f"- {action.id} ({md(action.kr_id)}): {md(action.text)}, due {action.due}: **{state}**")
    if not held:
        lines.append("- none")
    new = [r.next_action for r in (meeting.review_of(k) for k in meeting.agenda) if r and r.next_action]
    if new:
        lines += ["", "## New actions from this prep", ""]
        lines += [f"- {a.id} ({md(a.kr_id)}): {md(a.text)} ({md(a.owner)}, due {a.due})" for a in new]
    return "\n".join(lines) + "\n"
