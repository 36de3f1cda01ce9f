"""Moved goalposts in words: a target adjusted by a meeting, or a KR dropped. Never hidden where a score shows."""

from __future__ import annotations

from reviewtui.domain.models import KeyResult


def goalpost_lines(kr: KeyResult) -> list[str]:
    """'target moved from 60 to 55 points on 2026-11-12 by <meeting>: <why>', and 'dropped <date>: <why>'."""
    unit = f" {kr.unit}" if kr.unit else ""
    lines = [f"target moved from {change.from_target:g} to {change.to_target:g}{unit} on {change.on.isoformat()} "
             f"by {change.meeting}" + (f": {change.reason}" if change.reason else "")
             for change in kr.target_history]
    if kr.dropped is not None:
        lines.append(f"dropped {kr.dropped.on.isoformat()}" + (f": {kr.dropped.reason}" if kr.dropped.reason else ""))
    return lines
