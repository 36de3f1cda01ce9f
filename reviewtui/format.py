"""How reviewtui writes things for people: durations, numbers, dates, statuses, bands, decisions.

One place for every word and glyph that more than one screen or export shows, so the same 90.5 seconds
or the same status reads the same in the summary, the record, the report and the countdown. Plain strings
only: no Rich, no Textual, and nothing that loads the models at import (the home screen uses it before
pydantic is needed). A *tone* says what a piece of text means (good, warning, bad); each renderer decides
how a tone looks.
"""

from __future__ import annotations

import math
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from reviewtui.domain.enums import DecisionKind, KRKind, MeetingKind, OutcomeBand, Status
from reviewtui.domain.progress import Measured, Standing, kind_of
from reviewtui.domain.text import count

if TYPE_CHECKING:
    from reviewtui.domain.models import Decision, KeyResult

__all__ = [
    "BAND_GLYPH",
    "STATUS_GLYPH",
    "STATUS_WORD",
    "Tone",
    "band_key",
    "band_label",
    "band_tone",
    "band_word",
    "count",
    "day",
    "decision_label",
    "decision_text",
    "duration",
    "goalposts",
    "kind_label",
    "lag",
    "number",
    "percent",
    "quantity",
    "recovered",
    "severity_label",
    "standing_label",
    "status_glyph",
    "status_key",
    "status_label",
    "status_tone",
    "status_word",
    "value_against_goal",
]


class Tone(StrEnum):
    """What a piece of text means, for renderers that can show it (colour, weight); never the only signal."""

    GOOD = "good"
    BEST = "best"  # better than good: a stretch outcome
    WARNING = "warning"
    BAD = "bad"
    MUTED = "muted"
    STRONG = "strong"


# --- durations, numbers, dates ------------------------------------------------------------------------------

def duration(seconds: float) -> str:
    """Seconds as m:ss (61:05 for an hour and a bit), the sign dropped (callers say 'over' or '+').

    Rounded to the nearest second, a half second up: 90.5 s is 1:31 everywhere (the countdown, the summary,
    the record and the report), never 1:30 in one place and 1:31 in another."""
    whole = math.floor(abs(seconds))
    whole += abs(seconds) - whole >= 0.5
    return f"{whole // 60}:{whole % 60:02d}"


def number(value: float) -> str:
    """A value as people write it: 60, 2.72, 99.56, 1250000 (never 1.25e+06, never 58.199999999999996)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.13g}"
    return text if "e" not in text else f"{value:g}"


def quantity(value: float | None, unit: str, none: str = "") -> str:
    """'58 points', '2.9 %', '58' without a unit; `none` when there is no value."""
    if value is None:
        return none
    return f"{number(value)} {unit}" if unit else number(value)


def percent(fraction: float | None, none: str = "no value") -> str:
    """0.75 as '75%'; `none` when there is nothing to divide."""
    return none if fraction is None else f"{fraction * 100:.0f}%"


def day(when: date | None, none: str = "") -> str:
    """A date as people and programs read it alike: 2026-11-29; `none` when there is none."""
    return none if when is None else when.isoformat()


def lag(days: int | None) -> str:
    """Days from risk visible to the first escalation: '21 d (3 wk)'; '' when either is missing."""
    if days is None:
        return ""
    return f"{days} d ({round(days / 7, 1):g} wk)"


# --- statuses and bands -------------------------------------------------------------------------------------

STATUS_GLYPH: dict[Status | None, str] = {Status.ON_TRACK: "✓", Status.AT_RISK: "▲", Status.OFF_TRACK: "✗",
                                          None: "·"}
STATUS_WORD: dict[Status | None, str] = {Status.ON_TRACK: "on track", Status.AT_RISK: "at risk",
                                         Status.OFF_TRACK: "off track", None: "no value"}
_STATUS_TONE = {Status.ON_TRACK: Tone.GOOD, Status.AT_RISK: Tone.WARNING, Status.OFF_TRACK: Tone.BAD,
                None: Tone.MUTED}
BAND_GLYPH: dict[OutcomeBand | None, str] = {OutcomeBand.STRETCH: "★", OutcomeBand.TARGET: "✓",
                                             OutcomeBand.PARTIAL: "◐", OutcomeBand.MISSED: "✗", None: "·"}
_BAND_TONE = {OutcomeBand.STRETCH: Tone.BEST, OutcomeBand.TARGET: Tone.GOOD, OutcomeBand.PARTIAL: Tone.WARNING,
              OutcomeBand.MISSED: Tone.BAD, None: Tone.MUTED}


def status_glyph(status: Status | None) -> str:
    return STATUS_GLYPH[status]


def status_word(status: Status | None) -> str:
    return STATUS_WORD[status]


def status_label(status: Status | None) -> str:
    """A status as a glyph and a word, never colour alone: '✓ on track', '· no value'."""
    return f"{STATUS_GLYPH[status]} {STATUS_WORD[status]}"


def status_key(status: Status | None) -> str:
    """A status for programs: 'on_track', 'no_value'."""
    return status.value if status is not None else "no_value"


def status_tone(status: Status | None) -> Tone:
    return _STATUS_TONE[status]


def band_word(band: OutcomeBand | None) -> str:
    return band.value if band is not None else "no value"


def band_label(band: OutcomeBand | None) -> str:
    """An outcome band as a glyph and a word: '★ stretch', '◐ partial', '· no value'."""
    return f"{BAND_GLYPH[band]} {band_word(band)}"


def band_key(band: OutcomeBand | None) -> str:
    return band.value if band is not None else "no_value"


def band_tone(band: OutcomeBand | None) -> Tone:
    return _BAND_TONE[band]


def recovered(value: bool | None) -> str:
    """Whether a KR's status got better after a decision: '✓ yes', '✗ no', '–' when it cannot be judged."""
    return {True: "✓ yes", False: "✗ no", None: "–"}[value]


