"""The last check-in of a KR in full, beside the new one (1:1 prep), and the owner's open actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from reviewtui.domain.models import ActionItem, ActionStatus, KeyResult, KRReview
from reviewtui.domain.review_rules import DECISION_LABEL
from reviewtui.widgets.status import status_text


@dataclass(frozen=True)
class CheckInData:
    """What the panel shows, pushed down by the review screen."""

    kr: KeyResult
    last: KRReview | None
    held_on: date | None
    owner: str
    owner_actions: list[ActionItem]
    today: date
    verdicts: dict[str, ActionStatus]  # what this meeting marked so far


def _field(label: str, value: str) -> Text:
    return Text.assemble((f"{label} ", "dim"), value or "—")


class LastCheckIn(Static):
    """Everything the previous check-in recorded, so the new one is written beside it."""

    DEFAULT_CSS = """
    LastCheckIn { height: auto; padding: 0 1; border: round $secondary; margin-bottom: 1; }
    """

    def show(self, data: CheckInData) -> None:
        parts: list[Text] = []
        last, kr = data.last, data.kr
        if last is None:
            parts.append(Text("Last check-in: none yet for this KR", style="bold"))
        else:
            parts.append(Text(f"Last check-in {data.held_on}", style="bold"))
            value = "" if last.value is None else f"{last.value:g} {kr.unit}"
            parts.append(Text.assemble(_field("Value", value), "  ", status_text(last.confidence)))
            parts.append(_field("Evidence", last.evidence))
            blocker = _field("Blocker", last.blocker)
            if last.escalate:
                blocker.append(" (escalated)", style="bold")
            parts.append(blocker)
            if last.next_action is not None:
                action = last.next_action
                parts.append(_field("Next", f"{action.text} ({action.owner}, due {action.due})"))
            if last.decision is not None:
                decided = Text.assemble(("Decided ", "dim"), (DECISION_LABEL[last.decision.kind], "bold"))
                if last.decision.note:
                    decided.append(f": {last.decision.note}")
                parts.append(decided)
        parts.append(Text(""))
        parts.append(Text(f"Open actions {data.owner} owns ({len(data.owner_actions)})", style="bold"))
        for action in data.owner_actions:
            verdict = data.verdicts.get(action.id, ActionStatus.OPEN)
            overdue = action.due < data.today and verdict is ActionStatus.OPEN
            mark = {ActionStatus.DONE: "✓ done", ActionStatus.DROPPED: "– dropped"}.get(
                verdict, "✗ overdue" if overdue else "·")
            line = Text(f"{mark} {action.id} ", style="bold" if overdue else "")
            line.append(f"{action.kr_id}: {action.text} (due {action.due})")
            parts.append(line)
        if not data.owner_actions:
            parts.append(Text("none", style="dim"))
        self.update(Group(*parts))
