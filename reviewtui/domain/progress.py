"""Progress, pace and status for a key result of any kind. Pure functions over dates and numbers.

A key result is measured by its kind: *increase* and *decrease* move from a baseline to a target (progress
against linear pace), *stay_above* and *stay_below* hold a threshold (on track while the latest value holds
it), a *milestone* is done or not (its checklist's done steps are its value; without a checklist, the
owner's stated confidence speaks until its due date passes). Nothing here makes a status up from nothing:
a KR with no value, or a baseline still to be measured, has none, and says why (`Standing.word`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from reviewtui.domain.enums import KRKind, Status


class Measured(Protocol):
    """What progress needs of a key result: a stored KeyResult, or a line of the store's index."""

    @property
    def kind(self) -> KRKind | None: ...
    @property
    def baseline(self) -> float | None: ...
    @property
    def target(self) -> float | None: ...
    @property
    def threshold(self) -> float | None: ...
    @property
    def current(self) -> float | None: ...
    @property
    def due(self) -> date | None: ...
    @property
    def steps(self) -> int: ...
    @property
    def confidence(self) -> Status | None: ...
    @property
    def baseline_on(self) -> date | None: ...
    @property
    def success_at(self) -> float: ...


class Dated(Protocol):
    """What pace needs of a quarter: a stored Quarter, or its summary in the store's index."""

    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...

# How far progress may trail pace before a KR is at risk, then off track (fractions of the target move).
AT_RISK_GAP = 0.10
OFF_TRACK_GAP = 0.25


@dataclass(frozen=True, slots=True)
class Standing:
    """A KR's status and, where the status alone would mislead, the word for it: 'done', 'to be measured',
    'no data'. `status` None means there is nothing to judge by."""

    status: Status | None
    word: str = ""


def kind_of(kr: Measured) -> KRKind:
    """The KR's kind; an unresolved one (never, once validated) by today's rule."""
    if kr.kind is not None:
        return kr.kind
    return KRKind.DECREASE if (kr.target or 0) < (kr.baseline or 0) else KRKind.INCREASE


def scale(kr: Measured) -> tuple[float, float] | None:
    """Where progress runs from and to: baseline → target, 0 → the milestone's steps; None for a threshold
    or a baseline still to be measured."""
    kind = kind_of(kr)
    if kind is KRKind.MILESTONE:
        return 0.0, float(kr.steps)
    if kind.is_metric and kr.baseline is not None and kr.target is not None:
        return kr.baseline, kr.target
    return None


def progress(kr: Measured, value: float | None = None) -> float | None:
    """How far along the KR is, 1.0 at its target (lower-is-better too); None without a value or a scale."""
    value = kr.current if value is None else value
    span = scale(kr)
    if value is None or span is None:
        return None
    return (value - span[0]) / (span[1] - span[0])


def holds(kr: Measured, value: float) -> bool:
    """A threshold KR's value is on the right side of its line (the line itself holds)."""
    assert kr.threshold is not None
    return value >= kr.threshold if kind_of(kr) is KRKind.STAY_ABOVE else value <= kr.threshold


def pace(start: date, end: date, today: date) -> float:
    """The progress a KR moving linearly from `start` to `end` should have by the end of `today` (0..1).

    Days count like a calendar: the first day is day 1, the last day ends at 100%.
    """
    total = (end - start).days + 1
    elapsed = (today - start).days + 1
    return min(1.0, max(0.0, elapsed / total))


def pace_of(kr: Measured, quarter: Dated, today: date) -> float:
    """Pace for this KR: to its due date (else the quarter's end), from when its baseline was measured."""
    start = max(quarter.start, kr.baseline_on) if kr.baseline_on else quarter.start
    return pace(start, kr.due or quarter.end, today)


def _by_pace(done: float, expected: float) -> Status:
    gap = round(expected - done, 9)  # so 0.4 - 0.3 sits on the 0.10 line
    if gap <= AT_RISK_GAP:
        return Status.ON_TRACK
    if gap <= OFF_TRACK_GAP:
        return Status.AT_RISK
    return Status.OFF_TRACK


