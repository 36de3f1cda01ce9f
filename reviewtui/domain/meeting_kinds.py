"""What each kind of meeting is for: its timebox, timer, agenda, form fields and the questions it asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reviewtui.domain.models import DecisionKind, KeyResult, KRReview, Meeting, MeetingKind, MeetingState, Quarter, Status
from reviewtui.domain.progress import is_behind_pace, never_measured, standing
from reviewtui.domain.review_rules import says_something


class FormField(StrEnum):
    """The parts of the per-KR form; each kind asks for some of them."""

    VALUE = "value"
    SCORE = "score"  # retrospective: the owner's score, 0 to 1 (the data's when left empty)
    CONFIDENCE = "confidence"
    EVIDENCE = "evidence"
    BLOCKER = "blocker"
    NEXT_ACTION = "next_action"
    LEADERSHIP_ASK = "leadership_ask"
    OWNER_DID = "owner_did"
    LESSON = "lesson"
    DECISION = "decision"


class AgendaRule(StrEnum):
    """Which key results a kind puts on its agenda."""

    ALL = "all"  # every KR (optionally one owner's), in the chosen order
    ATTENTION = "attention"  # stand-up: only off track, at risk, behind pace or changed since the last review
    OWNER = "owner"  # 1:1 prep: one owner's KRs, and that owner must be chosen


@dataclass(frozen=True)
class KindProfile:
    """How one kind of meeting runs."""

    kind: MeetingKind
    label: str
    purpose: str
    timebox_s: int
    timed: bool
    hard_stop_s: int | None
    agenda: AgendaRule
    fields: tuple[FormField, ...]

    def asks(self, field: FormField) -> bool:
        return field in self.fields


_STANDARD = (FormField.VALUE, FormField.CONFIDENCE, FormField.EVIDENCE, FormField.BLOCKER, FormField.NEXT_ACTION,
             FormField.DECISION)

PROFILES: dict[MeetingKind, KindProfile] = {
    MeetingKind.WEEKLY: KindProfile(
        MeetingKind.WEEKLY, "weekly check-in",
        "The team's check-in: every KR's value, evidence, blocker, next action and decision.",
        180, True, None, AgendaRule.ALL, _STANDARD),
    MeetingKind.STANDUP: KindProfile(
        MeetingKind.STANDUP, "stand-up",
        "Only what is off track, at risk, behind pace, changed or never measured; value, confidence, blocker, "
        "decision; hard stop.",
        90, True, 600, AgendaRule.ATTENTION,
        (FormField.VALUE, FormField.CONFIDENCE, FormField.BLOCKER, FormField.DECISION)),
    MeetingKind.ONE_ON_ONE: KindProfile(
        MeetingKind.ONE_ON_ONE, "1:1 prep",
        "Alone, before a 1:1: one owner's KRs and open actions, the last check-in beside the new one; "
        "no timer; ends with talking points.",
        300, False, None, AgendaRule.OWNER, _STANDARD),
    MeetingKind.MONTHLY: KindProfile(
        MeetingKind.MONTHLY, "monthly leadership review",
        "Escalations since the last leadership review first; each KR says what it needs from leadership now.",
        300, True, None, AgendaRule.ALL, (*_STANDARD[:-1], FormField.LEADERSHIP_ASK, FormField.DECISION)),
    MeetingKind.RETRO: KindProfile(
        MeetingKind.RETRO, "quarter-end retrospective",
        "Per KR: the target, what happened, when risk became visible, what the owner did, what changes next "
        "quarter; ends with the quarter's outcome and lessons.",
        300, True, None, AgendaRule.ALL,
        (FormField.VALUE, FormField.SCORE, FormField.EVIDENCE, FormField.OWNER_DID, FormField.LESSON,
         FormField.DECISION)),
}

# The kinds in the order the start screen offers them.
KIND_ORDER = [MeetingKind.WEEKLY, MeetingKind.STANDUP, MeetingKind.ONE_ON_ONE, MeetingKind.MONTHLY, MeetingKind.RETRO]
KIND_LABEL = {kind: profile.label for kind, profile in PROFILES.items()}


def profile(kind: MeetingKind) -> KindProfile:
    return PROFILES[kind]


def changed_since(kr: KeyResult, last: KRReview | None, last_on: date | None) -> bool:
    """True when a KR moved since its last review: a different value, or a value recorded after that day."""
    if last is None or last_on is None:
        return False
    if kr.current is not None and last.value is not None and kr.current != last.value:
        return True
    return any(point.date > last_on for point in kr.history)


def needs_attention(kr: KeyResult, quarter: Quarter, today: date, last: KRReview | None,
                    last_on: date | None) -> bool:
    """The stand-up's filter: off track, at risk, behind pace, changed since the last review, or never
    measured by the quarter's third week."""
    status = standing(kr, quarter, today).status  # a milestone's stated word counts here
    return (status in (Status.OFF_TRACK, Status.AT_RISK) or is_behind_pace(kr, quarter, today)
            or changed_since(kr, last, last_on) or never_measured(kr, quarter, today))


@dataclass(frozen=True)
class RaisedEscalation:
    """An escalation a team meeting raised, listed first at the next leadership review."""

    kr_id: str
    raised_on: date
    meeting_id: str
    blocker: str
    note: str


def escalations_since_leadership(meetings: list[Meeting]) -> list[RaisedEscalation]:
    """Escalations in confirmed meetings held after the last confirmed monthly leadership review."""
    final = sorted((m for m in meetings if m.state is MeetingState.FINAL), key=lambda m: m.started_at)
    last_leadership = max((m.started_at for m in final if m.kind is MeetingKind.MONTHLY), default=None)
    raised: list[RaisedEscalation] = []
    for meeting in final:
        if last_leadership is not None and meeting.started_at <= last_leadership:
            continue
        for review in meeting.reviews:
            escalated = review.escalate or (review.decision is not None and review.decision.kind.value == "escalate")
            if escalated and not review.deferred_unreviewed:
                raised.append(RaisedEscalation(review.kr_id, meeting.held_on, meeting.id, review.blocker,
                                               review.decision.note if review.decision else ""))
    return raised


def missing_for_kind(kind: MeetingKind, review: KRReview) -> list[str]:
    """What a kind asks for beyond a decision: the retrospective's two open questions must be answered
    (unless the KR is deferred, which needs its own reason and date)."""
    if kind is not MeetingKind.RETRO or review.decision is None or review.decision.kind is DecisionKind.DEFER:
        return []
    missing = []
    if not says_something(review.owner_did):
        missing.append("what the owner did (a few words)" if review.owner_did.strip() else "what the owner did")
    if not says_something(review.lesson):
        missing.append("what changes next quarter (a few words)" if review.lesson.strip()
                       else "what changes next quarter")
    return missing
