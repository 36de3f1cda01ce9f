"""The rules of a live review: timeboxes, agenda order, what evidence counts, and the decision gate."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from reviewtui.domain.models import DecisionKind, KeyResult, KRReview, MeetingKind, Quarter, Status
from reviewtui.domain.progress import is_behind_pace, suggested_status

DEFAULT_TIMEBOX_S = {
    MeetingKind.STANDUP: 90,
    MeetingKind.WEEKLY: 180,
    MeetingKind.MONTHLY: 300,
    MeetingKind.RETRO: 300,
    MeetingKind.ONE_ON_ONE: 300,
}
KIND_LABEL = {
    MeetingKind.WEEKLY: "weekly check-in",
    MeetingKind.MONTHLY: "monthly leadership review",
    MeetingKind.RETRO: "quarter-end retrospective",
    MeetingKind.ONE_ON_ONE: "1:1 prep",
    MeetingKind.STANDUP: "stand-up",
}
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


def build_agenda(quarter: Quarter, today: date, order: AgendaOrder, owner: str | None = None) -> list[str]:
    """KR ids to review, in objective order or risk first, optionally only one owner's."""
    krs = [kr for kr in quarter.key_results if owner is None or kr.owner == owner]
    if order is AgendaOrder.RISK_FIRST:
        position = {kr.id: index for index, kr in enumerate(krs)}
        krs.sort(key=lambda kr: (risk_rank(kr, quarter, today), position[kr.id]))
    return [kr.id for kr in krs]


def missing_for_decision(review: KRReview, status: Status | None) -> list[str]:
    """What still stops this review from counting as decided; empty when the gate may open.

    `status` is the confidence the room settled on (or the suggested one).
    """
    missing: list[str] = []
    decision = review.decision
    if decision is None:
        return ["a decision"]
    if decision.kind is DecisionKind.DEFER:
        if not decision.note.strip():
            missing.append("a reason for deferring")
        if decision.revisit_on is None:
            missing.append("the date it comes back (revisit on)")
    if decision.kind is DecisionKind.CONTINUE and status is Status.OFF_TRACK and not decision.note.strip():
        missing.append("a written reason to continue an off-track KR")
    if review.next_action is not None and not review.next_action.owner.strip():
        missing.append("an owner for the next action")
    return missing