def standing(kr: Measured, quarter: Dated, today: date, value: float | None = None, *,
             data_only: bool = False) -> Standing:
    """The KR's status on `today` with `value` (else its current value), by its kind, and its word.

    A one-step milestone that is neither done nor overdue has no data: its status is what its owner last stated
    ('at risk (stated)'); `data_only` leaves that out (what the data alone says, beside the room's own word)."""
    value = kr.current if value is None else value
    kind = kind_of(kr)
    if kind is KRKind.MILESTONE:
        if value is not None and value >= kr.steps:
            return Standing(Status.ON_TRACK, "done")
        if today > (kr.due or quarter.end):
            return Standing(Status.OFF_TRACK, "overdue")
        if kr.steps > 1 and value is not None:
            return _against_pace(kr, value / kr.steps, quarter, today)
        # one step, not done: the calendar alone never makes it off track; the owner's stated word does
        if kr.confidence is None or data_only:
            return Standing(None, "no data")
        return Standing(kr.confidence, f"{kr.confidence.label} (stated)")
    if value is None:
        if kind.is_metric and kr.baseline is None:
            return Standing(None, "to be measured")
        return Standing(None, "never measured" if never_measured(kr, quarter, today) else "no data")
    if kind.is_threshold:
        return Standing(Status.ON_TRACK if holds(kr, value) else Status.OFF_TRACK)
    done = progress(kr, value)
    if done is None:  # the first value of a KR to be measured: it is the baseline, so nothing to judge yet
        met = kr.target is not None and (value >= kr.target if kind is KRKind.INCREASE else value <= kr.target)
        return Standing(Status.ON_TRACK, "target met") if met else Standing(None, "baseline")
    return _against_pace(kr, done, quarter, today)


def expected_progress(kr: Measured, quarter: Dated, today: date) -> float:
    """Where pace says the KR should be today: its pace times its success (0.7 of the way under an aspirational
    objective). The progress bar's marker and the status use the same figure."""
    return pace_of(kr, quarter, today) * kr.success_at


def _against_pace(kr: Measured, done: float, quarter: Dated, today: date) -> Standing:
    """Progress against where pace says it should be (expected_progress); once its due date (or the quarter)
    is over there is no pace left to catch up: met, or missed."""
    if today > (kr.due or quarter.end):
        return Standing(Status.ON_TRACK) if round(done / kr.success_at, 9) >= 1 else Standing(Status.OFF_TRACK,
                                                                                               "missed")
    return Standing(_by_pace(done, expected_progress(kr, quarter, today)))


MEASURE_WITHIN_DAYS = 14  # a KR with no value once two weeks of its quarter have gone was never measured


def never_measured(kr: Measured, quarter: Dated, today: date) -> bool:
    """No value at all in the third week of the quarter or later (a milestone is judged by its owner instead)."""
    return (kr.current is None and kind_of(kr) is not KRKind.MILESTONE
            and (today - quarter.start).days >= MEASURE_WITHIN_DAYS)


def suggested_status(kr: Measured, quarter: Dated, today: date, value: float | None = None) -> Status | None:
    """What the data alone says of the KR today (never a confidence someone stated)."""
    return standing(kr, quarter, today, value, data_only=True).status


def is_behind_pace(kr: Measured, quarter: Dated, today: date) -> bool:
    """True when the KR trails where pace says it should be today, or its status is at risk or worse (a breached
    threshold, an overdue milestone): never fewer than the ▲ and ✗ shown."""
    if standing(kr, quarter, today).status in (Status.AT_RISK, Status.OFF_TRACK):
        return True
    if kind_of(kr).is_threshold or (kind_of(kr) is KRKind.MILESTONE and kr.steps == 1):
        return False  # a line held, or a single step: no pace to trail
    done = progress(kr)
    return done is not None and done < expected_progress(kr, quarter, today)
