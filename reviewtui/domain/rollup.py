"""An objective's roll-up: the mean of its KRs' scores (and its child objectives'), and its weakest KR's status.

Objectives form a tree through `parent` (company → team → individual). Pure functions over plain data, so
the home screen can roll up the store's index lines and the report a loaded quarter alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reviewtui.domain.enums import Status
from reviewtui.domain.progress import Dated, Measured, standing
from reviewtui.domain.score import data_score

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


def kr_score_now(kr: Measured) -> float | None:
    """A KR's score from its current value alone, between 0 and 1 (relative to its success, 0.7 or 1.0)."""
    score = data_score(kr, [])
    return None if score is None else min(1.0, score / kr.success_at)


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


def roll_up(nodes: Sequence[Node], krs_of: Mapping[str, Iterable[Measured]], quarter: Dated,
            today: date) -> list[RolledUp]:
    """Every objective in tree order with its roll-up. `krs_of` maps an objective's id to its (not dropped) KRs."""
    ordered = tree_order(nodes)
    own: dict[str, tuple[list[float], list[Status]]] = {}
    for node, _ in ordered:
        scores, statuses = [], []
        for kr in krs_of.get(node.id, ()):
            score = kr_score_now(kr)
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
