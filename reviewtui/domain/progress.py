"""Progress, pace and a suggested status for a key result. Pure functions over dates and numbers."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from reviewtui.domain.enums import Status


class Measured(Protocol):
    """What progress needs of a key result: a stored KeyResult, or a line of the store's index."""

    @property
    def baseline(self) -> float: ...
    @property
    def target(self) -> float: ...
    @property
    def current(self) -> float | None: ...


class Dated(Protocol):
    """What pace needs of a quarter: a stored Quarter, or its summary in the store's index."""

    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...

# How far progress may trail pace before a KR is at risk, then off track (fractions of the target move).
AT_RISK_GAP = 0.10
OFF_TRACK_GAP = 0.25


def progress(kr: Measured, value: float | None = None) -> float | None:
    """(value - baseline) / (target - baseline); works for lower-is-better KRs too. None without a value."""
    value = kr.current if value is None else value
    if value is None:
        return None
    return (value - kr.baseline) / (kr.target - kr.baseline)


def pace(start: date, end: date, today: date) -> float:
    """The progress a KR moving linearly over the quarter should have by the end of `today` (0..1).

    Days count like a calendar: the first day of the quarter is day 1, the last day ends at 100%.
    """
    total = (end - start).days + 1
    elapsed = (today - start).days + 1
    return min(1.0, max(0.0, elapsed / total))


def suggested_status(kr: Measured, quarter: Dated, today: date) -> Status | None:
    """On track, at risk or off track from how far progress trails pace; None when there is no value."""
    done = progress(kr)
    if done is None:
        return None
    gap = round(pace(quarter.start, quarter.end, today) - done, 9)  # so 0.4 - 0.3 sits on the 0.10 line
    if gap <= AT_RISK_GAP:
        return Status.ON_TRACK
    if gap <= OFF_TRACK_GAP:
        return Status.AT_RISK
    return Status.OFF_TRACK


def is_behind_pace(kr: Measured, quarter: Dated, today: date) -> bool:
    """True when the KR has a value and trails where linear pace says it should be today."""
    done = progress(kr)
    return done is not None and done < pace(quarter.start, quarter.end, today)