def severity_label(error: bool) -> str:
    """A planning-check finding: '✗ error' or '! warning'."""
    return "✗ error" if error else "! warning"


# --- decisions, meetings, goalposts -------------------------------------------------------------------------

def decision_label(kind: DecisionKind) -> str:
    """'add support', 'defer': the words the decision list offers."""
    from reviewtui.domain.review_rules import DECISION_LABEL  # loads the models; a decision is one already

    return DECISION_LABEL[kind]


def decision_text(decision: Decision | None, unit: str = "") -> str:
    """A logged decision with what it carries: 'defer until 2026-11-29', 'adjust target to 55 points';
    '✗ none' when nothing is logged yet."""
    if decision is None:
        return "✗ none"
    text = decision_label(decision.kind)
    if decision.revisit_on is not None:
        text += f" until {day(decision.revisit_on)}"
    if decision.kind is DecisionKind.ADJUST_TARGET and decision.new_target is not None:
        text += f" to {quantity(decision.new_target, unit)}"
    return text


def kind_label(kind: MeetingKind, timed: bool = True) -> str:
    """'weekly check-in', '1:1 prep (no timer)'."""
    from reviewtui.domain.meeting_kinds import KIND_LABEL  # loads the models; a meeting is one already

    return KIND_LABEL[kind] + ("" if timed else " (no timer)")


# --- a key result's value against its goal, by kind ---------------------------------------------------------

def value_against_goal(kr: Measured, unit: str, short: bool = False) -> str:
    """Where a KR stands against its goal, as its kind reads: '52 → 60 points (from 45)', '— → 60 points
    (baseline to be measured)', '1.8 s (hold ≤ 2 s)', '3 of 5 steps done', 'not done'; short: '52 → 60',
    '1.8 (≤ 2)', '3/5' (a narrow screen shows that whole rather than a cut number)."""
    kind = kind_of(kr)
    value = kr.current
    shown = number(value) if value is not None else "—"
    if kind is KRKind.MILESTONE:
        if kr.steps > 1:
            done = number(value) if value is not None else "0"
            return f"{done}/{kr.steps}" if short else f"{done} of {kr.steps} steps done"
        return "done" if value is not None and value >= 1 else "not done"
    if kind.is_threshold:  # the line in brackets: '950 ≤ 800' would read as a true statement
        sign = "≥" if kind is KRKind.STAY_ABOVE else "≤"
        line = number(kr.threshold) if kr.threshold is not None else "?"
        if short:
            return f"{shown} ({sign} {line})"
        return f"{quantity(value, unit, none='—')} (hold {sign} {quantity(kr.threshold, unit, none='?')})"
    target = number(kr.target) if kr.target is not None else "?"
    if short:
        return f"{shown} → {target}"
    start = f"from {number(kr.baseline)}" if kr.baseline is not None else "baseline to be measured"
    return f"{shown} → {target} {unit} ({start})".replace("  ", " ")


def goal_text(kr: Measured, unit: str) -> str:
    """The goal alone, by kind: '60 points (from 45)', 'hold ≥ 80 %', 'all 5 steps done', 'done', each with
    ', due <date>' when the KR has its own due date."""
    kind = kind_of(kr)
    if kind is KRKind.MILESTONE:
        goal = f"all {kr.steps} steps done" if kr.steps > 1 else "done"
    elif kind.is_threshold:
        goal = f"hold {'≥' if kind is KRKind.STAY_ABOVE else '≤'} {quantity(kr.threshold, unit)}"
    else:
        start = f"from {number(kr.baseline)}" if kr.baseline is not None else "baseline to be measured"
        goal = f"{quantity(kr.target, unit, none='?')} ({start})"
    return goal + (f", due {kr.due.isoformat()}" if kr.due else "")


def standing_label(standing: Standing) -> str:
    """A status as glyph and word, or the word that says more: '✓ done', '· to be measured', '✗ overdue'."""
    return f"{STATUS_GLYPH[standing.status]} {standing.word or STATUS_WORD[standing.status]}"


def goalposts(kr: KeyResult) -> list[str]:
    """Every moved goalpost of a KR, oldest first: 'target moved from 60 to 55 points on 2026-11-12 by
    <meeting>: <why>', then 'dropped 2026-11-20: <why>'. Shown wherever the KR's score is, never hidden."""
    from reviewtui.domain.goalposts import goalpost_lines

    return goalpost_lines(kr)
