"""The planning check shown in the app: one line per finding, glyph and word for its severity."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from reviewtui.domain.planning import Finding, Severity
from reviewtui.export.findings import GLYPH, summary_line


class PlanningPanel(Static):
    """Shows the findings of the planning check for one quarter."""

    lines: tuple[Text, ...] = ()  # what is shown: replaced whole, never shared and mutated

    def show(self, quarter_id: str, findings: list[Finding]) -> None:
        """Replace the shown findings."""
        lines = [Text(summary_line(quarter_id, findings), style="bold")]
        if not findings:
            lines.append(Text("✓ one owner each, evidence sources named, sizes within practice", style="green"))
        for finding in findings:
            style = "bold red" if finding.severity is Severity.ERROR else "yellow"
            line = Text.assemble((f"{GLYPH[finding.severity]:<10}", style), (f"{finding.subject:<12} ", "bold"),
                                 finding.message)
            lines.append(line)
        self.lines = tuple(lines)
        self.update(Group(*lines))

    def show_unchecked(self, quarter_id: str, why: str) -> None:
        """The quarter's file cannot be read: the check cannot run, and never says it passed."""
        self.lines = (Text(f"{quarter_id}: the planning check cannot run", style="bold"),
                      Text(f"✗ {why}", style="bold red"))
        self.update(Group(*self.lines))

    @property
    def plain(self) -> str:
        """What the panel says, without styles."""
        return "\n".join(line.plain for line in self.lines)
