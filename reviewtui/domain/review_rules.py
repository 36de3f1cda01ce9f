"""The rules of a live review: timeboxes, agenda order, what evidence counts, and the decision gate."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from reviewtui.domain.models import DecisionKind, KeyResult, KRReview, Quarter, Status
from reviewtui.domain.progress import is_behind_pace, standing, suggested_status

DECISION_LABEL = {
    DecisionKind.CONTINUE: "continue",
    DecisionKind.ESCALATE: "escalate",
    DecisionKind.REPRIORITISE: "reprioritise",
    DecisionKind.ADD_SUPPORT: "add support",
    DecisionKind.REMOVE_BLOCKER: "remove blocker",
    DecisionKind.ADJUST_TARGET: "adjust target",
    DecisionKind.DROP: "drop",
    DecisionKind.DEFER: "defer",
}
WARN_FRACTION = 0.2  # the countdown warns when a fifth of the timebox is left
STALE_AFTER_DAYS = 14

# Checkable evidence names a number, a link, a file or a ticket; adjectives alone are narrative.
_CHECKABLE = re.compile(
    r"\d|https?://|www\.|\b[\w-]+\.(?:csv|xlsx?|pdf|json|md|png|jpg|docx?|pptx?|txt|sql|ipynb)\b|\b[A-Z][A-Z0-9]+-\d+\b",
    re.IGNORECASE,
)


class AgendaOrder(StrEnum):
    """How the KRs of a meeting are ordered."""

    OBJECTIVES = "objectives"
    RISK_FIRST = "risk_first"


def is_narrative(evidence: str) -> bool:
    """True when evidence has text but nothing anyone could check: no number, link, file or ticket."""
    return bool(evidence.strip()) and not _CHECKABLE.search(evidence)


def last_update(kr: KeyResult) -> date | None:
    return max((point.date for point in kr.history), default=None)


def is_stale(kr: KeyResult, today: date) -> bool:
    """No value recorded in the last two weeks (or ever)."""
    updated = last_update(kr)
    return updated is None or (today - updated).days > STALE_AFTER_DAYS


def risk_rank(kr: KeyResult, quarter: Quarter, today: date) -> int:
    """0 off track, 1 at risk, 2 behind pace, 3 stale, 4 fine: the risk-first agenda order."""
    status = standing(kr, quarter, today).status  # a milestone's stated word counts here
    if status is Status.OFF_TRACK:
        return 0
    if status is Status.AT_RISK:
        return 1
    if is_behind_pace(kr, quarter, today):
        return 2
    if is_stale(kr, today) or status is None:
        return 3
    return 4


def build_agenda(quarter: Quarter, today: date, order: AgendaOrder, owner: str | None = None, *,
                 only: set[str] | None = None, first: list[str] | None = None) -> list[str]:
    """KR ids to review, in objective order or risk first, optionally only one owner's or only some;
    the ids in `first` (e.g. escalations for a leadership review) lead, in their own order."""
    krs = [kr for kr in quarter.key_results  # a dropped KR is retired: no later meeting reviews it
           if kr.dropped is None and (owner is None or kr.owner == owner) and (only is None or kr.id in only)]
    if order is AgendaOrder.RISK_FIRST:
        position = {kr.id: index for index, kr in enumerate(krs)}
        krs.sort(key=lambda kr: (risk_rank(kr, quarter, today), position[kr.id]))
    ids = [kr.id for kr in krs]
    leading = [kr_id for kr_id in dict.fromkeys(first or []) if kr_id in ids]
    return leading + [kr_id for kr_id in ids if kr_id not in leading]


def gate_status(kr: KeyResult, review: KRReview, quarter: Quarter, today: date) -> Status | None:
    """The status the gate judges by: off track if the data says so (with the value just entered) or the
    room does. Choosing a milder confidence does not make an off-track KR on track."""
    measured = kr if review.value is None else kr.model_copy(update={"current": review.value})
    suggested = suggested_status(measured, quarter, today)
    if Status.OFF_TRACK in (suggested, review.confidence):
        return Status.OFF_TRACK
    return review.confidence or suggested


def says_something(text: str) -> bool:
    """A reason that says something: at least two words and eight letters or digits ('x' or 'ok' does not)."""
    words = re.findall(r"\w+", text)
    return len(words) >= 2 and sum(len(word) for word in words) >= 8


def missing_for_decision(review: KRReview, status: Status | None, today: date,
                         kr: KeyResult | None = None) -> list[str]:
    """What still stops this review from counting as decided; empty when the gate may open.

    `status` is gate_status(): what the data and the room say, whichever is worse. `kr` lets an adjusted
    target be checked against the KR's baseline.
    """
    missing: list[str] = []
    decision = review.decision
    if decision is None:
        return ["a decision"]
    note = decision.note.strip()
    reason = says_something(note)
    kind = decision.kind
    if kind is DecisionKind.DEFER:
        if not reason:
            missing.append("a reason for deferring" if not note else "a reason for deferring that says why")
        if decision.revisit_on is None:
            missing.append("the date it comes back (revisit)")
        elif decision.revisit_on <= today:
            missing.append("a revisit date after today")
    if kind is DecisionKind.CONTINUE and status is Status.OFF_TRACK and not reason:
        missing.append("a written reason to continue an off-track KR" if not note
                       else "a reason to continue an off-track KR that says why (a few words)")
    if kind is DecisionKind.ESCALATE and not reason and not review.blocker.strip():
        missing.append("what is escalated, and to whom (a blocker or a note)")
    if kind is DecisionKind.ADJUST_TARGET:
        missing += _missing_for_new_target(decision.new_target, kr)
        if not reason:
            missing.append("why the target moves, in the note")
    if kind is DecisionKind.DROP and not reason:
        missing.append("why the KR is dropped, in the note")
    if kind is DecisionKind.REPRIORITISE and not reason:
        missing.append("what moves, in the note (what goes first, what waits)")
    if kind is DecisionKind.REMOVE_BLOCKER and not review.blocker.strip():
        missing.append("the blocker to remove")
    if review.next_action is not None and review.next_action.due < today:
        missing.append("a due date for the next action that is not in the past")
    return missing


def _missing_for_new_target(new_target: float | None, kr: KeyResult | None) -> list[str]:
    if new_target is None:
        return ["the new target (a number)"]
    if kr is None:
        return []
    if kr.target is None:
        return [f"a KR with a target: a {kr.measure.value} key result has none to move (drop it, or decide another way)"]
    if new_target == kr.target:
        return [f"a new target other than the current one ({kr.target:g})"]
    if kr.baseline is not None and ((new_target > kr.baseline) != (kr.target > kr.baseline)
                                    or new_target == kr.baseline):
        side = "below" if kr.lower_is_better else "above"
        return [f"a new target {side} the baseline ({kr.baseline:g}), as the KR's is"]
    return []
