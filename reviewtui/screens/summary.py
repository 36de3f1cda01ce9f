"""After the last KR: what the meeting decided, and the confirmation that writes the record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from reviewtui.domain.meeting_kinds import KIND_LABEL
from reviewtui.domain.review_rules import DECISION_LABEL
from reviewtui.export.meeting import meeting_markdown
from reviewtui.session import MeetingSession, export_path
from reviewtui.widgets.countdown import clock_text
from reviewtui.widgets.status import status_text


class SummaryScreen(Screen):
    """Decisions, escalations, actions, overruns, time and flags; ctrl+s writes the record."""

    BINDINGS = [
        Binding("ctrl+s", "confirm", "Write the record"),
        Binding("escape", "back", "Back to the review"),
        Binding("q", "home", "Home"),
    ]

    def __init__(self, session: MeetingSession, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.session = session
        self.now = now
        self.written: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="written")
            yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Summary: {KIND_LABEL[self.session.meeting.kind]} · {self.session.quarter.id}"
        self.query_one("#summary", Static).update(self.render_report())

    def render_report(self) -> Group:
        session = self.session
        report = session.report()
        table = Table(title=Text("Decisions", style="bold"), title_justify="left", expand=True)
        for column in ("KR", "Owner", "Value", "Confidence", "Decision", "Note"):
            table.add_column(column, overflow="fold")
        for kr_id in session.meeting.agenda:
            kr, review = session.key_result(kr_id), session.review_of(kr_id)
            decision = review.decision
            label = DECISION_LABEL[decision.kind] if decision else "✗ none"
            if decision and decision.revisit_on:
                label += f" → {decision.revisit_on}"
            table.add_row(Text(kr_id), Text(kr.owner), Text("" if review.value is None else f"{review.value:g} {kr.unit}"),
                          status_text(review.confidence) if review.confidence else Text(""), Text(label),
                          Text(decision.note if decision else ""))
        lines: list[Text | Table] = [
            Text(f"Time used {clock_text(report.time_used_s)} of {clock_text(report.time_planned_s)} planned · "
                 f"{report.discussed} of {len(session.meeting.agenda)} discussed · {report.decided} decided",
                 style="bold"),
        ]
        if report.deferred_unreviewed:
            lines.append(Text(f"↷ Ended early: {len(report.deferred_unreviewed)} deferred without discussion",
                              style="bold yellow"))
        lines += [
            table,
            Text("Escalations: " + (", ".join(report.escalations) or "none"), style="bold"),
            Text("New action items:", style="bold"),
        ]
        lines += [Text(f"  {a.id} {a.kr_id}: {a.text} ({a.owner}, due {a.due})") for a in report.new_actions] or [
            Text("  none")]
        lines.append(Text("Timebox overruns:", style="bold"))
        lines += [Text(f"  + {kr_id} over by {clock_text(over)}") for kr_id, over in report.overruns] or [Text("  none")]
        lines.append(Text("Accountability flags:", style="bold"))
        lines += [Text(f"  ▲ {flag.kr_id}: {flag.message}") for flag in report.flags] or [Text("  none")]
        return Group(*lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("confirm", "back"):
            return self.written is None
        if action == "home":
            return self.written is not None
        return True

    def action_confirm(self) -> None:
        session = self.session
        try:
            session.finish(self.now())
        except ValueError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        path = export_path(session.store, session.meeting, "md")
        path.write_text(meeting_markdown(session.meeting, session.quarter, session.report()), encoding="utf-8")
        self.written = str(path)
        self.query_one("#written", Static).update(
            Text.assemble(("✓ Record written. Exported to:\n", "bold green"), (str(path), "bold"),
                          ("\nPress q to go home.", "bold")))
        self.query_one(VerticalScroll).scroll_home(animate=False)
        self.notify(f"Record written: {path}", title="Saved", timeout=8, markup=False)
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()

    def action_home(self) -> None:
        self.app.go_home()
