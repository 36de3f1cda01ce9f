"""What a meeting amounted to: decisions, escalations, actions, overruns, time, accountability flags.

The one place that says which KRs a meeting discussed and which it escalated: the summary screen, the
record's Markdown, the CSV and JSON exports all ask the functions here, so a count and its list agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewtui.domain.meeting_kinds import FormField, RaisedEscalation, profile
from reviewtui.domain.models import ActionItem, ActionStatus, DecisionKind, KRReview, Meeting, Quarter, Status
from reviewtui.domain.retro import RetroFacts
from reviewtui.domain.review_rules import gate_status, is_narrative


def has_entry(review: KRReview) -> bool:
    """Anything typed for the KR in the meeting: a value, evidence, a blocker, a next action, an ask, an answer,
    or text that did not read yet (kept as typed)."""
    return (review.value is not None or review.next_action is not None or review.escalate
            or any(text.strip() for text in (review.evidence, review.blocker, review.leadership_ask,
                                             review.owner_did, review.lesson, *review.unread.values())))


def was_discussed(review: KRReview) -> bool:
    """True unless the KR was deferred in bulk at an early end with nothing typed for it: a KR with anything
    entered was discussed (and its value is written to the KR), whatever the bulk deferral marked."""
    return not review.deferred_unreviewed or has_entry(review)


def is_escalated(review: KRReview) -> bool:
    """A discussed KR that was escalated: the escalate toggle or the decision *escalate*, either one."""
    decided = review.decision is not None and review.decision.kind is DecisionKind.ESCALATE
    return was_discussed(review) and (review.escalate or decided)


@dataclass(frozen=True)
class Flag:
    """An accountability flag on one KR: not blame, a sign the system did not work."""

    kr_id: str
    message: str


@dataclass(frozen=True)
class MeetingReport:
    """The summary shown before a meeting is confirmed, and written into its record."""

    decided: int
    discussed: int
    deferred_unreviewed: list[str]  # deferred without discussion: exactly the KRs `discussed` leaves out
    undecided: list[str]
    escalations: list[str]
    new_actions: list[ActionItem]
    overruns: list[tuple[str, float]]
    time_used_s: float
    time_planned_s: float
    flags: list[Flag] = field(default_factory=list)
    earlier_actions: list[tuple[ActionItem, ActionStatus]] = field(default_factory=list)
    leadership_asks: list[tuple[str, str]] = field(default_factory=list)  # monthly: (KR, what leadership must do)
    raised_escalations: list[RaisedEscalation] = field(default_factory=list)  # monthly: since the last one
    hard_stopped: bool = False  # stand-up: time ran out and the rest was deferred
    ended_early: bool = False  # the rest of the agenda was deferred in one go (ctrl+e or the hard stop)
    retro: list[RetroFacts] = field(default_factory=list)  # retrospective: the facts per KR
    lessons: list[tuple[str, str]] = field(default_factory=list)  # retrospective: (KR, what changes next quarter)


def summarize(meeting: Meeting, quarter: Quarter, earlier_actions: list[ActionItem],
              raised_escalations: list[RaisedEscalation] | None = None,
              retro: list[RetroFacts] | None = None) -> MeetingReport:
    """Build the meeting report from the meeting itself and the actions open before it started."""
    reviews = [r for kr_id in meeting.agenda if (r := meeting.review_of(kr_id)) is not None]
    krs = {kr.id: kr for kr in quarter.key_results}
    discussed = [r for r in reviews if was_discussed(r)]
    asks_evidence = profile(meeting.kind).asks(FormField.EVIDENCE)
    flags: list[Flag] = []
    for review in discussed:
        if is_narrative(review.evidence):
            flags.append(Flag(review.kr_id, "narrative evidence: nothing checkable (no number, link or file)"))
        deferred = review.decision is not None and review.decision.kind is DecisionKind.DEFER
        if asks_evidence and not review.evidence.strip() and not deferred:
            flags.append(Flag(review.kr_id, "no evidence recorded"))
        kr = krs.get(review.kr_id)
        off_track = kr is not None and gate_status(kr, review, quarter, meeting.held_on) is Status.OFF_TRACK
        if off_track and review.decision and review.decision.kind is DecisionKind.CONTINUE:
            flags.append(Flag(review.kr_id, "off track and decided 'continue': nothing changes"))
    statuses = {u.action_id: u.status for u in meeting.action_updates}
    talked_about = {r.kr_id for r in discussed}
    for action in earlier_actions:
        verdict = statuses.get(action.id, ActionStatus.OPEN)
        # Only an action that is due and was discussed can be "not done"; one due next week is not late.
        if (action.status is ActionStatus.OPEN and verdict is ActionStatus.OPEN and action.kr_id in talked_about
                and action.due < meeting.held_on):
            flags.append(Flag(action.kr_id, f"action not done and overdue: {action.text} "
                                            f"({action.owner}, due {action.due})"))
    by_id = {a.id: a for a in earlier_actions}
    ended_early = any(r.deferred_unreviewed for r in reviews)
    return MeetingReport(
        decided=sum(r.decision is not None for r in reviews),
        discussed=len(discussed),
        deferred_unreviewed=[r.kr_id for r in reviews if not was_discussed(r)],
        earlier_actions=[(by_id[u.action_id], u.status) for u in meeting.action_updates if u.action_id in by_id],
        undecided=[r.kr_id for r in reviews if r.decision is None],
        escalations=[r.kr_id for r in reviews if is_escalated(r)],
        new_actions=meeting.new_actions(),
        overruns=[(r.kr_id, r.time_spent_s - r.timebox_s) for r in reviews
                  if meeting.timed and r.time_spent_s > r.timebox_s],
        time_used_s=sum(r.time_spent_s for r in reviews),
        # A stand-up's plan is its hard stop when the timeboxes add up to more: the meeting ends there.
        time_planned_s=float(min(sum(r.timebox_s for r in reviews), meeting.hard_stop_s or float("inf"))),
        flags=flags,
        leadership_asks=[(r.kr_id, r.leadership_ask.strip()) for r in discussed if r.leadership_ask.strip()],
        raised_escalations=list(raised_escalations or []),
        retro=list(retro or []),
        lessons=[(r.kr_id, r.lesson.strip()) for r in discussed if r.lesson.strip()],
        hard_stopped=meeting.hard_stop_s is not None and ended_early
        and sum(r.time_spent_s for r in reviews) >= meeting.hard_stop_s,
        ended_early=ended_early,
    )
