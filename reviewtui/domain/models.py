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
    model_validator,
    PrivateAttr,
)
from pydantic_core import PydanticCustomError

from reviewtui.domain.enums import (
    ActionStatus, Commitment, DecisionKind, KRKind, MeetingKind, MeetingState, Status,
)
from reviewtui.domain.text_fields import Identifier, Note, PersonName, ShortNote, ShortText, Title

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


class ChecklistItem(StrictModel):
    """One step of a milestone: the milestone's value is how many are done."""

    title: Title
    done: bool = False


MAX_CHECKLIST = 20
_NOT_FOR_KIND = {  # fields a kind does not take, so a file cannot say two contradicting things
    KRKind.INCREASE: ("threshold", "checklist", "done"), KRKind.DECREASE: ("threshold", "checklist", "done"),
    KRKind.STAY_ABOVE: ("baseline", "target", "checklist", "done"),
    KRKind.STAY_BELOW: ("baseline", "target", "checklist", "done"),
    KRKind.MILESTONE: ("baseline", "target", "threshold"),
}


def _kind_problem(message: str, at: str, **values: str) -> PydanticCustomError:
    return PydanticCustomError("cross_field", message, {**values, "suffix": f".{at}"})


class KeyResult(StrictModel):
    """A result with one owner, measured by its kind: moved from a baseline to a target (increase, decrease),
    held on one side of a threshold (stay_above, stay_below), or done (milestone, maybe with a checklist)."""

    id: Identifier
    title: Title
    owner: PersonName
    kind: Lax[KRKind] | None = Field(default=None, description=(
        "increase | decrease | stay_above | stay_below | milestone; default: increase when target > baseline, "
        "decrease when below"))
    unit: ShortText = ""
    baseline: Number | None = Field(default=None, description=(
        "increase/decrease: value at the start of the quarter; null: to be measured (the first value entered)"))
    target: Number | None = Field(default=None, description="increase/decrease: value to reach")
    threshold: Number | None = Field(default=None, description="stay_above/stay_below: the line to hold")
    done: bool = Field(default=False, description="milestone without a checklist: done already")
    checklist: list[ChecklistItem] = Field(default_factory=list, max_length=MAX_CHECKLIST,
                                           description="milestone: its steps; the value is how many are done")
    due: IsoDate | None = Field(default=None, description="a date inside the quarter; pace runs to it")
    notes: ShortNote = Field(default="", description="outcome notes and context (2,000 characters), shown on the KR card")
    current: Number | None = Field(default=None, description="latest known value")
    evidence_source: ShortText = Field(default="", description="how progress is proven: a report, export, dashboard")
    dependencies: list[Dependency] = Field(default_factory=list, max_length=20)
    history: list[HistoryPoint] = Field(default_factory=list, max_length=1000)
    target_history: list[TargetChange] = Field(default_factory=list, max_length=100,
                                               description="targets moved by meetings (kept by reviewtui)")
    dropped: Retirement | None = Field(default=None, description="when a meeting dropped it (kept by reviewtui)")
    confidence: Lax[Status] | None = Field(default=None, description=(
        "the confidence last stated for it in a review (kept by reviewtui)"))
    baseline_on: IsoDate | None = Field(default=None, description=(
        "the day a to-be-measured baseline was first measured (kept by reviewtui)"))

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

    @field_validator("due")
    @classmethod
    def _due_in_quarter(cls, due: date | None, info: ValidationInfo) -> date | None:
        window = (info.context or {}).get("quarter_window")
        if due is not None and window and not window[0] <= due <= window[1]:
            raise PydanticCustomError("cross_field", "{when} is outside the quarter ({start} to {end})",
                                      {"when": due.isoformat(), "start": window[0].isoformat(),
                                       "end": window[1].isoformat()})
        return due

    @model_validator(mode="after")
    def _fits_its_kind(self) -> KeyResult:
        """Resolve the kind (today's rule when none is given) and refuse fields the kind does not take."""
        kind = self.kind
        if kind is None:
            if self.threshold is not None:
                raise _kind_problem("a threshold needs kind stay_above or stay_below", "kind")
            if self.checklist or self.done:
                raise _kind_problem("a checklist or done needs kind milestone", "kind")
            if self.baseline is None or self.target is None:
                if self.baseline is None and self.target is not None:
                    raise _kind_problem("give a number, or a kind: with kind increase or decrease a baseline of "
                                        "null is to be measured (a milestone or threshold takes none)", "baseline")
                raise _kind_problem("required field is missing (or give a kind: a milestone or threshold needs "
                                    "no baseline or target)", "baseline" if self.baseline is None else "target")
            kind = KRKind.INCREASE if self.target > self.baseline else KRKind.DECREASE
            self.__dict__["kind"] = kind  # resolved in place: no assignment, so no validation loop
        for field in _NOT_FOR_KIND[kind]:
            given = getattr(self, field)
            if given is not None and given is not False and given != []:  # 0 is a value: given
                raise _kind_problem("a {kind} key result takes no {field}", field, kind=kind.value, field=field)
        if kind.is_metric:
            if self.target is None:
                raise _kind_problem("required field is missing", "target")
            if self.baseline is not None and self.baseline == self.target:
                raise _kind_problem("must differ from baseline ({baseline})", "target",
                                    baseline=f"{self.target:g}")
            if self.baseline is not None and (self.target > self.baseline) != (kind is KRKind.INCREASE):
                side = "above" if kind is KRKind.INCREASE else "below"
                raise _kind_problem("an {kind} key result needs a target {side} its baseline ({baseline})",
                                    "target", kind=kind.value, side=side, baseline=f"{self.baseline:g}")
        elif kind.is_threshold and self.threshold is None:
            raise _kind_problem("required field is missing", "threshold")
        if kind is KRKind.MILESTONE and self.checklist and self.done:
            raise _kind_problem("give done or a checklist, not both (a checklist is done when every step is)", "done")
        if kind is KRKind.MILESTONE and self.current is not None and not (
                self.current.is_integer() and 0 <= self.current <= self.steps):
            raise _kind_problem("a milestone's value is its steps done: a whole number from 0 to {steps}", "current",
                                steps=str(self.steps))
        if kind is KRKind.MILESTONE and self.current is None and (self.done or self.checklist):
            # what the file says is done is its value: a checklist counts its done steps, even none
            self.__dict__["current"] = float(sum(item.done for item in self.checklist) if self.checklist else 1)
        return self

    _success_at: float = PrivateAttr(default=1.0)  # set by its quarter from the objective's commitment

    @property
    def success_at(self) -> float:
        """The score at which it succeeds: 1.0, or 0.7 under an aspirational objective."""
        return self._success_at

    @property
    def measure(self) -> KRKind:
        """The resolved kind (always set once validated)."""
        assert self.kind is not None
        return self.kind

    @property
    def score_now(self) -> float | None:
        """The score the data gives it so far (a threshold: the share of its dated values that held)."""
        from reviewtui.domain.score import data_score  # score judges any Measured: imported where used

        return data_score(self, [(point.date, point.value) for point in self.history])

    @property
    def steps(self) -> int:
        """A milestone's steps: its checklist's length, or 1."""
        return len(self.checklist) or 1

    @property
    def lower_is_better(self) -> bool:
        return self.kind in (KRKind.DECREASE, KRKind.STAY_BELOW)

    @property
    def original_target(self) -> float | None:
        """The target the quarter started with, before any meeting moved it."""
        return self.target_history[0].from_target if self.target_history else self.target


