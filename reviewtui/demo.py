"""The built-in demo: two quarters shipped as JSON, shifted so that today is always inside both.

Ledgerline's calendar quarter (metric KRs, three earlier meetings) is the one shown first. Brackwater's
fiscal quarter beside it, written by hand, holds every kind of key result (increase, decrease, stay above,
stay below, milestone with and without a checklist), a baseline still to be measured, due dates, notes, an
objective tree three levels deep with aspirational objectives, and titles past 300 characters. It starts
three days earlier, so it is listed above it and the home screen still opens on Ledgerline's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from reviewtui.domain.effects import apply_actions
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.models import ActionItem, Meeting, Quarter
from reviewtui.store import Store

# The demo data is written as if today were this date; every date moves by the same offset.
NOMINAL_TODAY = date(2026, 11, 22)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _read(name: str) -> Any:
    return json.loads(resources.files("reviewtui.data").joinpath(name).read_text(encoding="utf-8"))


def _shift(value: Any, days: int) -> Any:
    """Move every ISO date or date-time inside value by days."""
    if isinstance(value, dict):
        return {key: _shift(item, days) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift(item, days) for item in value]
    if isinstance(value, str) and _DATE.match(value):
        try:
            if len(value) == 10:
                return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
            return (datetime.fromisoformat(value) + timedelta(days=days)).isoformat()
        except ValueError:
            return value
    return value


def _quarter_label(start: date) -> tuple[str, str]:
    number = (start.month - 1) // 3 + 1
    return f"{start.year}-Q{number}", f"Q{number} {start.year}"


def _fiscal_label(start: date) -> tuple[str, str]:
    """A 13-week fiscal quarter of a year that runs from April: its id and name from its (shifted) start."""
    middle = start + timedelta(days=45)
    year = middle.year + 1 if middle.month >= 4 else middle.year
    number = (middle.month - 4) % 12 // 3 + 1
    return f"FY{year % 100:02d}-Q{number}", f"FY{year % 100:02d} Q{number} Brackwater"


def _shifted(quarter_file: str, meetings_file: str, today: date,
             label: Callable[[date], tuple[str, str]]) -> tuple[Quarter, list[Meeting]]:
    days = (today - NOMINAL_TODAY).days
    raw_quarter = _shift(_read(quarter_file), days)
    quarter_id, name = label(date.fromisoformat(raw_quarter["start"]))
    raw_quarter["quarter"], raw_quarter["name"] = quarter_id, name
    text = json.dumps(_shift(_read(meetings_file), days))
    nominal = [m["id"] for m in _read(meetings_file)]
    shifted = [f"{m['started_at'][:10]}-{m['kind']}" for m in json.loads(text)]
    # Meeting ids carry their date: rename them everywhere they appear.
    for old, new in zip(nominal, shifted, strict=True):
        text = text.replace(json.dumps(old), json.dumps(new))
    raw_meetings = json.loads(text)
    for raw in raw_meetings:
        raw["quarter_id"] = quarter_id
    return validate_quarter(raw_quarter), [Meeting.model_validate(raw) for raw in raw_meetings]


def demo_quarter_and_meetings(today: date) -> tuple[Quarter, list[Meeting]]:
    """The demo quarter and its earlier meetings, dated so that `today` is where NOMINAL_TODAY was."""
    return _shifted("demo_quarter.json", "demo_meetings.json", today, _quarter_label)


def kinds_quarter_and_meetings(today: date) -> tuple[Quarter, list[Meeting]]:
    """The second demo quarter (Brackwater, every kind of KR) and its two earlier meetings, dated likewise."""
    return _shifted("demo_kinds_quarter.json", "demo_kinds_meetings.json", today, _fiscal_label)


def actions_after(meetings: list[Meeting]) -> list[ActionItem]:
    """The action items as the meetings left them: opened by one, closed (done or dropped) by a later one."""
    actions: list[ActionItem] = []
    for meeting in meetings:
        actions = apply_actions(actions, meeting)
    return actions


def _save(store: Store, quarter: Quarter, meetings: list[Meeting]) -> None:
    store.save_quarter(quarter)
    for meeting in meetings:
        store.save_meeting(meeting)
    store.save_actions(quarter.id, actions_after(meetings))


def seed_demo(store: Store, today: date) -> Quarter:
    """Fill an empty store with both demo quarters, their earlier meetings and their action items; return the
    one the home screen opens on (Ledgerline's)."""
    _save(store, *kinds_quarter_and_meetings(today))
    quarter, meetings = demo_quarter_and_meetings(today)
    _save(store, quarter, meetings)
    return quarter
