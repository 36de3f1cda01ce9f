"""An objective's roll-up: the mean of its KRs' scores (and its child objectives'), and its weakest KR's status.

Objectives form a tree through `parent` (company → team → individual). Pure functions over plain data, so
the home screen can roll up the store's index lines and the report a loaded quarter alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from datetime import date

from reviewtui.domain.enums import Status
from reviewtui.domain.progress import Dated, Measured, standing

_WEAKEST_FIRST = (Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK)


@dataclass(frozen=True, slots=True)
class Node:
    """An objective as the tree needs it."""

    id: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class RolledUp:
    """One objective in tree order: how deep it sits, its roll-up progress (0..1) and weakest status."""

    id: str
    depth: int
    progress: float | None  # mean of its KRs' scores and its children's progress, each capped at 1.0
    status: Status | None  # the weakest status among its KRs and its children's


class Scored(Measured, Protocol):
    """A KR as the roll-up needs it: a stored KeyResult or an index line, each with its score so far."""

    @property
    def score_now(self) -> float | None: ...


def kr_score_now(kr: Scored, quarter: Dated, today: date) -> float | None:
    """A KR's part in its objective's progress, 0 to 1 (relative to its success, 0.7 or 1.0). With no score, an
    overdue, missed or never measured KR counts as 0; one with nothing to judge yet is left out."""
    score = kr.score_now
    if score is None:
        found = standing(kr, quarter, today)
        return 0.0 if found.status is Status.OFF_TRACK or found.word == "never measured" else None
    return min(1.0, score / kr.success_at)


def tree_order(nodes: Sequence[Node]) -> list[tuple[Node, int]]:
    """Objectives depth first, each after its parent, siblings in file order; with their depth."""
    children: dict[str | None, list[Node]] = {}
    known = {node.id for node in nodes}
    for node in nodes:
        children.setdefault(node.parent if node.parent in known else None, []).append(node)
    ordered: list[tuple[Node, int]] = []
    stack = [(node, 0) for node in reversed(children.get(None, []))]
    while stack:
        node, depth = stack.pop()
        ordered.append((node, depth))
        stack += [(child, depth + 1) for child in reversed(children.get(node.id, []))]
    return ordered


def roll_up(nodes: Sequence[Node], krs_of: Mapping[str, Iterable[Scored]], quarter: Dated,
            today: date) -> list[RolledUp]:
    """Every objective in tree order with its roll-up. `krs_of` maps an objective's id to its (not dropped) KRs."""
    ordered = tree_order(nodes)
    own: dict[str, tuple[list[float], list[Status]]] = {}
    for node, _ in ordered:
        scores, statuses = [], []
        for kr in krs_of.get(node.id, ()):
            score = kr_score_now(kr, quarter, today)
            if score is not None:
                scores.append(score)
            status = standing(kr, quarter, today).status
            if status is not None:
                statuses.append(status)
        own[node.id] = (scores, statuses)
    result: dict[str, RolledUp] = {}
    for node, depth in reversed(ordered):  # children before their parents
        scores, statuses = list(own[node.id][0]), list(own[node.id][1])
        for child, _ in ordered:
            if child.parent == node.id and child.id in result:
                rolled = result[child.id]
                if rolled.progress is not None:
                    scores.append(rolled.progress)
                if rolled.status is not None:
                    statuses.append(rolled.status)
        weakest = next((s for s in _WEAKEST_FIRST if s in statuses), None)
        result[node.id] = RolledUp(node.id, depth, sum(scores) / len(scores) if scores else None, weakest)
    return [result[node.id] for node, _ in ordered]
