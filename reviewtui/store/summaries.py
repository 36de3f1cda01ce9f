"""What the store's index says about each quarter and meeting: enough to list them without loading them.

The home screen is drawn from these rows alone, so start-up never validates a whole quarter file. The
rows are built from validated models when a quarter or meeting is saved, and rebuilt when the store
opens if they were written by an older reviewtui (SUMMARY_VERSION).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reviewtui.domain.enums import Commitment, KRKind, MeetingKind, MeetingState, Status
from reviewtui.domain.planning import Finding, Severity, check_quarter
from reviewtui.views import KRLine, MeetingSummary, ObjectiveLine, QuarterSummary  # defined there; also importable from here

if TYPE_CHECKING:
    from reviewtui.domain.models import Meeting, Quarter

# 2: a quarter row lists its key results and planning findings (1 had only their progress).
# 3: each key result line says when it was dropped.
# 4: key result lines carry their kind (threshold, due date, steps, stated confidence), and objectives their tree.
# 5: planning findings of the check by kind, tree and team; none that depend on the date (the row is kept).
# 6: key result lines carry their score so far (the objective tree's roll-up).
SUMMARY_VERSION = 6


def quarter_row(quarter: Quarter) -> dict[str, Any]:
    """The index row of a validated quarter. Its findings are the plan's alone, checked with no date: the row
    is read for months, so a finding that depends on today (no value yet) would go stale in it."""
    return {"id": quarter.id, "name": quarter.name, "start": quarter.start.isoformat(),
            "end": quarter.end.isoformat(), "objectives": len(quarter.objectives),
            "key_results": len(quarter.key_results), "summary_version": SUMMARY_VERSION,
            "krs": [[kr.id, kr.title, kr.owner, kr.unit, kr.baseline, kr.target, kr.current,
                     kr.dropped.on.isoformat() if kr.dropped else None, kr.measure.value, kr.threshold,
                     _iso(kr.due), kr.steps, kr.confidence.value if kr.confidence else None, _iso(kr.baseline_on),
                     objective.id, kr.success_at, kr.score_now]
                    for objective in quarter.objectives for kr in objective.key_results],
            "objective_lines": [[o.id, o.title, o.owner, o.parent, o.commitment.value] for o in quarter.objectives],
            "findings": [[f.severity.value, f.subject, f.rule, f.message] for f in check_quarter(quarter)]}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _kr_line(line: list[Any]) -> KRLine:
    (kr_id, title, owner, unit, baseline, target, current, dropped, kind, threshold, due, steps, confidence,
     baseline_on, objective, success_at, score_now) = line
    return KRLine(kr_id, title, owner, unit, baseline, target, current, dropped, KRKind(kind), threshold,
                  date.fromisoformat(due) if due else None, steps, Status(confidence) if confidence else None,
                  date.fromisoformat(baseline_on) if baseline_on else None, objective, success_at, score_now)


def is_current(row: dict[str, Any]) -> bool:
    """False for a row an older reviewtui wrote: it lacks what the home screen needs."""
    return row.get("summary_version") == SUMMARY_VERSION


def quarter_summary(row: dict[str, Any]) -> QuarterSummary:
    """Read an index row back; KeyError, TypeError or ValueError when it is damaged."""
    return QuarterSummary(
        id=row["id"], name=row["name"], start=date.fromisoformat(row["start"]), end=date.fromisoformat(row["end"]),
        objectives=row["objectives"], key_results=row["key_results"],
        krs=tuple(_kr_line(line) for line in row.get("krs", ())),
        objective_lines=tuple(ObjectiveLine(o_id, title, owner, parent, Commitment(commitment))
                              for o_id, title, owner, parent, commitment in row.get("objective_lines", ())),
        findings=tuple(Finding(Severity(severity), subject, rule, message)
                       for severity, subject, rule, message in row.get("findings", ())),
    )


def meeting_row(meeting: Meeting) -> dict[str, Any]:
    """The index row of a meeting."""
    return {"id": meeting.id, "quarter_id": meeting.quarter_id, "kind": meeting.kind.value,
            "facilitator": meeting.facilitator, "started_at": meeting.started_at.isoformat(),
            "state": meeting.state.value, "reviews": len(meeting.reviews)}


def meeting_summary(row: dict[str, Any]) -> MeetingSummary:
    """Read an index row back; KeyError, TypeError or ValueError when it is damaged."""
    return MeetingSummary(id=row["id"], quarter_id=row["quarter_id"], kind=MeetingKind(row["kind"]),
                          facilitator=row["facilitator"], started_at=datetime.fromisoformat(row["started_at"]),
                          state=MeetingState(row["state"]), reviews=row["reviews"])
