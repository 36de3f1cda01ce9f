"""What a confirmed meeting changes: KR values, history points and action items. Pure and idempotent.

The confirmed meeting file is the record; the quarter's current values and the action items are derived
from it by these functions, so applying a record a second time (after a crash) changes nothing more.
"""

from __future__ import annotations

from datetime import date

from reviewtui.domain.enums import KRKind
from reviewtui.domain.models import (
    ActionItem, DecisionKind, HistoryPoint, KeyResult, KRReview, Meeting, Quarter, Retirement, TargetChange,
)


def effective_on(meeting: Meeting) -> date:
    """The day a confirmed meeting's values take effect: the day it was confirmed."""
    return (meeting.ended_at or meeting.started_at).date()


def apply_values(quarter: Quarter, meeting: Meeting) -> Quarter:
    """The quarter after the meeting: entered values (with a history point for the day), adjusted targets
    (the old one kept in target_history) and dropped KRs (retired from that day)."""
    on = effective_on(meeting)
    objectives = []
    for objective in quarter.objectives:
        krs = []
        for kr in objective.key_results:
            review = meeting.review_of(kr.id)
            if review is not None:
                kr = _apply_review(kr, review, quarter, meeting, on)
            krs.append(kr)
        objectives.append(objective.model_copy(update={"key_results": krs}))
    return quarter.model_copy(update={"objectives": objectives})


def _apply_review(kr: KeyResult, review: KRReview, quarter: Quarter, meeting: Meeting, on: date) -> KeyResult:
    update: dict[str, object] = {}
    if review.value is not None:
        dated = min(on, quarter.end)  # a value entered after the quarter ended is its final value, dated so
        history = [p for p in kr.history if p.date != dated]
        if quarter.start <= dated:
            history.append(HistoryPoint(date=dated, value=review.value))
            history.sort(key=lambda p: p.date)
        update.update(current=review.value, history=history)
        if kr.measure.is_metric and kr.baseline is None and kr.target is not None \
                and _before_target(kr.measure, review.value, kr.target):
            # To be measured: its first value is the baseline (one already at or past the target is not: the
            # KR stays valid, and its status says the target is met).
            update.update(baseline=review.value, baseline_on=dated)
    if review.confidence is not None and not review.deferred_unreviewed:
        update["confidence"] = review.confidence  # what the room last said of it
    decision = review.decision
    if decision is not None and not review.deferred_unreviewed:
        already = any(change.meeting == meeting.id for change in kr.target_history)  # applied twice: once
        if decision.kind is DecisionKind.ADJUST_TARGET and decision.new_target is not None and not already \
                and kr.target is not None and decision.new_target != kr.target:
            change = TargetChange(on=on, from_target=kr.target, to_target=decision.new_target, meeting=meeting.id,
                                  reason=decision.note)
            update.update(target=decision.new_target, target_history=[*kr.target_history, change])
        if decision.kind is DecisionKind.DROP and kr.dropped is None:
            update["dropped"] = Retirement(on=on, meeting=meeting.id, reason=decision.note)
    return kr.model_copy(update=update) if update else kr


def _before_target(kind: KRKind, value: float, target: float) -> bool:
    return value < target if kind is KRKind.INCREASE else value > target


def apply_actions(actions: list[ActionItem], meeting: Meeting) -> list[ActionItem]:
    """The action items after the meeting: earlier ones closed as it marked them, its new ones opened."""
    by_id = {a.id: a for a in actions}
    for update in meeting.action_updates:
        action = by_id.get(update.action_id)
        if action is not None and action.opened_in != meeting.id:
            by_id[action.id] = action.model_copy(update={"status": update.status, "closed_in": meeting.id})
    for action in meeting.new_actions():
        by_id[action.id] = action
    return list(by_id.values())
