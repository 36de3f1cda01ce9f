"""The planning check as a rich table, plain lines or JSON."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text

from reviewtui.domain.planning import Finding, Severity
from reviewtui.domain.text import count
from reviewtui.format import severity_label

GLYPH = {severity: severity_label(severity is Severity.ERROR) for severity in Severity}


def summary_line(quarter_id: str, findings: list[Finding]) -> str:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"{quarter_id}: plan passes the check"
    return f"{quarter_id}: {count(errors, 'error')}, {count(warnings, 'warning')}"


def findings_table(quarter_id: str, findings: list[Finding]) -> Table:
    """A table for a terminal; every cell is Text so user data is never parsed as markup."""
    table = Table(title=Text(f"Planning check: {quarter_id}"), title_justify="left", expand=False)
    table.add_column("severity", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("finding")
    for finding in findings:
        style = "bold red" if finding.severity is Severity.ERROR else "yellow"
        table.add_row(Text(GLYPH[finding.severity], style=style), Text(finding.subject),
                      Text(finding.rule), Text(finding.message))
    return table


def findings_lines(findings: list[Finding]) -> list[str]:
    """One tab-separated line per finding, for pipes and grep."""
    return [f"{f.severity.value}\t{f.subject}\t{f.rule}\t{f.message}" for f in findings]


def findings_json(quarter_id: str, findings: list[Finding]) -> str:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    return json.dumps({"quarter": quarter_id, "errors": errors, "warnings": len(findings) - errors,
                       "findings": [f.as_dict() for f in findings]}, indent=2, ensure_ascii=False)
