"""After the last KR: what the meeting decided, and the confirmation that writes the record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from reviewtui.domain.meeting_kinds import KIND_LABEL
from reviewtui.domain.models import MeetingKind
from reviewtui.domain.retro import outcome_bands
from reviewtui.domain.summary import MeetingReport
from reviewtui.domain.review_rules import DECISION_LABEL
from reviewtui.export.meeting import meeting_markdown
from reviewtui.screens.store_problem import write_problem
from reviewtui.session import MeetingSession, write_meeting_export
from reviewtui.store import StoreError
from reviewtui.store.repository import RollForwardPending
from reviewtui.widgets.countdown import clock_text
from reviewtui.widgets.keys_footer import KeysFooter
from reviewtui.widgets.status import band_text, status_text

if TYPE_CHECKING:
    from reviewtui.app import ReviewApp


class SummaryScreen(Screen):
    """Decisions, escalations, actions, overruns, time and flags; ctrl+s writes the record."""

    if TYPE_CHECKING:  # for the checker only: the app that pushes this screen, with its methods
        app = getters.app(ReviewApp)

    BINDINGS = [
        Binding("ctrl+s", "confirm", "Write the record"),
        Binding("escape", "back", "Back to the review"),
        Binding("q", "home", "Home"),
    ]

    def __init__(self, session: MeetingSession, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.session = session
        self.now = now
        self.written: str | None = None  # once the record is written: its Markdown export ("" if that failed)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="written")
            yield Static(id="summary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = f"Summary: {KIND_LABEL[self.session.meeting.kind]} · {self.session.quarter.id}"
        self.query_one("#summary", Static).update(self.render_report())

    def render_report(self) -> Group:
        session = self.session
        report = session.report()
        table = Table(title=Text("Decisions", style="bold"), title_justify="left", expand=True)
        for column in ("KR", "Owner", "Value", "Confidence", "Decision", "Note"):
            table.add_column(column, overflow="fold")
        folded = self._folded(report)
        for kr_id in session.meeting.agenda:
            if kr_id in folded:
                continue
            kr, review = session.key_result(kr_id), session.review_of(kr_id)
            decision = review.decision
            label = DECISION_LABEL[decision.kind] if decision else "✗ none"
            if decision and decision.revisit_on:
                label += f" → {decision.revisit_on}"
            table.add_row(Text(kr_id), Text(kr.owner), Text("" if review.value is None else f"{review.value:g} {kr.unit}"),
                          status_text(review.confidence) if review.confidence else Text(""), Text(label),
                          Text(decision.note if decision else ""))
        lines: list[RenderableType] = [
            Text(f"Time used {clock_text(report.time_used_s)} of {clock_text(report.time_planned_s)} planned · "
                 f"{report.discussed} of {len(session.meeting.agenda)} discussed · {report.decided} decided",
                 style="bold"),
        ]
        if report.deferred_unreviewed:
            why = " at the hard stop" if report.hard_stopped else ""
            line = Text.assemble((f"↷ Ended early{why}: {len(report.deferred_unreviewed)} deferred without "
                                  "discussion", "bold yellow"))
            if folded:  # one reason and one date for all of them: said once, not in a row each
                decision = session.review_of(folded[0]).decision
                if decision is not None:
                    line.append(f" until {decision.revisit_on}: ", style="yellow")
                    line.append(decision.note)
            lines.append(line)
            if folded:
                lines.append(Padding(Text(", ".join(folded)), (0, 0, 0, 2)))
        lines += self._kind_sections(report)
        lines += [
            table if table.row_count else Text("Decisions: no key result was discussed", style="bold"),
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

    def _folded(self, report: MeetingReport) -> list[str]:
        """KRs deferred without discussion and with nothing entered: listed on one line, not as table rows."""
        reviews = [self.session.review_of(kr_id) for kr_id in report.deferred_unreviewed]
        return [review.kr_id for review in reviews if review.value is None and not review.evidence]

    def _kind_sections(self, report: MeetingReport) -> list[RenderableType]:
        """What a kind adds: the leadership review's escalations and asks, the retrospective's outcome."""
        kind = self.session.meeting.kind
        lines: list[RenderableType] = []
        if kind is MeetingKind.MONTHLY:
            lines.append(Text("Escalations since the last leadership review:", style="bold"))
            lines += [Text(f"  ⚑ {e.kr_id} ({e.raised_on}): {e.blocker or e.note or 'no blocker written'}")
                      for e in report.raised_escalations] or [Text("  none")]
            lines.append(Text("Needed from leadership now:", style="bold"))
            lines += [Text(f"  → {kr_id}: {ask}") for kr_id, ask in report.leadership_asks] or [Text("  nothing asked")]
        if kind is MeetingKind.RETRO:
            outcome = Text("Quarter outcome: ", style="bold")
            for band, kr_ids in outcome_bands(report.retro).items():
                if kr_ids or band is not None:
                    outcome.append_text(band_text(band))
                    outcome.append(f" {len(kr_ids)}   ")
            lines.append(outcome)
            lines.append(Text("Lessons:", style="bold"))
            lines += [Text(f"  • {kr_id}: {lesson}") for kr_id, lesson in report.lessons] or [Text("  none written")]
        if kind is MeetingKind.ONE_ON_ONE:
            lines.append(Text(f"Talking points for the 1:1 with {self.session.meeting.owner} are exported when the "
                              f"record is written.", style="bold"))
        return lines

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("confirm", "back"):
            return self.written is None
        if action == "home":
            return self.written is not None
        return True

    def action_confirm(self) -> None:
        session = self.session
        pending: str | None = None
        try:
            session.finish(self.now())
        except ValueError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        except RollForwardPending as error:  # the record is final; its KR values and actions follow later
            pending = str(error)
        except StoreError as error:  # nothing was confirmed: the meeting stays open, here and on disk
            self._show(Text.assemble(
                ("✗ Not written: ", "bold"), write_problem(error),
                ("\nThe meeting is still open and nothing was confirmed. Make room (or fix the file) and press "
                 "ctrl+s again; escape goes back to the review.", "bold")))
            return
        self.written = ""  # the record is in the store; the Markdown export's path follows once it is written
        notice = Text("✓ Record written: the meeting is confirmed in the store.", style="bold green")
        if pending is not None:
            notice.append_text(Text.assemble(("\n▲ Not yet applied: ", "bold"), pending))
        exports = [("md", "Exported to", lambda: meeting_markdown(session.meeting, session.quarter, session.report()))]
        if session.meeting.kind is MeetingKind.ONE_ON_ONE:
            exports.append(("talking-points.md", "Talking points for the 1:1", session.talking_points))
        for suffix, label, render in exports:
            try:
                path = write_meeting_export(session.store, session.meeting, suffix, render())
            except (StoreError, OSError) as error:
                notice.append_text(Text.assemble(
                    (f"\n✗ {label}: not written, {write_problem(error)}. ", "bold"),
                    f"Write it later with: reviewtui export {session.meeting.id} --store {session.store.directory}"
                    + (" --format talking-points" if suffix != "md" else "")))
            else:
                notice.append_text(Text.assemble((f"\n{label}:\n", "bold green"), (str(path), "bold")))
                if suffix == "md":
                    self.written = str(path)
        notice.append("\nPress q to go home.", style="bold")
        self._show(notice)
        self.notify("Record written", title="Saved", timeout=4, markup=False)  # the paths stay on screen
        self.refresh_bindings()

    def _show(self, notice: Text) -> None:
        """What the confirmation did, at the top of the screen, where it is seen."""
        self.query_one("#written", Static).update(notice)
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def action_back(self) -> None:
        self.dismiss()

    def action_home(self) -> None:
        self.app.go_home()
