"""Action items in the accountability report: done on time, late or not at all, and the follow-through share.

An action opened in meeting M for KR k is "done by the next review" when the next final meeting after M that
reviewed k (not a bulk deferral) marked it done. Until k is reviewed again the action is pending and left out
of the share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reviewtui.domain.models import ActionItem, ActionStatus, KRReview, Meeting


@dataclass(slots=True)
class ReviewAt:
    """A KR's review in a final meeting, with the meeting's position in the order meetings were held."""

    position: int
    meeting: Meeting
    review: KRReview


class ActionTiming(StrEnum):
    """Where an action item stands at the report's today."""

    DONE_ON_TIME = "done_on_time"  # marked done by its due date, or at its KR's first review after it
    DONE_LATE = "done_late"  # marked done at a later review
    DONE_UNDATED = "done_undated"  # marked done in a meeting that is not a final record of the quarter
    NOT_DONE = "not_done"  # still open and past due
    DROPPED = "dropped"
    OPEN = "open"  # open and not yet due

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class ActionCounts:
    """A KR's action items by timing."""

    done_on_time: int = 0
    done_late: int = 0
    done_undated: int = 0
    not_done: int = 0
    dropped: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.done_undated + self.not_done + self.dropped + self.open


@dataclass(frozen=True, slots=True)
class ActionFigure:
    """One action item: its timing, and whether it was done by the next review of its KR."""

    action: ActionItem
    timing: ActionTiming
    closed_on: date | None
    next_review_in: str | None  # the next final meeting after the one that opened it that reviewed its KR
    done_by_next_review: bool | None  # None: pending, its KR has not been reviewed since


@dataclass(frozen=True, slots=True)
class FollowThrough:
    """Actions done by the next review of their KR, out of those whose KR has been reviewed again."""

    key: str  # a meeting id or a team
    done: int
    total: int
    pending: int  # left out of the share: no next review yet
    held_on: date | None = None  # for a meeting

    @property
    def share(self) -> float | None:
        return self.done / self.total if self.total else None


def action_figures(actions: Iterable[ActionItem], finals: Sequence[Meeting], position: dict[str, int],
                    reviews_of: dict[str, list[ReviewAt]], today: date) -> list[ActionFigure]:
    """Each action's timing at `today` and whether it was done by the next review of its KR."""
    figures = []
    for action in actions:
        reviewed = [r for r in reviews_of.get(action.kr_id, []) if not r.review.deferred_unreviewed]
        opened = position.get(action.opened_in)
        following = next((r for r in reviewed if opened is not None and r.position > opened), None)
        closed = position.get(action.closed_in) if action.closed_in else None
        closed_on = finals[closed].held_on if closed is not None else None
        timing = _timing(action, closed, closed_on, reviewed, today)
        if action.status is ActionStatus.DONE and closed is not None and opened is not None and closed > opened:
            by_next: bool | None = following is None or closed <= following.position
        else:
            by_next = None if following is None else False
        figures.append(ActionFigure(action, timing, closed_on, following.meeting.id if following else None,
                                    by_next))
    return figures


def _timing(action: ActionItem, closed: int | None, closed_on: date | None, reviewed: Sequence[ReviewAt],
            today: date) -> ActionTiming:
    if action.status is ActionStatus.DROPPED:
        return ActionTiming.DROPPED
    if action.status is ActionStatus.OPEN:
        return ActionTiming.NOT_DONE if action.due < today else ActionTiming.OPEN
    if closed is None or closed_on is None:
        return ActionTiming.DONE_UNDATED
    if closed_on <= action.due:
        return ActionTiming.DONE_ON_TIME
    # The record sees an action done only at a review: the first review of its KR after the due date counts.
    first_after_due = next((r.position for r in reviewed if r.meeting.held_on >= action.due), None)
    return ActionTiming.DONE_ON_TIME if first_after_due is not None and closed <= first_after_due \
        else ActionTiming.DONE_LATE


def follow_through(keyed: Iterable[tuple[str, ActionFigure]], order: Sequence[str] = ()) -> list[FollowThrough]:
    """Shares per key (a meeting or a team): keys in `order` first, even with no actions, then the rest sorted."""
    tallies: dict[str, list[int]] = {key: [0, 0, 0] for key in order}
    for key, figure in keyed:
        tally = tallies.setdefault(key, [0, 0, 0])
        if figure.done_by_next_review is None:
            tally[2] += 1
        else:
            tally[0] += figure.done_by_next_review
            tally[1] += 1
    listed = set(order)
    keys = list(order) + sorted(k for k in tallies if k not in listed)
    return [FollowThrough(key, done=tallies[key][0], total=tallies[key][1], pending=tallies[key][2]) for key in keys]
