"""The planning check: the OKR-practice rules a quarter should meet before anyone reviews it.

Tuned on real published plans: it raises what a coach would (a team as owner, two targets in one KR, a
milestone nobody could call done), not what every honest plan trips over (milestones without a dashboard,
no values in a plan written before its quarter, a company -> team tree counted as one list).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from reviewtui.domain.enums import KRKind
from reviewtui.domain.text import count as count_of

if TYPE_CHECKING:
    from reviewtui.domain.models import KeyResult, Objective, Quarter

MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 5
MAX_KRS = 6
VALUE_DUE_AFTER = timedelta(days=14)  # a KR with no value two weeks into its quarter was never measured

# "Product and Commercial", "Ops/Finance", "Ana & Ben", "Ana + Ben", "Ana, Ben", "Sales or Marketing"
_SHARED_OWNER = re.compile(r"\s+(?:and|or|und|y|et)\s+|\s*[&/+,;|]\s*", re.IGNORECASE)
_TEAM_WORDS = re.compile(r"\b(team|teams|squad|everyone|all|department|dept|leadership|committee)\b", re.IGNORECASE)


class Severity(StrEnum):
    """Errors block a clean plan (exit 1); warnings ask for a second look."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One planning-check result about the quarter, an objective or a key result."""

    severity: Severity
    subject: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {key: str(value) for key, value in asdict(self).items()}


def owner_problem(owner: str) -> str | None:
    """Explain why an owner is not one person, or None when it looks like one."""
    parts = [p for p in _SHARED_OWNER.split(owner) if p.strip()]
    if len(parts) > 1:
        return f"owner '{owner}' names {len(parts)} owners; accountability needs exactly one person"
    if _TEAM_WORDS.search(owner):
        return f"owner '{owner}' looks like a group; name the one person who answers for it"
    return None


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check_owner(subject: str, owner: str, teams: frozenset[str]) -> list[Finding]:
    problem = owner_problem(owner)
    if problem:
        return [Finding(Severity.ERROR, subject, "one-owner", problem)]
    if _name_key(owner) in teams:
        return [Finding(Severity.ERROR, subject, "one-owner",
                        f"owner '{owner}' is a team in this plan; name the one person who answers for it")]
    if len(owner.split()) == 1 and "@" not in owner:  # an email or @handle names one person
        return [Finding(Severity.WARNING, subject, "owner-name",
                        f"owner '{owner}' is one word: a team or a role? name the one person who answers for it")]
    return []


# --- compound key results -----------------------------------------------------------------------------------
# A target number stands alone: not glued to a letter (p99, v2, Q3, B2B, Tier-1, 1st, 5G), not a date or a
# range (2026-12-31, 3-5, 24/7), and not after a word that makes it a label ("Tier 1", "SOC 2", "phase 2").
_NUMBER = re.compile(r"(?<![\w.#/:–-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_UNITS = frozenset([  # glued to a number, still a target: $2M, 10x, 200ms, 430p (pence)
    "k", "m", "b", "bn", "mm", "x", "ms", "s", "h", "hr", "hrs", "min", "mins", "d", "p", "pp", "pts", "gb", "mb",
    "tb", "kb",
])
_SCORE_OUT_OF = re.compile(r"/(?:5|10|100)(?![\w/])")  # 4.5/5 CSAT is a target; 24/7 and 12/31 are not
_LABELS = frozenset([
    "tier", "level", "phase", "stage", "step", "version", "release", "round", "wave", "sprint", "gen", "generation",
    "grade", "chapter", "section", "page", "no", "no.", "number", "top", "rank", "q", "h", "fy", "cy", "v", "p",
    "soc", "iso", "pci", "wcag", "type", "series",
])
_TIME_LABELS = frozenset(["first", "last", "next", "past", "every", "per", "each"])
_DATE_WORDS = frozenset(["in", "by", "of", "since", "until", "till", "before", "after", "end", "during", "for", "from"])
_MONTHS = frozenset([
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug",
    "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
])
_BASELINE_WORDS = frozenset(["from", "vs", "vs.", "versus", "baseline"])
# "and" or ",", but not ", from 10 to 5 days" (the same target told again from its baseline)
_JOINED = re.compile(r"(?:\band\b|&|,|;)(?!\s*(?:(?:up|down)\s+)?from\b)", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)")  # "(from $1.5M)", "(5 backend, 5 frontend)": detail, not targets


