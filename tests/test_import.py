"""The import format: JSON and CSV files become a Quarter, or every problem at once, each at its path."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from .problem_paths import unnamed
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewtui.domain.importing import (
    _MOST_FIELDS,
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    InvalidQuarter,
    Problem,
    parse_quarter_csv,
    parse_quarter_json,
    read_import_file,
    validate_quarter,
)
from reviewtui.domain.models import Quarter

from .conftest import ISSUE_EXAMPLE as VALID
from .test_cli import run, seed, snapshot
KR = "objectives[0].key_results[0]"


def valid() -> dict[str, Any]:
    return copy.deepcopy(VALID)


def kr(data: dict[str, Any]) -> dict[str, Any]:
    return data["objectives"][0]["key_results"][0]


def problems(parse: Callable[[], Quarter]) -> list[Problem]:
    with pytest.raises(InvalidQuarter) as caught:
        parse()
    assert caught.value.problems, "InvalidQuarter must carry at least one problem"
    assert all(isinstance(p, Problem) for p in caught.value.problems)
    return caught.value.problems


def json_problems(data: Any) -> list[Problem]:
    return problems(lambda: parse_quarter_json(json.dumps(data).encode()))


def raw_problems(text: str | bytes) -> list[Problem]:
    raw = text.encode() if isinstance(text, str) else text
    return problems(lambda: parse_quarter_json(raw))


def paths(found: list[Problem]) -> list[str]:
    return [p.path for p in found]


# --- the valid example -----------------------------------------------------------------------------

def test_valid_example_imports() -> None:
    quarter = parse_quarter_json(json.dumps(VALID).encode())
    assert quarter.id == "2026-Q4"
    assert (quarter.start, quarter.end) == (date(2026, 10, 1), date(2026, 12, 31))
    [objective] = quarter.objectives
    assert (objective.id, objective.owner, objective.team) == ("O1", "Ana Ruiz", "Support")
    [key_result] = objective.key_results
    assert (key_result.baseline, key_result.target, key_result.current) == (45, 60, 52)
    assert key_result.dependencies[0].help == "Ship the in-app survey"
    assert key_result.history[0].date == date(2026, 10, 15)
    assert key_result.history[0].value == 47


def test_valid_example_with_a_byte_order_mark_imports() -> None:
    assert parse_quarter_json(b"\xef\xbb\xbf" + json.dumps(VALID).encode()).id == "2026-Q4"


def test_validate_quarter_and_parse_agree_and_do_not_mutate_input() -> None:
    data = valid()
    assert validate_quarter(data) == parse_quarter_json(json.dumps(VALID).encode())
    assert data == VALID


def test_problem_prints_as_path_colon_message() -> None:
    assert str(Problem("objectives[0].title", "must not be empty")) == "objectives[0].title: must not be empty"


# --- whole-file problems -------------------------------------------------------------------------------

def test_invalid_json_reports_line_and_column() -> None:
    [problem] = raw_problems('{\n  "quarter": "2026-Q4",\n  "start": ,\n}')
    assert problem.path == "(file)"
    assert "invalid JSON at line 3 column 12" in problem.message


def test_truncated_json_reports_a_position() -> None:
    [problem] = raw_problems(json.dumps(VALID)[:-5])
    assert problem.path == "(file)" and "invalid JSON at line 1 column" in problem.message


@pytest.mark.parametrize("document", ["[]", '[{"quarter": "2026-Q4"}]', '"2026-Q4"', "42", "null"])
def test_top_level_must_be_an_object(document: str) -> None:
    [problem] = raw_problems(document)
    assert problem.path == "(file)"
    assert "must be a JSON object" in problem.message


def test_non_utf8_file_is_a_problem_not_a_crash() -> None:
    [problem] = raw_problems(json.dumps(VALID).encode().replace(b"Ana", b"An\xe1"))
    assert problem.path == "(file)" and "UTF-8" in problem.message


def test_deeply_nested_json_is_a_problem_not_a_crash() -> None:
    [problem] = raw_problems("[" * 100_000 + "]" * 100_000)
    assert problem.path == "(file)"


def test_file_over_5_mb_is_refused_before_parsing() -> None:
    text = json.dumps(VALID)
    raw = (text[:-1] + ', "padding": "' + "x" * MAX_FILE_BYTES + '"}').encode()
    assert len(raw) > MAX_FILE_BYTES
    [problem] = raw_problems(raw)
    assert problem.path == "(file)"
    assert "the limit is 5,000,000" in problem.message


# --- types, required and unknown fields ---------------------------------------------------------------

def test_wrong_types_are_reported_at_their_paths() -> None:
    data = valid()
    kr(data).update(baseline="45", target=True, title=["Increase NPS"])
    found = json_problems(data)
    assert sorted(paths(found)) == sorted([f"{KR}.title", f"{KR}.baseline", f"{KR}.target"])
    by_path = {p.path: p.message for p in found}
    assert by_path[f"{KR}.baseline"] == "must be a valid number, got text"
    assert by_path[f"{KR}.target"] == "must be a valid number, got true/false"
    assert by_path[f"{KR}.title"] == "must be a valid string, got a list"


def test_missing_required_fields_are_reported_at_their_paths() -> None:
    data = valid()
    del data["start"]
    del data["objectives"][0]["owner"]
    del kr(data)["target"]
    found = json_problems(data)
    assert sorted(paths(found)) == sorted(["start", "objectives[0].owner", f"{KR}.target"])
    assert all("required" in p.message for p in found)


def test_objectives_and_key_results_are_required() -> None:
    data = valid()
    del data["objectives"]
    assert [(p.path, "required" in p.message) for p in json_problems(data)] == [("objectives", True)]
    data = valid()
    del data["objectives"][0]["key_results"]
    assert paths(json_problems(data)) == ["objectives[0].key_results"]


def test_unknown_field_is_reported_at_its_path() -> None:
    data = valid()
    kr(data)["colour"] = "red"
    data["extra"] = 1
    found = json_problems(data)
    assert sorted(paths(found)) == sorted([f"{KR}.colour", "extra"])
    assert all("unknown field" in p.message for p in found)


def test_id_is_not_an_alias_for_quarter() -> None:
    data = valid()
    data["id"] = data.pop("quarter")
    assert sorted(paths(json_problems(data))) == ["id", "quarter"]


# --- numbers ---------------------------------------------------------------------------------------------

def test_nan_and_infinities_written_literally_are_refused() -> None:
    text = (json.dumps(VALID)
            .replace('"baseline": 45', '"baseline": NaN')
            .replace('"target": 60', '"target": Infinity')
            .replace('"current": 52', '"current": -Infinity'))
    assert "NaN" in text and "-Infinity" in text
    found = raw_problems(text)
    assert paths(found) == [f"{KR}.baseline", f"{KR}.target", f"{KR}.current"]
    assert all("finite" in p.message for p in found)


def test_nan_in_history_is_refused() -> None:
    text = json.dumps(VALID).replace('"value": 47', '"value": NaN')
    assert paths(raw_problems(text)) == [f"{KR}.history[0].value"]


def test_1e400_overflows_to_infinity_and_is_refused() -> None:
    text = json.dumps(VALID).replace('"current": 52', '"current": 1e400')
    [problem] = raw_problems(text)
    assert problem.path == f"{KR}.current" and "finite" in problem.message


@pytest.mark.parametrize("value", [1e12 + 1, -2e12, 10**15, 1e300])
def test_numbers_over_1e12_are_refused(value: float) -> None:
    data = valid()
    kr(data)["current"] = value
    [problem] = json_problems(data)
    assert problem.path == f"{KR}.current"
    assert "1e12" in problem.message


def test_numbers_of_exactly_1e12_are_accepted() -> None:
    data = valid()
    kr(data).update(baseline=-1e12, target=1e12, current=0)
    assert validate_quarter(data).key_results[0].target == 1e12


def test_integer_with_5000_digits_is_a_problem_not_a_crash() -> None:
    text = json.dumps(VALID).replace('"current": 52', '"current": ' + "9" * 5000)
    found = raw_problems(text)
    assert len(found) == 1


def test_baseline_equal_to_target_is_refused_at_target() -> None:
    data = valid()
    kr(data).update(baseline=60, target=60)
    assert [(p.path, p.message) for p in json_problems(data)] == [
        (f"{KR}.target", "must differ from baseline (60)")
    ]
    assert str(json_problems(data)[0]).startswith("objectives[0].key_results[0] (O1-KR1).target: must differ from baseline")


def test_target_below_baseline_is_accepted_as_lower_is_better() -> None:
    data = valid()
    kr(data).update(baseline=60, target=45, current=50)
    assert validate_quarter(data).key_results[0].lower_is_better


# --- dates -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("end", ["2026-09-30", "2026-10-01"])
def test_end_must_be_after_start(end: str) -> None:
    data = valid()
    data["end"] = end
    assert [(p.path, p.message) for p in json_problems(data)] == [("end", "must be after start (2026-10-01)")]


def test_badly_written_date_is_refused() -> None:
    data = valid()
    data["start"] = "01/10/2026"
    [problem] = json_problems(data)
    assert problem.path == "start" and "YYYY-MM-DD" in problem.message


@pytest.mark.parametrize(("when", "index"), [("2026-09-30", 0), ("2027-01-01", 1)])
def test_history_date_outside_the_quarter_is_refused_at_its_index(when: str, index: int) -> None:
    data = valid()
    kr(data)["history"].insert(index, {"date": when, "value": 46})
    [problem] = json_problems(data)
    assert problem.path == f"{KR}.history[{index}].date"
    assert when in problem.message and "outside the quarter" in problem.message


def test_history_on_the_first_and_last_day_is_inside() -> None:
    data = valid()
    kr(data)["history"] = [{"date": "2026-10-01", "value": 45}, {"date": "2026-12-31", "value": 58}]
    assert len(validate_quarter(data).key_results[0].history) == 2


# --- ids -----------------------------------------------------------------------------------------------

def test_duplicate_objective_and_kr_ids_are_reported_at_the_second_occurrence() -> None:
    data = valid()
    second = copy.deepcopy(data["objectives"][0])
    second["key_results"][0]["id"] = "O1-KR2"
    data["objectives"].append(second)                                          # objective id O1 again
    data["objectives"][0]["key_results"].append(copy.deepcopy(kr(data)))       # KR id O1-KR1 again
    found = json_problems(data)
    assert paths(found) == ["objectives[0].key_results[1].id", "objectives[1].id"]
    assert found[0].message == "duplicate id 'O1-KR1', already used at objectives[0].key_results[0].id"
    assert found[1].message == "duplicate id 'O1', already used at objectives[0].id"


def test_duplicate_ids_are_reported_alongside_other_problems() -> None:
    data = valid()
    data["objectives"].append(copy.deepcopy(data["objectives"][0]))
    data["objectives"][1]["key_results"][0]["id"] = "O1-KR9"
    data["objectives"][1]["title"] = ""
    assert sorted(paths(json_problems(data))) == ["objectives[1].id", "objectives[1].title"]


@pytest.mark.parametrize("ident", ["../etc", "a/b", "..", ".hidden", "a b", "", "x" * 41, "a\\b"])
def test_unsafe_quarter_ids_are_refused(ident: str) -> None:
    data = valid()
    data["quarter"] = ident
    assert paths(json_problems(data)) == ["quarter"]


# --- text ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", ["", "   ", "\t "])
def test_empty_and_whitespace_owner_is_refused(owner: str) -> None:
    data = valid()
    kr(data)["owner"] = owner
    data["objectives"][0]["owner"] = owner
    found = json_problems(data)
    assert sorted(paths(found)) == sorted(["objectives[0].owner", f"{KR}.owner"])
    assert all(p.message == "must not be empty" for p in found)


def test_title_over_500_characters_and_a_1_mb_string_are_refused() -> None:
    data = valid()
    kr(data)["title"] = "x" * 501
    data["objectives"][0]["title"] = "y" * 1_000_000
    found = json_problems(data)
    assert sorted(paths(found)) == sorted(["objectives[0].title", f"{KR}.title"])
    assert all("500" in p.message for p in found)
    assert all(len(str(p)) < 200 for p in found), "the problem must not echo the huge value"


def test_title_of_exactly_200_characters_is_accepted() -> None:
    data = valid()
    kr(data)["title"] = "x" * 200
    assert validate_quarter(data).key_results[0].title == "x" * 200


UNSAFE = [
    ("nul", "a\x00b", "U+0000"),
    ("bell", "a\x07b", "U+0007"),
    ("ansi colour", "\x1b[31mred\x1b[0m", "ESC"),
    ("c1 csi", "a\x9b31mb", "U+009B"),
    ("bidi override", "abc\u202edef", "U+202E"),
    ("bidi isolate", "abc\u2066def\u2069", "U+2066"),
    ("newline", "first\nsecond", "U+000A"),
    ("carriage return", "first\rsecond", "U+000D"),
    ("delete", "a\x7fb", "U+007F"),
]


@pytest.mark.parametrize("field", ["title", "owner", "evidence_source"])
@pytest.mark.parametrize(("name", "text", "named"), UNSAFE, ids=[u[0] for u in UNSAFE])
def test_control_characters_and_bidi_controls_are_refused(field: str, name: str, text: str, named: str) -> None:
    data = valid()
    kr(data)[field] = text
    [problem] = json_problems(data)
    assert problem.path == f"{KR}.{field}"
    assert named in problem.message
    assert not any(c in str(problem) for c in "\x00\x07\x1b\x9b\u202e\u2066\n\r\x7f"), "problem must not echo it"


def test_unsafe_text_in_objective_and_dependency_fields_is_refused() -> None:
    data = valid()
    data["objectives"][0]["team"] = "\x1b]0;pwned\x07"
    data["objectives"][0]["aligned_to"] = "x\u202ey"
    kr(data)["unit"] = "\x00"
    kr(data)["dependencies"][0]["help"] = "\x9b2J"
    assert sorted(paths(json_problems(data))) == sorted([
        "objectives[0].team", "objectives[0].aligned_to", f"{KR}.unit", f"{KR}.dependencies[0].help",
    ])


def test_a_lone_surrogate_is_refused() -> None:
    text = json.dumps(VALID).replace("Increase NPS", "Increase \\ud800 NPS")
    assert paths(raw_problems(text)) == [f"{KR}.title"]


MARKUP = ["[", "]", "\\", "[/]", "[@click=app.quit]x", "[bold]", "[bold]Ana[/bold] \\[x] [link=file:///etc]"]


@pytest.mark.parametrize("text", MARKUP)
def test_markup_like_text_is_accepted_and_preserved_exactly(text: str) -> None:
    data = valid()
    data["objectives"][0]["title"] = text
    kr(data).update(title=text, owner=text, evidence_source=text)
    quarter = parse_quarter_json(json.dumps(data).encode())
    key_result = quarter.key_results[0]
    assert quarter.objectives[0].title == text
    assert key_result.title == text
    assert key_result.owner == text
    assert key_result.evidence_source == text


def test_five_different_problems_are_all_reported_at_once() -> None:
    data = valid()
    data["end"] = "2026-09-01"                                   # end before start
    data["objectives"][0]["owner"] = " "                          # blank owner
    kr(data)["title"] = "\x1b[2J"                                 # escape sequence
    kr(data)["baseline"] = "45"                                   # wrong type
    kr(data)["history"] = [{"date": "2026-10-15", "value": 1, "note": "x"}]   # unknown field
    found = json_problems(data)
    assert len(found) == 5
    assert sorted(paths(found)) == sorted([
        "end", "objectives[0].owner", f"{KR}.title", f"{KR}.baseline", f"{KR}.history[0].note",
    ])
    with pytest.raises(InvalidQuarter) as caught:
        validate_quarter(data)
    assert str(caught.value).count("\n") == 4


# --- property: any text as a KR title ------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_as_a_kr_title_is_kept_or_refused_at_title(text: str) -> None:
    """Titles are trimmed of surrounding whitespace (Title has strip_whitespace=True), otherwise kept exactly."""
    data = valid()
    kr(data)["title"] = text
    try:
        quarter = validate_quarter(data)
    except InvalidQuarter as error:
        assert len(error.problems) == 1
        assert error.problems[0].path.endswith(".title")
    else:
        title = quarter.key_results[0].title
        assert title == text.strip()
        if text == text.strip():
            assert title == text


# --- CSV -----------------------------------------------------------------------------------------------

HEADER = "objective_id,objective,objective_owner,kr_id,key_result,kr_owner,unit,baseline,target,current,evidence_source"
ROW1 = "O1,Delight our customers,Ana Ruiz,O1-KR1,Increase NPS from 45 to 60,Ana Ruiz,points,45,60,52,NPS export"
ROW2 = "O1,Delight our customers,Ana Ruiz,O1-KR2,Cut churn,Ben Ode,%,8,5,,Churn dashboard"
ROW3 = "O2,Ship faster,Cleo Park,O2-KR1,Cut lead time to 3 days,Cleo Park,days,9,3,7,Deploy log"
OPTIONS = {"quarter": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31"}
DATES = ",2026-Q4,2026-10-01,2026-12-31"


def csv_bytes(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def csv_problems(*lines: str, **options: str) -> list[Problem]:
    return problems(lambda: parse_quarter_csv(csv_bytes(*lines), **options))


def test_valid_csv_with_quarter_and_dates_as_options() -> None:
    quarter = parse_quarter_csv(csv_bytes(HEADER, ROW1, ROW2, ROW3), **OPTIONS)
    assert (quarter.id, quarter.start, quarter.end) == ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
    assert [(o.id, [k.id for k in o.key_results]) for o in quarter.objectives] == [
        ("O1", ["O1-KR1", "O1-KR2"]), ("O2", ["O2-KR1"]),
    ]
    churn = quarter.key_results[1]
    assert (churn.owner, churn.unit, churn.baseline, churn.target, churn.current) == ("Ben Ode", "%", 8, 5, None)
    assert churn.lower_is_better


def test_valid_csv_with_quarter_and_dates_as_columns_and_optional_columns() -> None:
    header = HEADER + ",quarter,start,end,team,aligned_to"
    quarter = parse_quarter_csv(csv_bytes(
        header, ROW1 + DATES + ",Support,Happy customers", ROW2 + DATES + ",Support,Happy customers",
    ))
    assert (quarter.id, quarter.start, quarter.end) == ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
    assert (quarter.objectives[0].team, quarter.objectives[0].aligned_to) == ("Support", "Happy customers")


def test_csv_with_quoted_commas_and_markup_is_preserved() -> None:
    row = 'O1,"Delight, [bold]really[/bold]",Ana Ruiz,O1-KR1,"NPS \\[x] 45, then 60",Ana Ruiz,points,45,60,,"a, b"'
    quarter = parse_quarter_csv(csv_bytes(HEADER, row), **OPTIONS)
    assert quarter.objectives[0].title == "Delight, [bold]really[/bold]"
    assert quarter.key_results[0].title == "NPS \\[x] 45, then 60"
    assert quarter.key_results[0].evidence_source == "a, b"


def test_csv_without_quarter_or_dates_says_how_to_give_them() -> None:
    found = csv_problems(HEADER, ROW1)
    assert paths(found) == ["quarter", "start", "end"]
    assert "--quarter" in found[0].message


def test_csv_missing_columns_are_all_reported() -> None:
    header = HEADER.replace(",unit", "").replace(",evidence_source", "")
    row = "O1,Delight our customers,Ana Ruiz,O1-KR1,Increase NPS,Ana Ruiz,45,60,52"
    found = csv_problems(header, row, **OPTIONS)
    assert [(p.path, p.message) for p in found] == [
        ("(header)", "missing column 'unit'"), ("(header)", "missing column 'evidence_source'"),
    ]


def test_csv_unknown_column_is_reported() -> None:
    found = csv_problems(HEADER + ",colour", ROW1 + ",red", **OPTIONS)
    assert [(p.path, p.message) for p in found] == [("(header)", "unknown column 'colour'")]


def test_csv_non_number_baseline_is_reported_by_row_and_column() -> None:
    found = csv_problems(HEADER, ROW1, ROW2.replace(",8,5,", ",eight,5,"), **OPTIONS)
    assert [p.path for p in found] == ["row 3, column baseline"]
    assert "number" in found[0].message


@pytest.mark.parametrize(("numbers", "column"), [
    ("nan,60,52", "baseline"), ("45,inf,52", "target"), ("45,60,1e400", "current"), ("45,-Infinity,52", "target"),
])
def test_csv_non_finite_numbers_are_refused(numbers: str, column: str) -> None:
    found = csv_problems(HEADER, ROW1.replace(",45,60,52,", f",{numbers},"), **OPTIONS)
    assert [p.path for p in found] == [f"row 2, column {column}"]
    assert "finite" in found[0].message


def test_csv_problems_on_several_rows_are_all_reported() -> None:
    found = csv_problems(
        HEADER, ROW1.replace(",Ana Ruiz,points,", ",,points,"), ROW2.replace(",8,5,", ",8,x,"),
        ROW3.replace("Cut lead time", "Cut \x1b[31mlead time"), **OPTIONS,
    )
    assert sorted(paths(found)) == ["row 2, column kr_owner", "row 3, column target", "row 4, column key_result"]


def test_csv_duplicate_kr_id_is_reported_at_the_second_row() -> None:
    found = csv_problems(HEADER, ROW1, ROW2.replace("O1-KR2", "O1-KR1"), **OPTIONS)
    assert paths(found) == ["row 3, column kr_id"]
    assert "duplicate id 'O1-KR1'" in found[0].message


def test_csv_conflicting_objective_titles_are_reported() -> None:
    found = csv_problems(HEADER, ROW1, ROW3, ROW2.replace("Delight our customers", "Delight them"), **OPTIONS)
    assert [p.path for p in found] == ["row 4"]
    assert "objective 'O1'" in found[0].message


def test_csv_rows_with_extra_cells_are_reported() -> None:
    found = csv_problems(HEADER, ROW1 + ",surprise", ROW2, ROW3 + ",x,y", **OPTIONS)
    assert [(p.path, p.message) for p in found] == [
        ("row 2", "has more cells than the header"), ("row 4", "has more cells than the header"),
    ]


def test_csv_quarter_values_that_differ_between_rows_are_reported() -> None:
    header = HEADER + ",quarter,start,end"
    found = csv_problems(header, ROW1 + DATES, ROW2 + DATES.replace("2026-Q4", "2026-Q3"))
    assert [p.path for p in found] == ["quarter"]
    assert "2026-Q3" in found[0].message and "2026-Q4" in found[0].message


def test_csv_over_5_mb_is_refused() -> None:
    raw = csv_bytes(HEADER, ROW1) + b"#" * MAX_FILE_BYTES
    [problem] = problems(lambda: parse_quarter_csv(raw, **OPTIONS))
    assert problem.path == "(file)" and "limit" in problem.message


def test_csv_of_5_mb_with_100_000_objective_ids_is_refused_by_its_row_count() -> None:
    rows = [f"O{n},T,A,K{n},T,A,u,1,2,,e" for n in range(200_000)]
    raw = csv_bytes(HEADER, *rows)[:MAX_FILE_BYTES].rsplit(b"\r\n", 1)[0] + b"\r\n"
    assert raw.count(b"\n") > 100_000
    [problem] = problems(lambda: parse_quarter_csv(raw, **OPTIONS))
    assert str(problem) == (
        "(file): has more than 2,500 key result rows; a quarter holds at most 50 objectives of 50 key results")


def test_csv_of_2500_rows_in_interleaved_objectives_is_grouped_in_order() -> None:
    rows = [f"O{n % 50},Objective {n % 50},Ana,K{n},Result {n},Ana,u,1,2,,e" for n in range(2500)]
    quarter = parse_quarter_csv(csv_bytes(HEADER, *rows), **OPTIONS)
    assert [o.id for o in quarter.objectives] == [f"O{n}" for n in range(50)]
    assert [k.id for k in quarter.objectives[7].key_results] == [f"K{n}" for n in range(7, 2500, 50)]
    rows[-1] = rows[-1].replace(",1,2,", ",x,2,")
    assert [p.path for p in csv_problems(HEADER, *rows, **OPTIONS)] == ["row 2501, column baseline"]
    assert [p.path for p in csv_problems(HEADER, *rows, rows[0].replace("K0", "K2500"), **OPTIONS)] == ["(file)"]


def test_csv_with_no_rows_is_reported() -> None:
    found = csv_problems(HEADER, **OPTIONS)
    assert ("(file)", "has no rows; expected a header and one row per key result") in [
        (p.path, p.message) for p in found
    ]


def test_csv_with_no_rows_does_not_claim_columns_are_missing() -> None:
    assert paths(csv_problems(HEADER, **OPTIONS)) == ["(file)"]


def test_csv_rows_with_missing_cells_are_reported_not_a_crash() -> None:
    found = csv_problems(HEADER, ROW1, "O1,Delight our customers,Ana Ruiz", **OPTIONS)
    assert [p.path for p in found] == ["row 3"]


def test_csv_row_numbers_survive_a_blank_line() -> None:
    found = csv_problems(HEADER, ROW1, "", ROW2.replace(",8,5,", ",eight,5,"), **OPTIONS)
    assert [p.path for p in found] == ["row 4, column baseline"]


def test_csv_objective_problems_name_row_and_column() -> None:
    found = csv_problems(HEADER, ROW1.replace("Ana Ruiz,O1-KR1", " ,O1-KR1"), **OPTIONS)
    assert [p.path for p in found] == ["row 2, column objective_owner"]


def test_csv_reports_row_and_value_problems_in_one_run() -> None:
    found = csv_problems(HEADER, ROW1, ROW2.replace("Delight our customers", "Another title").replace(",8,5,", ",x,5,"),
                         **OPTIONS)
    messages = [str(p) for p in found]
    assert any(m.startswith("row 3: objective 'O1' has a different title") for m in messages)
    assert any(m.startswith("row 3, column baseline: must be a valid number") for m in messages)


def test_csv_option_that_contradicts_a_column_is_refused() -> None:
    header = HEADER + ",quarter"
    found = csv_problems(header, ROW1 + ",2027-Q1", **OPTIONS)
    assert [(p.path, p.message) for p in found] == [
        ("quarter", f"--quarter {OPTIONS['quarter']} differs from the 'quarter' column (2027-Q1); give one or the other")]


def test_csv_duplicate_ids_are_named_by_row() -> None:
    found = csv_problems(HEADER, ROW1, ROW1, **OPTIONS)
    assert [str(p) for p in found] == ["row 3, column kr_id: duplicate id 'O1-KR1', already used at row 2, column kr_id"]


def test_semicolon_separated_csv_gets_a_hint() -> None:
    found = csv_problems(HEADER.replace(",", ";"), ROW1.replace(",", ";"), **OPTIONS)
    assert [str(p) for p in found] == ["(header): looks separated by ';': save the file as comma-separated CSV"]


# --- any 5 MB file is answered in seconds ------------------------------------------------------------------

def _empty_history_points(count: int) -> bytes:
    """A 5 MB quarter of 2,500 key results whose history points are all empty: two errors each."""
    data = quarter_of(50, 50)
    for objective in data["objectives"]:
        for key_result in objective["key_results"]:
            key_result["history"] = [{}] * count
    return json.dumps(data, separators=(",", ":")).encode()


def quarter_of(objectives: int, key_results: int) -> dict[str, Any]:
    data = valid()
    template = data["objectives"][0]
    data["objectives"] = [
        {**template, "id": f"O{o}", "key_results": [{**template["key_results"][0], "id": f"O{o}-KR{k}", "history": []}
                                                    for k in range(key_results)]}
        for o in range(objectives)
    ]
    return data


def test_a_file_with_millions_of_errors_lists_the_first_hundred() -> None:
    raw = _empty_history_points(560)
    assert len(raw) <= MAX_FILE_BYTES
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_json(raw)
    assert caught.value.more and len(caught.value.problems) == MAX_PROBLEMS == 100
    assert [unnamed(str(p)) for p in caught.value.problems[:2]] == [
        f"{KR}.history[0].date: required field is missing", f"{KR}.history[0].value: required field is missing"]


def test_a_csv_with_more_problems_than_are_listed_says_so() -> None:
    rows = [f"O{n // 50},Delight,Ana,K{n},Title,Ana,u,x,2,,e" for n in range(150)]
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter_csv(csv_bytes(HEADER, *rows), **OPTIONS)
    assert caught.value.more and len(caught.value.problems) == 100
    assert str(caught.value.problems[0]) == "row 2, column baseline: must be a valid number, got text"


def test_an_object_with_thousands_of_fields_is_refused_as_a_whole() -> None:
    data = valid()
    kr(data).update({f"field{n}": n for n in range(100_000)})
    assert [unnamed(str(p)) for p in json_problems(data)] == [
        f"{KR}: has 100,010 fields; an object in a quarter file has at most {_MOST_FIELDS}"]


def test_a_few_unknown_fields_are_each_named() -> None:
    data = valid()
    kr(data).update({f"field{n}": n for n in range(3)})
    assert paths(json_problems(data)) == [f"{KR}.field0", f"{KR}.field1", f"{KR}.field2"]


def test_the_summary_says_when_only_the_first_problems_are_listed(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_bytes(_empty_history_points(560))
    result = run("import", plan, "--store", tmp_path / "store")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 101
    assert lines[-1] == f"reviewtui: more than 100 problems in {plan} (the first 100 are listed); nothing was imported"


# --- what `reviewtui import` agrees to read -------------------------------------------------------------

def _not_a_file(kind: str, tmp_path: Path) -> Path:
    if kind == "device":
        return Path(os.devnull if os.name == "nt" else "/dev/zero")
    if kind == "directory":
        return tmp_path
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    os.mkfifo(tmp_path / "plan.json")  # opening it for reading would wait for a writer forever
    return tmp_path / "plan.json"


@pytest.mark.parametrize("kind", ["device", "directory", "pipe"])
def test_import_refuses_what_is_not_a_regular_file_in_one_line(kind: str, tmp_path: Path) -> None:
    target = _not_a_file(kind, tmp_path)
    store = tmp_path / "store"
    result = run("import", target, "--store", store)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"reviewtui: {target} is not a regular file; import reads a .json or .csv file"]
    assert not store.exists()


def test_import_refuses_a_huge_file_by_its_size_without_reading_it(tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("NTFS reserves disk space for a file's whole length")
    huge = tmp_path / "plan.json"
    with huge.open("wb") as file:
        file.truncate(64 * 2**30)  # sparse: reading 64 GiB whole would exhaust memory long before parsing
    store = tmp_path / "store"
    seed(store, VALID)
    before = snapshot(store)
    result = run("import", huge, "--store", store)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"(file): is {64 * 2**30:,} bytes; the limit is {MAX_FILE_BYTES:,}",
        f"reviewtui: 1 problem in {huge}; nothing was imported",
    ]
    assert snapshot(store) == before


def test_read_import_file_reads_a_file_at_the_limit_whole(tmp_path: Path) -> None:
    exact = tmp_path / "plan.json"
    exact.write_bytes(b" " * MAX_FILE_BYTES)
    assert len(read_import_file(exact)) == MAX_FILE_BYTES
