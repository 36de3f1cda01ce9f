"""What a confirmed meeting changes: KR values, history points and action items. Pure and idempotent.

The confirmed meeting file is the record; the quarter's current values and the action items are derived
from it by these functions, so applying a record a second time (after a crash) changes nothing more.
"""

from __future__ import annotations

from datetime import date

from reviewtui.domain.models import ActionItem, HistoryPoint, Meeting, Quarter


def effective_on(meeting: Meeting) -> date:
    """The day a confirmed meeting's values take effect: the day it was confirmed."""
    return (meeting.ended_at or meeting.started_at).date()


def apply_values(quarter: Quarter, meeting: Meeting) -> Quarter:
    """The quarter with the meeting's entered values as current values, and a history point for the day."""
    on = effective_on(meeting)
    objectives = []
    for objective in quarter.objectives:
        krs = []
        for kr in objective.key_results:
            review = meeting.review_of(kr.id)
            if review is not None and review.value is not None:
                history = [p for p in kr.history if p.date != on]
                if quarter.start <= on <= quarter.end:
                    history.append(HistoryPoint(date=on, value=review.value))
                    history.sort(key=lambda p: p.date)
                kr = kr.model_copy(update={"current": review.value, "history": history})
            krs.append(kr)
        objectives.append(objective.model_copy(update={"key_results": krs}))
    return quarter.model_copy(update={"objectives": objectives})


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
