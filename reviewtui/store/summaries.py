"""What the store's index says about each quarter and meeting: enough to list them without loading them.

The home screen is drawn from these rows alone, so start-up never validates a whole quarter file. The
rows are built from validated models when a quarter or meeting is saved, and rebuilt when the store
opens if they were written by an older reviewtui (SUMMARY_VERSION).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reviewtui.domain.enums import MeetingKind, MeetingState
from reviewtui.domain.planning import Finding, Severity, check_quarter
from reviewtui.views import KRLine, MeetingSummary, QuarterSummary  # defined there; also importable from here

if TYPE_CHECKING:
    from reviewtui.domain.models import Meeting, Quarter

# 2: a quarter row lists its key results and planning findings (1 had only their progress).
# 3: each key result line says when it was dropped.
SUMMARY_VERSION = 3


def quarter_row(quarter: Quarter) -> dict[str, Any]:
    """The index row of a validated quarter."""
    return {"id": quarter.id, "name": quarter.name, "start": quarter.start.isoformat(),
            "end": quarter.end.isoformat(), "objectives": len(quarter.objectives),
            "key_results": len(quarter.key_results), "summary_version": SUMMARY_VERSION,
            "krs": [[kr.id, kr.title, kr.owner, kr.unit, kr.baseline, kr.target, kr.current,
                     kr.dropped.on.isoformat() if kr.dropped else None]
                    for kr in quarter.key_results],
            "findings": [[f.severity.value, f.subject, f.rule, f.message] for f in check_quarter(quarter)]}


def is_current(row: dict[str, Any]) -> bool:
    """False for a row an older reviewtui wrote: it lacks what the home screen needs."""
    return row.get("summary_version") == SUMMARY_VERSION


def quarter_summary(row: dict[str, Any]) -> QuarterSummary:
    """Read an index row back; KeyError, TypeError or ValueError when it is damaged."""
    return QuarterSummary(
        id=row["id"], name=row["name"], start=date.fromisoformat(row["start"]), end=date.fromisoformat(row["end"]),
        objectives=row["objectives"], key_results=row["key_results"],
        krs=tuple(KRLine(*line) for line in row.get("krs", ())),
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
