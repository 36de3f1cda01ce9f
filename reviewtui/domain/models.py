"""The product's nouns as pydantic models: quarter, objective, key result, meeting, review, decision."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from reviewtui.domain.enums import ActionStatus, DecisionKind, MeetingKind, MeetingState, Status
from reviewtui.domain.text_fields import Identifier, Note, PersonName, ShortText, Title

MAX_MAGNITUDE = 1e12


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("bad_date", "must be a date written YYYY-MM-DD") from None
    return value


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("bad_datetime", "must be an ISO date-time") from None
    return value


def _finite_number(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("not_finite", "must be a finite number, not {value}", {"value": value})
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_MAGNITUDE:
        raise PydanticCustomError("too_large", "must be between -1e12 and 1e12")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]
Number = Annotated[float, BeforeValidator(_finite_number)]
E = TypeVar("E")
Lax = Annotated[E, Strict(False)]  # enums arrive from JSON as their string values


# One set of limits: a quarter holds at most 50 objectives of 50 key results, and any quarter that imports
# can be reviewed whole (a meeting's agenda holds as many KRs as a quarter can).
MAX_OBJECTIVES = 50
MAX_KRS_PER_OBJECTIVE = 50
MAX_KRS = MAX_OBJECTIVES * MAX_KRS_PER_OBJECTIVE


class StrictModel(BaseModel):
    """Base for every stored model: strict types, unknown fields refused, no NaN."""

    # defer_build: validators are built on first use, so start-up pays only for the models it needs.
    model_config = ConfigDict(
        strict=True, extra="forbid", allow_inf_nan=False, validate_assignment=True, defer_build=True
    )


class Dependency(StrictModel):
    """Help a KR needs from another team."""

    team: PersonName
    help: ShortText = ""


class HistoryPoint(StrictModel):
    """A value a KR had on a date."""

    date: IsoDate
    value: Number


class TargetChange(StrictModel):
    """A target moved by a meeting's *adjust target* decision: kept, so moving goalposts stay visible."""

    on: IsoDate
    from_target: Number
    to_target: Number
    meeting: Identifier
    reason: Note = ""


class Retirement(StrictModel):
    """A KR dropped by a meeting: out of later agendas and of silent misses, with when and why."""

    on: IsoDate
    meeting: Identifier
    reason: Note = ""


class KeyResult(StrictModel):
    """A measurable result with one owner. A target below the baseline means lower is better."""

    id: Identifier
    title: Title
    owner: PersonName
    unit: ShortText
    baseline: Number = Field(description="value at the start of the quarter")
    target: Number = Field(description="value to reach; below the baseline means lower is better")
    current: Number | None = Field(default=None, description="latest known value")
    evidence_source: ShortText = Field(default="", description="how progress is proven: a report, export, dashboard")
    dependencies: list[Dependency] = Field(default_factory=list, max_length=20)
    history: list[HistoryPoint] = Field(default_factory=list, max_length=1000)
    target_history: list[TargetChange] = Field(default_factory=list, max_length=100,
                                               description="targets moved by meetings (kept by reviewtui)")
    dropped: Retirement | None = Field(default=None, description="when a meeting dropped it (kept by reviewtui)")

    @field_validator("target")
    @classmethod
    def _target_differs(cls, target: float, info: ValidationInfo) -> float:
        if info.data.get("baseline") == target:
            raise PydanticCustomError("cross_field", "must differ from baseline ({baseline})", {"baseline": f"{target:g}"})
        return target

    @field_validator("history")
    @classmethod
    def _history_in_quarter(cls, history: list[HistoryPoint], info: ValidationInfo) -> list[HistoryPoint]:
        window = (info.context or {}).get("quarter_window")
        if not window:
            return history
        start, end = window
        for index, point in enumerate(history):
            if not start <= point.date <= end:
                raise PydanticCustomError(
                    "cross_field",
                    "{when} is outside the quarter ({start} to {end})",
                    {"when": point.date.isoformat(), "start": start.isoformat(), "end": end.isoformat(),
                     "suffix": f"[{index}].date"},
                )
        return history

    @property
    def lower_is_better(self) -> bool:
        return self.target < self.baseline

    @property
    def original_target(self) -> float:
        """The target the quarter started with, before any meeting moved it."""
        return self.target_history[0].from_target if self.target_history else self.target


