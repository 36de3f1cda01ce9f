"""What the room typed for one KR, as text, and how it is read: numbers and dates as people write them.

The form hands a ReviewEntry to the session; the session reads it (this module), builds the decision and
the next action, and says what is missing. No Textual here: the rules are tested in milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from reviewtui.domain.enums import DecisionKind, Status
from reviewtui.domain.meeting_kinds import FormField
from reviewtui.domain.planning import owner_problem

# A plain decimal: digits 0-9, one optional decimal point or comma, an optional sign and percent sign.
# No exponents (85e2), no underscores (1_000), no digits from other scripts (٣, ５).
_NUMBER = re.compile(r"^([+-]?)([0-9]+)(?:([.,])([0-9]+))?(%?)$")
_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?%?$")  # 1,250 or 12,500.5: thousands
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_number(text: str, unit: str = "") -> float | str:
    """The number in text, or a problem in words. '' is not a number (the caller decides if it is needed)."""
    raw = text.strip().replace(" ", "")
    if _GROUPED.fullmatch(raw):
        if "." not in raw and raw.count(",") == 1:  # 1,250 is 1250 to some readers and 1.25 to others
            whole, part = raw.split(",")
            return f"one way to read '{text.strip()}': write {whole}{part} or {whole}.{part.rstrip('0') or '0'}"
        raw = raw.replace(",", "")
    found = _NUMBER.fullmatch(raw)
    if found is None:
        return f"a number written with 0-9 and one '.' (not '{text.strip()}')"
    sign, whole, _, fraction, percent = found.groups()
    if percent and unit.strip() not in ("%", "percent", "pct"):
        return f"a number without '%' (the unit is {unit or 'none'})"
    return float(f"{sign}{whole}.{fraction or '0'}")


# A value further outside the baseline-to-target span than this many times its length is asked about first:
# 8500 minutes on a KR from 100 to 60 is more likely 85 with a slip than a fact.
FAR_OFF_SPANS = 10
_SHIFTS = (1, 2, 3, 4, 5, 6)  # the slips looked for: a decimal point moved by 1 to 6 places


@dataclass(frozen=True)
class ValueCheck:
    """What a KR's new value is checked against: its baseline and target (None: not checked, e.g. a baseline still
    to be measured), and the value this review already holds (kept once: it is not asked about again)."""

    baseline: float | None = None
    target: float | None = None
    recorded: float | None = None
    steps: int | None = None  # a milestone: its value is a whole number of steps done, 0 to steps

    def steps_problem(self, value: float) -> str | None:
        """Why a milestone's value cannot be: not a whole number of its steps."""
        if self.steps is None or (value.is_integer() and 0 <= value <= self.steps):
            return None
        if self.steps == 1:
            return f"a milestone's value: 1 when done, 0 when not (not {value:g})"
        return f"a milestone's value: its steps done, a whole number from 0 to {self.steps} (not {value:g})"

    def is_far_off(self, value: float) -> bool:
        if self.baseline is None or self.target is None or self.baseline == self.target:
            return False
        low, high = sorted((self.baseline, self.target))
        reach = FAR_OFF_SPANS * (high - low)
        return not low - reach <= value <= high + reach

    def likely_meant(self, value: float) -> float | None:
        """The value with its decimal point moved that lands nearest the span (within one span of it), or None."""
        if self.baseline is None or self.target is None:
            return None
        low, high = sorted((self.baseline, self.target))
        span = high - low
        best: tuple[float, int, float] | None = None
        for shift in _SHIFTS:
            for candidate in (value / 10 ** shift, value * 10 ** shift):
                candidate = round(candidate, 9)
                if low - span <= candidate <= high + span:
                    distance = max(low - candidate, candidate - high, 0.0)
                    if best is None or (distance, shift) < best[:2]:
                        best = (distance, shift, candidate)
        return best[2] if best else None

    def question(self, text: str, value: float, unit: str, kept: str = "") -> str | None:
        """Did you mean ...?, for a far-off value not yet kept (enter in the value field keeps `kept`), else None."""
        if not self.is_far_off(value) or value == self.recorded or (kept.strip() and kept.strip() == text.strip()):
            return None
        assert self.baseline is not None and self.target is not None
        meant = self.likely_meant(value)
        ask = f"did you mean {meant:g}?" if meant is not None else f"is {value:g} right?"
        unit_text = f" {unit}" if unit.strip() else ""
        return (f"{ask} {value:g}{unit_text} is far outside {self.baseline:g} → {self.target:g} "
                f"(enter in the value field keeps {text.strip()})")


def parse_score(text: str) -> float | str:
    """A quarter-end score as people write it: 0.7, 0,7 or 70%, from 0 to 1; else why not."""
    text = text.strip()
    percent = text.endswith("%")
    read = parse_number(text[:-1] if percent else text)
    if isinstance(read, str):
        return read
    score = read / 100 if percent else read
    return score if 0 <= score <= 1 else "a score from 0 to 1"


