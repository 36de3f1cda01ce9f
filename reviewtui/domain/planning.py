"""The planning check: the OKR-practice rules a quarter should meet before anyone reviews it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from reviewtui.domain.text import count as count_of

if TYPE_CHECKING:
    from reviewtui.domain.models import KeyResult, Objective, Quarter

MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 5
MAX_KRS = 6

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


def _check_owner(subject: str, owner: str) -> list[Finding]:
    problem = owner_problem(owner)
    return [Finding(Severity.ERROR, subject, "one-owner", problem)] if problem else []


def _check_key_result(kr: KeyResult) -> list[Finding]:
    findings = _check_owner(kr.id, kr.owner)
    if not kr.evidence_source.strip():
        findings.append(Finding(Severity.ERROR, kr.id, "evidence-source",
                                "no evidence source: say how progress will be proven (report, export, dashboard)"))
    if kr.current is None:
        findings.append(Finding(Severity.WARNING, kr.id, "current-value", "no current value yet"))
    for dependency in kr.dependencies:
        if not dependency.help.strip():
            findings.append(Finding(Severity.WARNING, kr.id, "dependency-help",
                                    f"depends on {dependency.team} without saying what help it needs"))
    return findings


def _check_objective(objective: Objective) -> list[Finding]:
    findings = _check_owner(objective.id, objective.owner)
    count = len(objective.key_results)
    if count == 0:
        findings.append(Finding(Severity.ERROR, objective.id, "kr-count",
                                "has no key results: an objective needs measurable results"))
    elif count > MAX_KRS:
        findings.append(Finding(Severity.WARNING, objective.id, "kr-count",
                                f"has {count} key results; more than {MAX_KRS} splits focus"))
    for kr in objective.key_results:
        findings.extend(_check_key_result(kr))
    return findings


def check_quarter(quarter: Quarter) -> list[Finding]:
    """Every planning finding for a quarter, errors and warnings, in objective order."""
    findings: list[Finding] = []
    count = len(quarter.objectives)
    if count < MIN_OBJECTIVES or count > MAX_OBJECTIVES:
        findings.append(Finding(Severity.WARNING, quarter.id, "objective-count",
                                f"has {count_of(count, 'objective')}; {MIN_OBJECTIVES} to {MAX_OBJECTIVES} keeps a quarter focused"))
    for objective in quarter.objectives:
        findings.extend(_check_objective(objective))
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