def _word_before(text: str, at: int) -> str:
    words = text[:at].rstrip(" $€£~≥≤<>").split()
    return words[-1].lower().rsplit("-", 1)[-1] if words else ""


def _word_after(text: str, end: int) -> str:
    words = text[end:].split()
    return words[0].lower().strip(",.;:") if words else ""


def _is_target(title: str, match: re.Match[str]) -> bool:
    number, end = match.group(), match.end()
    rest = title[end:]
    if rest[:1] in ("-", "–", ":", "/") and rest[1:2].isdigit():
        return rest[:1] == "/" and _SCORE_OUT_OF.match(rest) is not None
    glued = re.match(r"[A-Za-z]+", rest)
    if glued and glued.group().lower() not in _UNITS:
        return False
    before = _word_before(title, match.start())
    if before in _LABELS or before in _TIME_LABELS or before in _BASELINE_WORDS or before in _MONTHS:
        return False
    if _word_after(title, end) in _MONTHS:  # "by 31 March"
        return False
    year_like = number.isdigit() and 1990 <= int(number) <= 2099
    return not (year_like and (before in _DATE_WORDS or before.rstrip(",").isdigit()
                               or re.fullmatch(r"[qh]\d", before) is not None))


def _targets(title: str) -> tuple[str, list[re.Match[str]]]:
    text = _PARENTHESES.sub(" ", title)
    return text, [m for m in _NUMBER.finditer(text) if _is_target(text, m)]


def target_numbers(title: str) -> list[str]:
    """The numbers in a KR title that read as targets (not labels, dates, baselines or versions)."""
    return [m.group() for m in _targets(title)[1]]


def is_compound(title: str) -> bool:
    """True when a title holds two targets joined by 'and' or ',' ("close 4 deals and 11 renewals")."""
    text, targets = _targets(title)
    for first, second in pairwise(targets):
        between = text[first.end():second.start()]
        if _word_before(text, first.start()) == "between" and re.fullmatch(r"\s*\S*\s*and\s*", between):
            continue  # "between 3 and 5": one range
        if _JOINED.search(between):
            return True
    return False


# --- rules ---------------------------------------------------------------------------------------------------

def _check_key_result(kr: KeyResult, teams: frozenset[str], values: dict[str, Finding]) -> list[Finding]:
    findings = _check_owner(kr.id, kr.owner, teams)
    kind = kr.measure
    if not kr.evidence_source.strip():
        if kind is KRKind.MILESTONE:
            findings.append(Finding(Severity.WARNING, kr.id, "evidence-source",
                                    "no evidence source: say what will show it is done (a link, a release, a document)"))
        else:
            findings.append(Finding(Severity.ERROR, kr.id, "evidence-source",
                                    "no evidence source: say how progress will be proven (report, export, dashboard)"))
    if kind is KRKind.MILESTONE and not kr.checklist and kr.due is None and not kr.done:
        findings.append(Finding(Severity.WARNING, kr.id, "measurable",
                                "milestone with no checklist and no due date: how will we know it is done, and by when?"))
    if is_compound(kr.title):
        numbers = target_numbers(kr.title)
        findings.append(Finding(Severity.WARNING, kr.id, "compound",
                                f"title holds {len(numbers)} targets ({', '.join(numbers)}): "
                                "one KR per target, so each can be measured and owned on its own"))
    for dependency in kr.dependencies:
        if not dependency.help.strip():
            findings.append(Finding(Severity.WARNING, kr.id, "dependency-help",
                                    f"depends on {dependency.team} without saying what help it needs"))
    if kr.id in values:
        findings.append(values[kr.id])
    return findings