def parse_date(text: str) -> date | None:
    """A date written YYYY-MM-DD, or None."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class ReviewEntry:
    """The fields of the per-KR form as typed; a field the meeting's kind does not ask for is not in `asks`."""

    asks: frozenset[FormField]
    value: str = ""
    confidence: Status | None = None
    evidence: str = ""
    blocker: str = ""
    escalate: bool = False
    answers: dict[FormField, str] = field(default_factory=dict)  # the kinds' extra questions
    decision: DecisionKind | None = None
    note: str = ""
    revisit: str = ""
    new_target: str = ""
    action_text: str = ""
    action_owner: str = ""
    action_due: str = ""
    value_kept: str = ""  # the value as it was when enter kept it: a far-off value is then taken as typed
    score: str = ""  # retrospective: the owner's score, 0 to 1 (or a percentage)
    score_reason: str = ""


@dataclass(frozen=True)
class ReadEntry:
    """An entry read: the review's changes, the decision's parts, and what could not be read."""

    changes: dict[str, object]
    revisit_on: date | None
    new_target: float | None
    action_due: date | None
    problems: list[str]
    unread: dict[str, str]  # as typed, what did not read (also in changes["unread"])


# Typed text that did not read is kept as typed (a review's `unread`), so a resumed meeting shows it again.
UNREAD_FIELDS = ("value", "score", "revisit", "new_target", "action_text", "action_owner", "action_due")


def _number_problem(text: str, unit: str, what: str) -> str | None:
    read = parse_number(text, unit)
    return f"{read} for {what}" if isinstance(read, str) else None


def _value_problem(text: str, unit: str, check: ValueCheck, kept: str = "") -> str | None:
    """Why a typed value is not taken: it does not read as a number, or it is far off and not kept yet."""
    read = parse_number(text, unit)
    if isinstance(read, str):
        return f"{read} for the value"
    steps = check.steps_problem(read)
    if steps:
        return steps
    question = check.question(text, read, unit, kept)
    return f"the value: {question}" if question else None


def unread_problems(unread: dict[str, str], unit: str, check: ValueCheck = ValueCheck()) -> list[str]:
    """What the gate says about text kept as typed because it did not read (the same words as read_entry)."""
    problems = []
    for name in UNREAD_FIELDS:
        text = unread.get(name, "")
        if not text.strip():
            continue
        if name == "value":
            problems.append(_value_problem(text, unit, check) or "")
        elif name == "new_target":
            problems.append(_number_problem(text, unit, "the new target") or "")
        elif name == "score" and not isinstance(parse_score(text), float):
            problems.append(f"a score from 0 to 1, such as 0.7 (not '{text.strip()}')")
        elif name == "revisit" and parse_date(text) is None:
            problems.append(f"a real revisit date, written YYYY-MM-DD (not '{text.strip()}')")
    if unread.get("action_text", "").strip():  # a next action that could not be built yet
        due = unread.get("action_due", "").strip()
        if parse_date(due) is None:
            problems.append(f"a real due date for the next action, written YYYY-MM-DD (not '{due}')" if due else
                            "a due date for the next action, written YYYY-MM-DD")
        owner = unread.get("action_owner", "").strip()
        shared = owner_problem(owner) if owner else None
        if not owner or shared:
            problems.append("one owner for the next action" + (f" ({shared})" if shared else ""))
    return [problem for problem in problems if problem]


def read_entry(entry: ReviewEntry, unit: str, check: ValueCheck = ValueCheck()) -> ReadEntry:
    """Read what was typed; what does not read is left out of the changes, named in problems, and kept as
    typed in the review's `unread` (a resumed meeting shows it again, and the gate still holds). So is a value
    far outside the KR's range (`check`) until it is kept: a slip like 8500 for 85 is asked about, not stored."""
    asks = entry.asks.__contains__
    changes: dict[str, object] = {}
    unread: dict[str, str] = {}
    if asks(FormField.EVIDENCE):
        changes["evidence"] = entry.evidence
    if asks(FormField.BLOCKER):
        changes["blocker"] = entry.blocker
        changes["escalate"] = entry.escalate
    for question, answer in entry.answers.items():
        if asks(question):
            changes[question.value] = answer
    if asks(FormField.VALUE):
        value = parse_number(entry.value, unit) if entry.value.strip() else None
        if isinstance(value, str) or (value is not None and (check.steps_problem(value) or check.question(
                entry.value, value, unit, entry.value_kept))):
            unread["value"] = entry.value
        else:
            changes["value"] = value
    if asks(FormField.CONFIDENCE):
        changes["confidence"] = entry.confidence
    if asks(FormField.SCORE):
        score = parse_score(entry.score) if entry.score.strip() else None
        if isinstance(score, str):
            unread["score"] = entry.score
        else:
            changes["score"] = score
        changes["score_reason"] = entry.score_reason
    revisit_on = parse_date(entry.revisit)
    if entry.revisit.strip() and revisit_on is None:
        unread["revisit"] = entry.revisit
    new_target = None
    if entry.decision is DecisionKind.ADJUST_TARGET and entry.new_target.strip():
        read_target = parse_number(entry.new_target, unit)
        if isinstance(read_target, str):
            unread["new_target"] = entry.new_target
        else:
            new_target = read_target
    action_due = parse_date(entry.action_due)
    if entry.action_text.strip() and (action_due is None or not entry.action_owner.strip()
                                      or owner_problem(entry.action_owner.strip())):
        unread.update(action_text=entry.action_text, action_owner=entry.action_owner, action_due=entry.action_due)
    problems = unread_problems(unread, unit, check)
    changes["unread"] = unread
    return ReadEntry(changes, revisit_on, new_target, action_due, problems, unread)
