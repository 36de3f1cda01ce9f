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
