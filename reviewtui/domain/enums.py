"""The product's named choices: statuses, meeting kinds, decisions, action and meeting states, outcome bands.

Plain enums with no pydantic, so lists and tables (the home screen, the index) can use them without
loading the models. reviewtui.domain.models re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """How a KR stands against its pace."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class KRKind(StrEnum):
    """How a key result is measured: moved from a baseline to a target, held on the right side of a threshold,
    or done (a milestone, optionally a checklist)."""

    INCREASE = "increase"
    DECREASE = "decrease"
    STAY_ABOVE = "stay_above"
    STAY_BELOW = "stay_below"
    MILESTONE = "milestone"

    @property
    def is_metric(self) -> bool:
        return self in (KRKind.INCREASE, KRKind.DECREASE)

    @property
    def is_threshold(self) -> bool:
        return self in (KRKind.STAY_ABOVE, KRKind.STAY_BELOW)


class Commitment(StrEnum):
    """Committed objectives succeed at a score of 1.0; aspirational ones at 0.7 (Google's convention)."""

    COMMITTED = "committed"
    ASPIRATIONAL = "aspirational"

    @property
    def success_at(self) -> float:
        return 1.0 if self is Commitment.COMMITTED else 0.7


class MeetingKind(StrEnum):
    """The kinds of review meeting, each with its own default timebox per KR."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    RETRO = "retro"
    ONE_ON_ONE = "one_on_one"
    STANDUP = "standup"


class DecisionKind(StrEnum):
    """What a review decided for a KR. Every reviewed KR ends in one of these."""

    CONTINUE = "continue"
    ESCALATE = "escalate"
    REPRIORITISE = "reprioritise"
    ADD_SUPPORT = "add_support"
    REMOVE_BLOCKER = "remove_blocker"
    ADJUST_TARGET = "adjust_target"
    DROP = "drop"
    DEFER = "defer"


class ActionStatus(StrEnum):
    """An action item stays open until a later meeting marks it done or dropped."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class MeetingState(StrEnum):
    """A draft meeting can be resumed; a final one is the record."""

    DRAFT = "draft"
    FINAL = "final"
    DISCARDED = "discarded"  # thrown away with a reason: kept on disk, never resumed, never counted


class OutcomeBand(StrEnum):
    """Where a KR ended against its target; a KR with no value has no band."""

    MISSED = "missed"  # progress < 0.4
    PARTIAL = "partial"  # 0.4 <= progress < 1.0
    TARGET = "target"  # 1.0 <= progress < 1.25
    STRETCH = "stretch"  # progress >= 1.25

    @property
    def label(self) -> str:
        return self.value