class Objective(StrictModel):
    """A qualitative goal with one owner and its key results."""

    id: Identifier
    title: Title
    owner: PersonName
    team: ShortText = ""
    aligned_to: ShortText = ""
    commitment: Lax[Commitment] = Field(default=Commitment.COMMITTED, description=(
        "committed (success at a score of 1.0) or aspirational (success at 0.7)"))
    parent: Identifier | None = Field(default=None, description="the id of an objective of this quarter it contributes to")
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

    @model_validator(mode="after")
    def _parents_exist(self) -> Quarter:
        for objective in self.objectives:
            for kr in objective.key_results:
                kr._success_at = objective.commitment.success_at
        ids = {objective.id: objective for objective in self.objectives}
        for index, objective in enumerate(self.objectives):
            seen = {objective.id}
            parent = objective.parent
            while parent is not None:
                if parent not in ids:
                    raise PydanticCustomError("cross_field", "no objective '{parent}' in this quarter",
                                              {"parent": parent, "suffix": f"objectives[{index}].parent"})
                if parent in seen:
                    raise PydanticCustomError("cross_field", "objective '{id}' is its own ancestor (a cycle)",
                                              {"id": objective.id, "suffix": f"objectives[{index}].parent"})
                seen.add(parent)
                parent = ids[parent].parent
        return self

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
    confidence: Lax[Status] | None = None  # as stated by the room; None when nobody stated one
    data_status: Lax[Status] | None = None  # what the data said when it was reviewed
    score: float | None = Field(default=None, ge=0, le=1)  # quarter-end retrospective: the score, 0.0 to 1.0
    score_reason: Note = ""  # why the score differs from the data's
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
    unread: dict[str, Note] = Field(default_factory=dict, max_length=8)  # typed text that did not read, as typed


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
    on_summary: bool = False  # a draft: the facilitator's screen shows the summary (followers show it too)

    @property
    def held_on(self) -> date:
        return self.started_at.date()

    def new_actions(self) -> list[ActionItem]:
        return [r.next_action for r in self.reviews if r.next_action is not None]

    # Where each KR's review is in `reviews`: built again whenever the list is replaced or no longer matches.
    _review_at: dict[str, int] = PrivateAttr(default_factory=dict)
    _indexed: list[KRReview] | None = PrivateAttr(default=None)

    def review_of(self, kr_id: str) -> KRReview | None:
        """The review of one KR, found without scanning the list (the record's documents ask per KR: a 500-KR
        summary asked 1,500 times)."""
        reviews = self.reviews
        at = self._review_at.get(kr_id) if self._indexed is reviews else None
        if at is None or at >= len(reviews) or reviews[at].kr_id != kr_id:
            self._indexed = reviews
            self._review_at = {}
            for index, review in enumerate(reviews):
                self._review_at.setdefault(review.kr_id, index)  # the first, as a scan finds it
            at = self._review_at.get(kr_id)
            if at is None:
                return None
        return reviews[at]