def _check_objective(objective: Objective, teams: frozenset[str], has_children: bool,
                     values: dict[str, Finding]) -> list[Finding]:
    findings = _check_owner(objective.id, objective.owner, teams)
    count = len(objective.key_results)
    if count == 0 and not has_children:  # a parent's results can be its child objectives'
        findings.append(Finding(Severity.ERROR, objective.id, "kr-count",
                                "has no key results and no child objectives: an objective needs measurable results"))
    elif count > MAX_KRS:
        findings.append(Finding(Severity.WARNING, objective.id, "kr-count",
                                f"has {count} key results; more than {MAX_KRS} splits focus"))
    for kr in objective.key_results:
        findings.extend(_check_key_result(kr, teams, values))
    return findings


def _check_objective_counts(quarter: Quarter) -> list[Finding]:
    """3-5 objectives for the quarter's top level; no more than 5 for one team, or under one parent."""
    findings: list[Finding] = []
    top = [o for o in quarter.objectives if o.parent is None]
    is_tree = len(top) < len(quarter.objectives)
    if not MIN_OBJECTIVES <= len(top) <= MAX_OBJECTIVES:
        noun = "top-level objective" if is_tree else "objective"
        findings.append(Finding(Severity.WARNING, quarter.id, "objective-count",
                                f"has {count_of(len(top), noun)}; {MIN_OBJECTIVES} to {MAX_OBJECTIVES} keeps a "
                                "quarter focused"))
    warned = {frozenset(o.id for o in top)}
    by_team: dict[str, list[Objective]] = {}
    for objective in quarter.objectives:
        if objective.team.strip():
            by_team.setdefault(_name_key(objective.team), []).append(objective)
    for members in by_team.values():
        ids = frozenset(o.id for o in members)
        if len(members) > MAX_OBJECTIVES and ids not in warned:
            warned.add(ids)
            findings.append(Finding(Severity.WARNING, quarter.id, "objective-count",
                                    f"team '{members[0].team}' has {len(members)} objectives "
                                    f"({', '.join(o.id for o in members)}); more than {MAX_OBJECTIVES} splits its focus"))
    by_parent: dict[str, list[Objective]] = {}
    for objective in quarter.objectives:  # a team's objectives are counted above; these are a parent's own
        if objective.parent is not None and not objective.team.strip():
            by_parent.setdefault(objective.parent, []).append(objective)
    for parent, members in by_parent.items():
        if len(members) > MAX_OBJECTIVES and frozenset(o.id for o in members) not in warned:
            findings.append(Finding(Severity.WARNING, parent, "objective-count",
                                    f"has {len(members)} objectives under it ({', '.join(o.id for o in members)}); "
                                    f"more than {MAX_OBJECTIVES} splits its focus"))
    return findings


def unmeasured(start: date, end: date, today: date,
               key_results: Iterable[tuple[str, KRKind, float | None]]) -> list[Finding]:
    """A warning for each metric or threshold KR (id, kind, current value) still without a value two weeks into
    the quarter; none before then. Milestones are left out: not done yet is their value.

    Plain values in, so a list drawn from the store's index (the home screen) can ask it too.
    """
    if today < start + VALUE_DUE_AFTER:
        return []
    when = ("the quarter ended" if today > end
            else f"{(today - start).days // 7} weeks into the quarter")
    return [Finding(Severity.WARNING, kr_id, "current-value",
                    f"no value yet, {when}: measure it, or the review has nothing to discuss")
            for kr_id, kind, current in key_results if current is None and kind is not KRKind.MILESTONE]


def check_quarter(quarter: Quarter, today: date | None = None) -> list[Finding]:
    """Every planning finding for a quarter, errors and warnings, in objective order.

    With no `today`, only what the plan itself says: the findings that depend on the date (no value two weeks
    into the quarter) are left out, so a stored check stays true whenever it is read.
    """
    teams = frozenset(_name_key(name) for name in (
        [o.team for o in quarter.objectives]
        + [d.team for kr in quarter.key_results for d in kr.dependencies]) if name.strip())
    parents = {o.parent for o in quarter.objectives}
    values = {} if today is None else {f.subject: f for f in unmeasured(
        quarter.start, quarter.end, today,
        ((kr.id, kr.measure, kr.current) for kr in quarter.key_results if kr.dropped is None))}
    findings = _check_objective_counts(quarter)
    for objective in quarter.objectives:
        findings.extend(_check_objective(objective, teams, objective.id in parents, values))
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
