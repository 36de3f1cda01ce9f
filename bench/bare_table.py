"""The start-up baseline: a bare Textual app with a header, a 20-row DataTable and a footer.

bench_startup.py launches it in a pseudo-terminal with the same interpreter as the `reviewtui` command and
waits for its last row ("B-20") to be drawn.
"""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROWS = 20


class BareTableApp(App):
    """What any Textual app with one table draws first."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Row", "Quarter", "Dates", "Objectives", "KRs", "Behind pace")
        for n in range(1, ROWS + 1):
            table.add_row(f"B-{n:02d}", f"2026-Q{n % 4 + 1}", "01 Oct – 31 Dec", str(n % 7 + 3), str(n * 7 + 5),
                          f"{n % 5} of {n * 7 + 5}", key=str(n))
        table.focus()


if __name__ == "__main__":
    BareTableApp().run()