class Objective(StrictModel):
    """A qualitative goal with one owner and its key results."""

    id: Identifier
    title: Title
    owner: PersonName
    team: ShortText = ""
    aligned_to: ShortText = ""
    key_results: list[KeyResult] = Field(max_length=MAX_KRS_PER_OBJECTIVE)


class Quarter(StrictModel):
    """A period with start and end dates, holding objectives. Stored and imported in the same shape."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    id: Identifier = Field(alias="quarter", description="quarter id, e.g. 2026-Q4: letters, digits, '.', '_', '-'")
    name: ShortText = ""
    start: IsoDate
    end: IsoDate
    objectives: list[Objective] = Field(max_length=MAX_OBJECTIVES)

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise PydanticCustomError("cross_field", "must be after start ({start})", {"start": start.isoformat()})
        return end

    @property
    def title(self) -> str:
        return self.name or self.id

    @property
    def key_results(self) -> list[KeyResult]:
        return [kr for objective in self.objectives for kr in objective.key_results]

    def objective_of(self, kr_id: str) -> Objective | None:
        return next((o for o in self.objectives if any(k.id == kr_id for k in o.key_results)), None)


class Decision(StrictModel):
    """A logged decision: its kind, why, who decided and when."""

    kind: Lax[DecisionKind]
    note: Note = ""
    decided_by: PersonName | None = None
    at: IsoDateTime
    revisit_on: IsoDate | None = None
    new_target: Number | None = None  # adjust target: the KR's target from this meeting on


class ActionItem(StrictModel):
    """A next action with one owner and a due date."""

    id: Identifier
    kr_id: Identifier
    text: Title
    owner: PersonName
    due: IsoDate
    status: Lax[ActionStatus] = ActionStatus.OPEN
    opened_in: Identifier
    closed_in: Identifier | None = None


class KRReview(StrictModel):
    """What one meeting recorded for one KR."""

    kr_id: Identifier
    value: Number | None = None
    confidence: Lax[Status] | None = None
    evidence: Note = ""
    blocker: Note = ""
    escalate: bool = False
    next_action: ActionItem | None = None
    decision: Decision | None = None
    time_spent_s: float = Field(default=0.0, ge=0)
    timebox_s: int = Field(default=180, ge=10, le=3600)
    deferred_unreviewed: bool = False  # deferred in bulk when the meeting ended early, never discussed
    leadership_ask: Note = ""  # monthly leadership review: the decision or support needed from leadership now
    owner_did: Note = ""  # quarter-end retrospective: what the owner did about it
    lesson: Note = ""  # quarter-end retrospective: what changes next quarter
    unread: dict[str, Note] = Field(default_factory=dict, max_length=6)  # typed text that did not read, as typed


class ActionUpdate(StrictModel):
    """A meeting's verdict on an action item opened earlier: done, still open (not done), or dropped."""

    action_id: Identifier
    status: Lax[ActionStatus]


class Meeting(StrictModel):
    """Everything one meeting decided."""

    id: Identifier
    quarter_id: Identifier
    kind: Lax[MeetingKind]
    facilitator: PersonName
    attendees: list[PersonName] = Field(default_factory=list, max_length=50)
    started_at: IsoDateTime
    ended_at: IsoDateTime | None = None
    state: Lax[MeetingState] = MeetingState.DRAFT
    timebox_s: int = Field(default=180, ge=10, le=3600)
    timed: bool = True  # False: no timer pressure (a 1:1 prep shows time spent, never a countdown)
    hard_stop_s: int | None = Field(default=None, ge=60, le=4 * 3600)  # stand-up: the meeting ends here
    owner: PersonName | None = None  # 1:1 prep: whose key results and actions
    agenda: list[Identifier] = Field(default_factory=list, max_length=MAX_KRS)  # any quarter can be reviewed
    position: int = Field(default=0, ge=0)
    reviews: list[KRReview] = Field(default_factory=list, max_length=MAX_KRS)
    action_updates: list[ActionUpdate] = Field(default_factory=list, max_length=10 * MAX_KRS)
    discard_reason: Note = ""  # why a draft was thrown away (state discarded)

    @property
    def held_on(self) -> date:
        return self.started_at.date()

    def new_actions(self) -> list[ActionItem]:
        return [r.next_action for r in self.reviews if r.next_action is not None]

    def review_of(self, kr_id: str) -> KRReview | None:
        return next((r for r in self.reviews if r.kr_id == kr_id), None)
