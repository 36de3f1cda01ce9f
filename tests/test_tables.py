"""The home screen's tables and footer: long tables fill in two steps, the footer redraws only on change."""

from __future__ import annotations

import pytest

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from reviewtui.widgets.fitted_table import FIRST_ROWS, FittedTable
from reviewtui.widgets.keys_footer import KeysFooter


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield FittedTable(["Id", "Title"], id="table")


def rows(count: int, prefix: str = "KR") -> list[tuple[list[Text], str]]:
    return [([Text(f"{prefix}{n}"), Text(f"[bold]title {n}[/]")], f"{prefix}{n}") for n in range(count)]


@pytest.mark.speed_guard
async def test_a_long_table_draws_a_screenful_first_and_the_rest_right_after() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FittedTable)
        table.replace_rows(rows(FIRST_ROWS + 36))
        assert (table.row_count, table.rows_to_come) == (FIRST_ROWS, 36)
        await pilot.pause()
        assert (table.row_count, table.rows_to_come) == (FIRST_ROWS + 36, 0)
        assert [table.get_row_at(i)[0].plain for i in (0, FIRST_ROWS, FIRST_ROWS + 35)] == [
            "KR0", f"KR{FIRST_ROWS}", f"KR{FIRST_ROWS + 35}"]
        assert table.get_row_at(1)[1].plain == "[bold]title 1[/]"  # user text stays literal


async def test_rows_replaced_before_the_rest_arrives_are_not_mixed_in() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FittedTable)
        table.replace_rows(rows(FIRST_ROWS + 10, "OLD"))
        table.replace_rows(rows(5, "NEW"))
        await pilot.pause()
        await pilot.pause()
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == [f"NEW{n}" for n in range(5)]


async def test_the_cursor_comes_back_to_its_row_beyond_the_first_screenful() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FittedTable)
        table.replace_rows(rows(FIRST_ROWS + 36))
        await pilot.pause()
        table.move_cursor(row=FIRST_ROWS + 20)
        table.replace_rows(rows(FIRST_ROWS + 36))  # e.g. the home screen after a meeting
        await pilot.pause()
        assert table.cursor_row == FIRST_ROWS + 20


class FooterApp(App):
    BINDINGS = [Binding("f2", "toggle", "Toggle me")]
    enabled = True

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.enabled if action == "toggle" else True


@pytest.mark.speed_guard
async def test_the_footer_redraws_when_its_keys_change_not_when_focus_moves() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(KeysFooter)
        first_keys = list(footer.children)
        assert any("Toggle me" in str(key.render()) for key in first_keys)
        await pilot.press("tab")  # focus moves to the other Input: same keys
        await pilot.pause()
        assert list(footer.children) == first_keys  # the same widgets: nothing was rebuilt
        app.enabled = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert list(footer.children) != first_keys  # what it shows changed: rebuilt


async def test_an_attendee_box_is_marked_only_when_picked() -> None:
    from reviewtui.widgets.attendee_list import AttendeeList

    class PickApp(App):
        def compose(self) -> ComposeResult:
            yield AttendeeList(("Ana Ruiz", "Ana Ruiz"), ("Ben Ode", "Ben Ode"), id="people")

    app = PickApp()
    async with app.run_test(size=(40, 6)) as pilot:
        people = app.query_one(AttendeeList)
        people.focus()
        await pilot.press("space")  # picks the highlighted first person
        await pilot.pause()
        lines = [people.render_line(y).text for y in range(2)]
        assert lines[0].startswith("[x] Ana Ruiz") and lines[1].startswith("[ ] Ben Ode")
        assert people.selected == ["Ana Ruiz"]


async def test_a_toggle_says_its_state_in_the_box_and_in_words() -> None:
    from reviewtui.widgets.review_form import escalation_label
    from reviewtui.widgets.word_checkbox import WordCheckbox

    class ToggleApp(App):
        def compose(self) -> ComposeResult:
            yield WordCheckbox(escalation_label(False), False, id="escalate", compact=True)

    app = ToggleApp()
    async with app.run_test(size=(40, 4)) as pilot:
        toggle = app.query_one(WordCheckbox)
        assert toggle.render_line(0).text.startswith("[ ] escalate")
        toggle.focus()
        await pilot.press("space")
        toggle.label = escalation_label(toggle.value)
        await pilot.pause()
        assert toggle.value and toggle.render_line(0).text.startswith("[x] ESCALATE")


def test_titles_are_cut_by_terminal_cells_not_by_characters() -> None:
    from rich.cells import cell_len

    from reviewtui.widgets.kr_table import shortened

    japanese = "顧客満足度を四十五から六十に引き上げ、解約率を三パーセント下げる取り組み"  # two cells a character
    cut = shortened(japanese, 44)
    assert cell_len(cut) <= 44 and cut.endswith("…") and japanese.startswith(cut[:-1])
    assert shortened("Raise NPS", 44) == "Raise NPS"
    assert shortened("x" * 50, 10) == "x" * 9 + "…"


async def test_an_overdue_open_action_says_so_on_the_form() -> None:
    from datetime import date

    from textual.widgets import Label

    from reviewtui.domain.importing import validate_quarter
    from reviewtui.domain.models import ActionItem, ActionStatus, KRReview
    from reviewtui.widgets.review_form import ReviewForm

    kr = validate_quarter({"quarter": "Q", "start": "2026-10-01", "end": "2026-12-31", "objectives": [
        {"id": "O1", "title": "Objective", "owner": "Ana Ruiz", "key_results": [
            {"id": "K1", "title": "Key result", "owner": "Ana Ruiz", "unit": "%", "baseline": 0, "target": 100}]}]}
    ).key_results[0]
    late = ActionItem(id="A1", kr_id="K1", text="Call the vendor", owner="Ana Ruiz", due=date(2026, 11, 10),
                      opened_in="M0")
    on_time = late.model_copy(update={"id": "A2", "due": date(2026, 11, 30)})

    class FormApp(App):
        def compose(self) -> ComposeResult:
            yield ReviewForm(kr, KRReview(kr_id="K1"), [(late, ActionStatus.OPEN), (on_time, ActionStatus.OPEN)],
                             ["Ana Ruiz"], date(2026, 11, 22))

    app = FormApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        lines = [str(label.render()) for label in app.query(".action-text").results(Label)]
        assert lines[0].endswith("▲ overdue") and "overdue" not in lines[1]
