"""Input that could be read two ways is refused by `reviewtui import`: one line that says where, exit 2, store untouched."""

from __future__ import annotations

import copy
import html
import json
from pathlib import Path
from typing import Any

import pytest

from .problem_paths import unnamed
from markdown_it import MarkdownIt

from reviewtui.domain.importing import InvalidQuarter, parse_quarter_csv, parse_quarter_json
from reviewtui.export.markdown import md

from .conftest import ISSUE_EXAMPLE as VALID
from .test_cli import run, seed, snapshot

KR = "objectives[0].key_results[0]"
HEADER = "objective_id,objective,objective_owner,kr_id,key_result,kr_owner,unit,baseline,target,current,evidence_source"
ROW1 = "O1,Delight our customers,Ana Ruiz,O1-KR1,Increase NPS from 45 to 60,Ana Ruiz,points,45,60,52,NPS export"
ROW2 = "O1,Delight our customers,Ana Ruiz,O1-KR2,Cut churn,Ben Ode,%,8,5,,Churn dashboard"
DATES = ("--quarter", "2027-Q1", "--start", "2027-01-01", "--end", "2027-03-31")


def quarter(**changes: Any) -> dict[str, Any]:
    """The issue's example with a second objective O2 (one KR, O2-KR1) and the given top-level changes."""
    data = copy.deepcopy(VALID)
    second = copy.deepcopy(data["objectives"][0])
    second["id"], second["key_results"][0]["id"] = "O2", "O2-KR1"
    data["objectives"].append(second)
    data.update(changes)
    return data


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store that already holds a quarter, so a refused import can be seen to leave it byte for byte."""
    directory = tmp_path / "store"
    seed(directory, VALID)
    return directory


def refused(store: Path, name: str, content: str, *options: str) -> list[str]:
    """Import content from a file called name; assert exit 2 and an untouched store; return the lines of stderr."""
    path = store.parent / name
    path.write_text(content, encoding="utf-8")
    before = snapshot(store)
    result = run("import", path, "--store", store, *options)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert snapshot(store) == before
    lines = [unnamed(line) for line in result.stderr.splitlines()]
    assert lines[-1] == f"reviewtui: {len(lines) - 1} problem{'s' * (len(lines) != 2)} in {path}; nothing was imported"
    return lines[:-1]


def refused_csv(store: Path, *rows: str, header: str = HEADER) -> list[str]:
    return refused(store, "plan.csv", "\n".join([header, *rows]) + "\n", *DATES)


# --- a key or a column given twice -------------------------------------------------------------------------

def test_json_key_given_twice_in_a_key_result(store: Path) -> None:
    text = json.dumps(VALID).replace('"unit": "points"', '"unit": "points", "unit": "%"')
    assert refused(store, "plan.json", text) == [f"{KR}.unit: is given twice in the same object; keep one"]


def test_json_key_given_three_times_at_the_top(store: Path) -> None:
    text = json.dumps(VALID).replace('"quarter": "2026-Q4"', '"quarter": "2026-Q4", "quarter": "Q1", "quarter": "Q2"')
    assert refused(store, "plan.json", text) == ["quarter: is given 3 times in the same object; keep one"]


def test_csv_column_given_twice(store: Path) -> None:
    lines = refused_csv(store, ROW1 + ",Ben Ode", header=HEADER + ",kr_owner")
    assert lines == ["(header): column 'kr_owner' is given twice; keep one"]


# --- numbers that float() reads and a spreadsheet never means --------------------------------------------

def test_csv_arabic_indic_digits_are_refused(store: Path) -> None:
    lines = refused_csv(store, ROW1.replace(",45,60,", ",٣٣٣٣,60,"))
    assert lines == ["row 2, column baseline: has the digit '٣' (U+0663); write numbers with 0-9"]


def test_csv_fullwidth_digits_are_refused(store: Path) -> None:
    lines = refused_csv(store, ROW1.replace(",60,52,", ",60,５２,"))
    assert lines == ["row 2, column current: has the digit '５' (U+FF15); write numbers with 0-9"]


def test_csv_underscore_between_digits_is_refused(store: Path) -> None:
    lines = refused_csv(store, ROW1, ROW2.replace(",8,5,", ",1_000,5,"))
    assert lines == ["row 3, column baseline: has '_' in it; write 1000, not 1_000"]


@pytest.mark.parametrize(("cell", "value"), [("1e3", 1000), ("-2.5", -2.5), ("+4", 4), (".5", 0.5), ("7.", 7)])
def test_csv_numbers_written_with_0_to_9_still_import(cell: str, value: float) -> None:
    raw = f"{HEADER}\n{ROW1.replace(',45,60,', f',{cell},60,')}\n".encode()
    assert parse_quarter_csv(raw, quarter="Q", start="2027-01-01", end="2027-03-31").key_results[0].baseline == value


# --- characters that show as nothing ------------------------------------------------------------------------

INVISIBLE = [("\u200b", "zero-width space U+200B"), ("\u200c", "zero-width non-joiner U+200C"),
             ("\u200d", "zero-width joiner U+200D"), ("\u2060", "word joiner U+2060"),
             ("\ufeff", "byte order mark U+FEFF"), ("\u00ad", "soft hyphen U+00AD")]


@pytest.mark.parametrize(("char", "named"), INVISIBLE, ids=[n.split(" U+")[0] for _, n in INVISIBLE])
def test_invisible_character_in_an_owner_is_refused(store: Path, char: str, named: str) -> None:
    data = quarter()
    data["objectives"][0]["key_results"][0]["owner"] = f"Ana{char} Ruiz"
    assert refused(store, "plan.json", json.dumps(data)) == [
        f"{KR}.owner: contains an invisible {named}; remove it"]


def test_a_joiner_inside_a_name_is_how_it_is_spelled_and_imports() -> None:
    data = quarter()
    data["objectives"][0]["key_results"][0]["owner"] = "\u0646\u06cc\u06a9\u200c\u0632\u0627\u062f Ahmadi"  # Persian
    assert parse_quarter_json(json.dumps(data).encode()).key_results[0].owner.startswith("\u0646\u06cc\u06a9\u200c")


def test_invisible_character_in_a_csv_objective_id_is_refused(store: Path) -> None:
    lines = refused_csv(store, ROW1.replace("O1,", "O\u200b1,", 1))
    assert lines == ["row 2, column objective_id: contains an invisible zero-width space U+200B; remove it"]


def test_invisible_character_in_the_quarter_id_is_refused(store: Path) -> None:
    lines = refused(store, "plan.json", json.dumps(quarter(quarter="2027\u2060-Q1")))
    assert lines == ["quarter: contains an invisible word joiner U+2060; remove it"]


@pytest.mark.parametrize("field", ["team", "owner"])
def test_invisible_characters_in_team_and_objective_owner_are_refused(field: str) -> None:
    data = quarter()
    data["objectives"][1][field] = "Sup\u00adport"
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(json.dumps(data).encode())
    assert [unnamed(str(p)) for p in caught.value.problems] == [
        f"objectives[1].{field}: contains an invisible soft hyphen U+00AD; remove it"]


def test_names_in_other_scripts_and_emoji_titles_still_import() -> None:
    data = quarter()
    data["objectives"][0]["owner"] = "José Ñúñez"
    data["objectives"][1]["owner"] = "王小明"
    data["objectives"][1]["title"] = "Family plan 👨\u200d👩\u200d👧 for every customer"
    assert parse_quarter_json(json.dumps(data).encode()).objectives[1].owner == "王小明"


def test_a_key_with_an_escape_sequence_is_shown_quoted(store: Path) -> None:
    text = json.dumps(VALID).replace('"unit": "points"', '"unit": "points", "\\u001b[2J": 1')
    assert refused(store, "plan.json", text) == [f"{KR}.\\x1b[2J: unknown field; remove it or check its spelling"]


# --- ids that differ only by case -----------------------------------------------------------------------------

def test_objective_ids_that_differ_only_by_case_are_refused(store: Path) -> None:
    data = quarter()
    data["objectives"][1]["id"] = "o1"
    assert refused(store, "plan.json", json.dumps(data)) == [
        "objectives[1].id: id 'o1' differs only by case from 'O1' at objectives[0].id; ids must differ by more than case"]


def test_csv_kr_ids_that_differ_only_by_case_are_refused(store: Path) -> None:
    lines = refused_csv(store, ROW1, ROW2.replace("O1-KR2", "o1-kr1"))
    assert lines == ["row 3, column kr_id: id 'o1-kr1' differs only by case from 'O1-KR1' at row 2, column kr_id; "
                     "ids must differ by more than case"]


def test_a_kr_id_that_differs_only_by_case_from_an_objective_id_is_refused() -> None:
    data = quarter()
    data["objectives"][1]["key_results"][0]["id"] = "fy27-q1"
    data["objectives"][0]["id"] = "FY27-Q1"
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(json.dumps(data).encode())
    assert [unnamed(str(p)) for p in caught.value.problems] == [
        "objectives[1].key_results[0].id: id 'fy27-q1' differs only by case from 'FY27-Q1' at objectives[0].id; "
        "ids must differ by more than case"]


def test_a_quarter_that_differs_only_by_case_from_one_in_the_store_is_refused(store: Path) -> None:
    lower = json.dumps(quarter(quarter="2026-q4"))
    expected = ("reviewtui: the store already has quarter '2026-Q4', which differs from '2026-q4' only by case; "
                "import it as '2026-Q4' (with --replace) or choose another id")
    for options in [(), ("--replace",)]:
        path = store.parent / "lower.json"
        path.write_text(lower, encoding="utf-8")
        before = snapshot(store)
        result = run("import", path, "--store", store, *options)
        assert (result.returncode, result.stdout, result.stderr.splitlines()) == (2, "", [expected])
        assert snapshot(store) == before


# --- ids Windows reads as devices -------------------------------------------------------------------------------

def test_a_windows_device_name_as_the_quarter_id_is_refused(store: Path) -> None:
    assert refused(store, "plan.json", json.dumps(quarter(quarter="con"))) == [
        "quarter: 'con' would name the device CON on Windows; choose another id"]


def test_a_windows_device_name_with_an_extension_as_a_kr_id_is_refused(store: Path) -> None:
    assert refused_csv(store, ROW1.replace("O1-KR1", "Lpt9.txt")) == [
        "row 2, column kr_id: 'Lpt9.txt' would name the device LPT9 on Windows; choose another id"]


@pytest.mark.parametrize("ident", ["CON", "prn", "Aux", "nul", "COM1", "com9", "LPT1", "NUL.tar.gz", "con."])
def test_every_windows_device_name_is_refused_as_an_objective_id(ident: str) -> None:
    data = quarter()
    data["objectives"][1]["id"] = ident
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(json.dumps(data).encode())
    assert [p.path for p in caught.value.problems] == ["objectives[1].id"]
    assert f"would name the device {ident.split('.')[0].upper()} on Windows" in caught.value.problems[0].message


@pytest.mark.parametrize("ident", ["COM10", "CONSOLE", "con-1", "LPT", "auxiliary", "NUL_1", "xCON"])
def test_names_that_only_look_like_devices_still_import(ident: str) -> None:
    data = quarter(quarter=ident)
    data["objectives"][1]["id"] = ident
    assert parse_quarter_json(json.dumps(data).encode()).objectives[1].id == ident


# --- titles from a file, in the Markdown exports -----------------------------------------------------------------

@pytest.mark.parametrize("title", [
    "&lt;x&gt;", "<b>bold</b>", "AT&T & Co", "&amp; &#60; &copy;", "[a](http://x) *b* _c_ `d` \\e | f",
    "Q3 [/] revenue [@click=app.quit]x",
])
def test_a_title_shows_in_markdown_exactly_as_typed(title: str) -> None:
    rendered = MarkdownIt("commonmark").enable("table")
    paragraph = rendered.render(md(title))
    assert paragraph.startswith("<p>") and html.unescape(paragraph[3:].removesuffix("</p>\n")) == title
    cell = rendered.render(f"| title |\n|---|\n| {md(title)} |\n")
    assert html.unescape(cell.split("<td>")[1].split("</td>")[0]) == title
