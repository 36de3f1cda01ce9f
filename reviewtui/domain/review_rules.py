"""The rules of a live review: timeboxes, agenda order, what evidence counts, and the decision gate."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from reviewtui.domain.models import DecisionKind, KeyResult, KRReview, Quarter, Status
from reviewtui.domain.progress import is_behind_pace, suggested_status

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
    status = suggested_status(kr, quarter, today)
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
    krs = [kr for kr in quarter.key_results
           if (owner is None or kr.owner == owner) and (only is None or kr.id in only)]
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


def missing_for_decision(review: KRReview, status: Status | None, today: date) -> list[str]:
    """What still stops this review from counting as decided; empty when the gate may open.

    `status` is gate_status(): what the data and the room say, whichever is worse.
    """
    missing: list[str] = []
    decision = review.decision
    if decision is None:
        return ["a decision"]
    note = decision.note.strip()
    if decision.kind is DecisionKind.DEFER:
        if not note:
            missing.append("a reason for deferring")
        if decision.revisit_on is None:
            missing.append("the date it comes back (revisit)")
        elif decision.revisit_on <= today:
            missing.append("a revisit date after today")
    if decision.kind is DecisionKind.CONTINUE and status is Status.OFF_TRACK and not note:
        missing.append("a written reason to continue an off-track KR")
    if decision.kind is DecisionKind.ESCALATE and not note and not review.blocker.strip():
        missing.append("what is escalated, and to whom (a blocker or a note)")
    if decision.kind is DecisionKind.ADJUST_TARGET and not note:
        missing.append("the new target and why, in the note")
    if review.next_action is not None and review.next_action.due < today:
        missing.append("a due date for the next action that is not in the past")
    return missing
