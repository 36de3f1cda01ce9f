"""Turn a user's JSON or CSV file into a Quarter, or into every problem found, one line each."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from pydantic import ValidationError

from reviewtui.domain.models import Dependency, HistoryPoint, KeyResult, Objective, Quarter
from reviewtui.domain.text import find_invisible_character

MAX_FILE_BYTES = 5_000_000
MAX_PROBLEMS = 100  # enough to start fixing; a file can hold millions, and listing them would take minutes
CSV_REQUIRED = (
    "objective_id", "objective", "objective_owner", "kr_id", "key_result", "kr_owner",
    "unit", "baseline", "target", "current", "evidence_source",
)
CSV_OPTIONAL = ("quarter", "start", "end", "team", "aligned_to", "commitment", "parent",
                "kind", "threshold", "done", "due", "notes")
_CSV_TRUE, _CSV_FALSE = {"true", "yes", "y", "1", "x", "done"}, {"false", "no", "n", "0", ""}
Location = tuple[str | int, ...]
Model = type[Quarter] | type[Objective] | type[KeyResult] | type[Dependency]


def _max_items(model: type[Quarter] | type[Objective] | type[KeyResult], field: str) -> int:
    """The max_length a model gives a list field."""
    return next(rule.max_length for rule in model.model_fields[field].metadata if hasattr(rule, "max_length"))


MAX_OBJECTIVES, MAX_KEY_RESULTS = _max_items(Quarter, "objectives"), _max_items(Objective, "key_results")
_MAX_DEPENDENCIES = _max_items(KeyResult, "dependencies")
_MOST_FIELDS = max(len(model.model_fields) for model in (Quarter, Objective, KeyResult, Dependency, HistoryPoint))
_PYDANTIC_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field; remove it or check its spelling",
}
_TYPE_NAMES = {"str": "text", "int": "a number", "float": "a number", "bool": "true/false", "NoneType": "nothing",
               "list": "a list", "dict": "an object"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, at a path such as objectives[2].key_results[0].target."""

    path: str
    message: str
    named: str = ""  # the id of the objective or key result at the path, shown beside it

    def __str__(self) -> str:
        match = _NAMED_PATH.match(self.path) if self.named else None
        if match:
            return _shown(f"{match[0]} ({self.named}){self.path[match.end():]}: {self.message}")
        return _shown(f"{self.path}: {self.message}")


_NAMED_PATH = re.compile(r"objectives\[\d+\](?:\.key_results\[\d+\])?")


def _name_problems(problems: list[Problem], data: Any) -> list[Problem]:
    """Each problem under an objective or key result also names its id: the path alone is hard to find."""
    named = []
    for problem in problems:
        match = _NAMED_PATH.match(problem.path)
        ident = _id_at(data, [int(n) for n in re.findall(r"\[(\d+)\]", match[0])]) if match else None
        named.append(Problem(problem.path, problem.message, ident) if ident else problem)
    return named


def _id_at(data: Any, indexes: list[int]) -> str | None:
    try:
        node = data["objectives"][indexes[0]]
        if len(indexes) > 1:
            node = node["key_results"][indexes[1]]
        ident = node.get("id")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return ident if isinstance(ident, str) and ident.isprintable() and len(ident) <= 40 else None


def _times(number: int) -> str:
    return "twice" if number == 2 else f"{number} times"


def _shown(text: str) -> str:
    """Text for a terminal: control and invisible characters quoted as escapes, so they are seen and do nothing."""
    return text if text.isprintable() else "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class InvalidQuarter(Exception):
    """Raised with every problem found in an input file, or the first MAX_PROBLEMS and more=True."""

    def __init__(self, problems: Iterable[Problem], *, more: bool = False) -> None:
        self.problems = list(islice(problems, MAX_PROBLEMS + 1))
        self.more = more or len(self.problems) > MAX_PROBLEMS
        del self.problems[MAX_PROBLEMS:]
        super().__init__("\n".join(map(str, self.problems)))


def format_path(loc: Iterable[str | int]) -> str:
    """('objectives', 2, 'target') -> 'objectives[2].target'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(file)"


def _problems_from(error: ValidationError, prefix: Location = ()) -> list[Problem]:
    problems = []
    for item in islice(error.errors(include_url=False), MAX_PROBLEMS + 1):
        loc = [*prefix, *item["loc"]]
        suffix = (item.get("ctx") or {}).get("suffix", "")
        path = (format_path(loc) if loc or not suffix else "") + suffix
        message = _PYDANTIC_MESSAGES.get(item["type"], item["msg"])
        if item["type"] in {"float_type", "int_type", "string_type", "list_type", "model_type", "dict_type",
                            "bool_type", "date_type", "datetime_type"}:
            got = _TYPE_NAMES.get(type(item["input"]).__name__, type(item["input"]).__name__)
            message = f"{item['msg'].replace('Input should be', 'must be')}, got {got}"
        elif item["type"] == "string_too_long":
            message = f"is {len(item['input']):,} characters; the limit is {item['ctx']['max_length']}"
        elif item["type"] == "too_long":
            message = f"has {item['ctx']['actual_length']:,} items; the limit is {item['ctx']['max_length']}"
        problems.append(Problem(path, message))
    return problems



def _records(data: dict[str, Any]) -> Iterator[tuple[Location, Model, dict[str, Any]]]:
    """The quarter, objectives, key results and dependencies in raw data, as many as the format allows."""
    yield (), Quarter, data
    for o_index, objective in _items(data, "objectives", MAX_OBJECTIVES):
        yield ("objectives", o_index), Objective, objective
        for k_index, kr in _items(objective, "key_results", MAX_KEY_RESULTS):
            yield ("objectives", o_index, "key_results", k_index), KeyResult, kr
            for d_index, dependency in _items(kr, "dependencies", _MAX_DEPENDENCIES):
                yield ("objectives", o_index, "key_results", k_index, "dependencies", d_index), Dependency, dependency


def _items(record: dict[str, Any], field: str, limit: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects in a raw list field, up to its limit: validation reports a longer list once."""
    items = record.get(field)
    if isinstance(items, list):
        yield from ((index, item) for index, item in enumerate(items[:limit]) if isinstance(item, dict))


def _key_result_problems(data: dict[str, Any], context: dict[str, Any]) -> list[Problem]:
    """Validate key results one by one, stopping past MAX_PROBLEMS: pydantic builds every error before it reports
    any, and a 5 MB file can hold millions (empty history points, say)."""
    problems: list[Problem] = []
    for location, model, record in _records(data):
        if model is not KeyResult:
            continue
        try:
            KeyResult.model_validate(record, context=context)
        except ValidationError as error:
            problems += _problems_from(error, location)
            if len(problems) > MAX_PROBLEMS:
                break
    return problems


# Windows opens the device, not a file, for these names, with any extension; the quarter id names a folder.
_WINDOWS_DEVICE = re.compile(r"(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?", re.IGNORECASE | re.DOTALL)


def _id_problems(data: dict[str, Any]) -> list[Problem]:
    """Ids in raw data that repeat another, differ from one only by case, or name a Windows device."""
    seen: dict[str, tuple[str, str]] = {}  # id in lower case -> (id, where first used)
    problems = []
    for location, model, record in _records(data):
        key = "quarter" if model is Quarter else "id"
        ident = record.get(key)
        if model is Dependency or not isinstance(ident, str):
            continue
        path = format_path((*location, key))
        device = _WINDOWS_DEVICE.fullmatch(ident)
        if device:
            problems.append(Problem(path, f"'{ident}' would name the device {device[1].upper()} on Windows; "
                                          "choose another id"))
        if model is Quarter:
            continue  # its own namespace: it is compared with the store's quarters on import
        first, where = seen.setdefault(ident.casefold(), (ident, path))
        if where == path:
            continue
        if first == ident:
            problems.append(Problem(path, f"duplicate id '{ident}', already used at {where}"))
        else:
            problems.append(Problem(path, f"id '{ident}' differs only by case from '{first}' at {where}; "
                                          "ids must differ by more than case"))
    return problems


def _invisible_in_names(data: dict[str, Any]) -> list[Problem]:
    """Owners, teams and the quarter's name holding a character that shows as nothing, found in raw data."""
    problems = []
    for location, _, record in _records(data):
        for field in ("owner", "team", "name"):
            value = record.get(field)
            found = find_invisible_character(value, in_name=True) if isinstance(value, str) else None
            if found:
                problems.append(Problem(format_path((*location, field)), f"contains an invisible {found}; remove it"))
    return problems


def _quarter_window(data: dict[str, Any]) -> tuple[date, date] | None:
    try:
        start, end = date.fromisoformat(data["start"]), date.fromisoformat(data["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if start < end else None


def validate_quarter(data: Any) -> Quarter:
    """Validate already-parsed data in the import format; raise InvalidQuarter with all problems."""
    if not isinstance(data, dict):
        raise InvalidQuarter([Problem("(file)", "must be a JSON object with quarter, start, end and objectives")])
    context = {"quarter_window": _quarter_window(data)}
    problems = _id_problems(data) + _invisible_in_names(data)
    in_key_results = _key_result_problems(data, context)
    if len(in_key_results) > MAX_PROBLEMS:
        raise InvalidQuarter(in_key_results + problems)
    try:
        quarter = Quarter.model_validate(data, context=context, by_alias=True, by_name=False)
    except ValidationError as error:
        problems = _problems_from(error) + problems
        quarter = None
        # The tree is checked by the quarter once everything in it is valid: with other problems, check it here
        # too, so one run lists every problem.
        problems += [p for p in _parent_problems(data) if p.path not in {q.path for q in problems}]
    if problems:
        raise InvalidQuarter(problems)
    assert quarter is not None
    return quarter


def _parent_problems(data: dict[str, Any]) -> list[Problem]:
    """Objectives whose parent is not an objective of the file, found in raw data."""
    objectives = [o for _, o in _items(data, "objectives", MAX_OBJECTIVES)]
    ids = {o.get("id") for o in objectives}
    return [Problem(f"objectives[{index}].parent", f"no objective '{o['parent']}' in this quarter")
            for index, o in enumerate(objectives) if isinstance(o.get("parent"), str) and o["parent"] not in ids]


class NotARegularFile(Exception):
    """Raised for a directory, device or pipe named as the file to import: reading it could block or never end."""


def read_import_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file to import; a file over MAX_FILE_BYTES is refused without being read whole."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotARegularFile(path)
    # O_NONBLOCK: if the path became a pipe since the stat, opening it must not wait for a writer.
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)), "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(path)
        if info.st_size > MAX_FILE_BYTES:
            raise InvalidQuarter([_too_big(info.st_size)])
        return file.read(MAX_FILE_BYTES + 1)  # a file that grew since is refused by _text_of


def _too_big(size: int) -> Problem:
    return Problem("(file)", f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")


def _text_of(raw: bytes) -> str:
    """The file's text, if it is of a sane size and UTF-8 (a BOM from a spreadsheet is fine)."""
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidQuarter([_too_big(len(raw))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidQuarter([Problem("(file)", f"is not UTF-8 text (byte {error.start})")]) from None


def parse_quarter_json(raw: bytes) -> Quarter:
    """Parse a quarter from the bytes of a JSON file."""
    text = _text_of(raw)
    flagged: list[tuple[dict[str, Any], str, str]] = []  # (object, key or "", message): located once parsed

    def build_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        record = dict(pairs)
        # A few unknown fields are each reported; thousands would each cost pydantic an error, maybe a million.
        if len(pairs) > 2 * _MOST_FIELDS:
            flagged.append((record, "", f"has {len(pairs):,} fields; an object in a quarter file has at most "
                                        f"{_MOST_FIELDS}"))
        elif len(record) < len(pairs):
            keys = [key for key, _ in pairs]
            flagged.extend((record, key, f"is given {_times(keys.count(key))} in the same object; keep one")
                           for key in record if keys.count(key) > 1)
        return record

    collecting = gc.isenabled()
    gc.disable()  # parsing makes no cycles, and collector passes over a million new lists would take longer
    try:
        # Long integer literals become floats, so they fail the range check at their path instead of in int().
        data = json.loads(text, object_pairs_hook=build_object,
                          parse_int=lambda digits: int(digits) if len(digits) < 20 else float(digits))
    except json.JSONDecodeError as error:
        raise InvalidQuarter(
            [Problem("(file)", f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg.lower()}")]
        ) from None
    except RecursionError:
        raise InvalidQuarter([Problem("(file)", "is nested too deeply to be a quarter")]) from None
    except ValueError as error:  # e.g. an integer literal with thousands of digits
        raise InvalidQuarter([Problem("(file)", f"has a value that cannot be read: {error}")]) from None
    finally:
        if collecting:
            gc.enable()
    if flagged:
        raise InvalidQuarter(_locate(data, flagged))
    try:
        return validate_quarter(data)
    except InvalidQuarter as error:
        raise InvalidQuarter(_name_problems(error.problems, data), more=error.more) from None


def _locate(data: Any, flagged: list[tuple[dict[str, Any], str, str]]) -> Iterator[Problem]:
    """Problems with objects of the parsed data, in the order they appear in the file, each at its path."""
    messages: dict[int, list[tuple[str, str]]] = {}
    for record, key, message in flagged:
        messages.setdefault(id(record), []).append((key, message))
    stack: list[tuple[Any, Location]] = [(data, ())]
    while stack:  # depth first without recursion: the data may be nested as deeply as the parser allowed
        node, location = stack.pop()
        children: Iterable[tuple[Any, Any]]
        if isinstance(node, dict):
            for key, message in messages.get(id(node), []):
                yield Problem(format_path((*location, key) if key else location), message)
            children = node.items()
        elif isinstance(node, list):
            children = enumerate(node)
        else:
            continue
        stack += reversed([(child, (*location, name)) for name, child in children if isinstance(child, (dict, list))])


# The numbers float() reads, less what it also reads and a spreadsheet never means: other scripts' digits, '_'.
_NUMBER = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|nan|inf|infinity)", re.ASCII | re.IGNORECASE)


def _csv_number(cell: str) -> float | str | None:
    """A CSV cell as a number; None when empty; else the text itself, for validation to report at its path."""
    cell = cell.strip()
    if not cell:
        return None
    if not _NUMBER.fullmatch(cell):
        return cell
    try:
        return int(cell)
    except ValueError:  # a decimal point, an exponent, nan, inf, or more digits than int() takes
        return float(cell)


def _misread_number(cell: str) -> str | None:
    """Why a cell that Python's float() would read is still not a number here, or None."""
    digit = next((char for char in cell if char.isdigit() and not char.isascii()), None)
    if digit:
        return f"has the digit '{digit}' (U+{ord(digit):04X}); write numbers with 0-9"
    if "_" in cell and _NUMBER.fullmatch(cell.replace("_", "")):
        return f"has '_' in it; write {cell.replace('_', '')}, not {cell}"
    return None


def parse_quarter_csv(
    raw: bytes, *, quarter: str | None = None, start: str | None = None, end: str | None = None
) -> Quarter:
    """Parse a quarter from a CSV file with one row per KR; quarter, start, end from options or columns."""
    text = _text_of(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    try:
        header = [name.strip() for name in next(reader, [])]
        if len(header) == 1 and ";" in header[0]:
            raise InvalidQuarter([Problem("(header)", "looks separated by ';': save the file as comma-separated CSV")])
        problems += [Problem("(header)", f"missing column '{name}'") for name in CSV_REQUIRED if name not in header]
        problems += islice((Problem("(header)", f"column '{name}' is given {_times(times)}; keep one")
                            for name, times in Counter(header).items() if times > 1), MAX_PROBLEMS + 1)
        problems += islice((Problem("(header)", f"unknown column '{name}'")
                            for name in header if name not in CSV_REQUIRED + CSV_OPTIONAL), MAX_PROBLEMS + 1)
        for cells in reader:
            if len(problems) > MAX_PROBLEMS:
                raise InvalidQuarter(problems)
            if not "".join(cells).strip():
                continue  # a blank line, whatever its commas
            if len(cells) == len(header):
                rows.append((reader.line_num, dict(zip(header, cells, strict=True))))
                if len(rows) > MAX_OBJECTIVES * MAX_KEY_RESULTS:  # it cannot import: stop before reading it all
                    raise InvalidQuarter([Problem("(file)", (
                        f"has more than {MAX_OBJECTIVES * MAX_KEY_RESULTS:,} key result rows; a quarter holds at most "
                        f"{MAX_OBJECTIVES} objectives of {MAX_KEY_RESULTS} key results"))])
            else:
                shape = "more" if len(cells) > len(header) else "fewer"
                problems.append(Problem(f"row {reader.line_num}", f"has {shape} cells than the header"))
    except csv.Error as error:
        raise InvalidQuarter([Problem("(file)", f"is not valid CSV: {error}")]) from None
    if not rows and not problems:
        problems.append(Problem("(file)", "has no rows; expected a header and one row per key result"))
    if problems:
        raise InvalidQuarter(problems)

    settings = {"quarter": quarter, "start": start, "end": end}
    for name, given in settings.items():
        values = {row.get(name, "").strip() for _, row in rows if row.get(name, "").strip()}
        if given is not None and values and values != {given}:
            problems.append(Problem(name, f"--{name} {given} differs from the '{name}' column "
                                          f"({', '.join(sorted(values))}); give one or the other"))
        elif given is None and len(values) == 1:
            settings[name] = values.pop()
        elif given is None and len(values) > 1:
            problems.append(Problem(name, f"differs between rows ({', '.join(sorted(values))}); give one value"))
        elif given is None:
            problems.append(Problem(name, f"required: give it as a '{name}' column or as --{name}"))

    objectives: dict[str, tuple[int, dict[str, Any]]] = {}  # id -> (position, objective): a lookup, not a search
    row_of: dict[tuple[int, int], int] = {}  # (objective, KR index or -1 for the objective) -> CSV line
    misread: dict[str, Problem] = {}  # replaces validation's "must be a number" for these cells
    for line, row in rows:
        objective_id = row["objective_id"].strip()
        o_index, objective = objectives.get(objective_id) or (len(objectives), None)
        if objective is None:
            objective = {"id": objective_id, "title": row["objective"], "owner": row["objective_owner"],
                         "team": row.get("team", ""), "aligned_to": row.get("aligned_to", ""), "key_results": []}
            for column in ("commitment", "parent"):
                if row.get(column, "").strip():
                    objective[column] = row[column].strip()
            objectives[objective_id] = (o_index, objective)
            row_of[(o_index, -1)] = line  # objective problems point at its first row
        elif (objective["title"], objective["owner"]) != (row["objective"], row["objective_owner"]) or any(
                row.get(column, "").strip() not in ("", objective.get(column, "")) for column in ("commitment", "parent")):
            problems.append(Problem(f"row {line}", f"objective '{objective_id}' has a different title, owner, "
                                                   "commitment or parent than on an earlier row"))
        row_of[(o_index, len(objective["key_results"]))] = line
        key_result = {
            "id": row["kr_id"].strip(), "title": row["key_result"], "owner": row["kr_owner"],
            "unit": row["unit"], "baseline": _csv_number(row["baseline"]), "target": _csv_number(row["target"]),
            "current": _csv_number(row["current"]), "evidence_source": row["evidence_source"],
        }
        key_result.update(_csv_kind_cells(row))
        objective["key_results"].append(key_result)
        for column in ("baseline", "target", "current"):
            cell = key_result[column]
            reason = _misread_number(cell) if isinstance(cell, str) else None
            if reason:
                misread[f"row {line}, column {column}"] = Problem(f"row {line}, column {column}", reason)

    # Quarter settings already reported get stand-ins, so every row is still checked in this same run.
    unsettled = {p.path for p in problems} & set(settings)
    stand_in = {"quarter": "Q", "start": "2000-01-01", "end": "2000-12-31"}
    data: dict[str, Any] = {name: stand_in[name] if name in unsettled else value
                            for name, value in settings.items()}
    data["objectives"] = [objective for _, objective in objectives.values()]
    try:
        quarter_found = validate_quarter(data)
    except InvalidQuarter as error:
        found = [_rows_for(problem, row_of) for problem in error.problems
                 if not (problem.path in unsettled or (unsettled and problem.path in settings))]
        problems += [misread.get(problem.path, problem) for problem in found]
        if error.more:
            raise InvalidQuarter(sorted(problems, key=_row_order), more=True) from None
    if problems:
        raise InvalidQuarter(sorted(problems, key=_row_order))
    return quarter_found


def _csv_kind_cells(row: dict[str, str]) -> dict[str, Any]:
    """The optional kind columns of a KR row, only where given (an empty cell leaves the default)."""
    cells: dict[str, Any] = {}
    for column in ("kind", "due", "notes"):
        if row.get(column, "").strip():
            cells[column] = row[column].strip()
    if row.get("threshold", "").strip():
        cells["threshold"] = _csv_number(row["threshold"])
    done = row.get("done", "").strip().lower()
    if done:
        cells["done"] = True if done in _CSV_TRUE else False if done in _CSV_FALSE else row["done"]
    return cells


def _row_order(problem: Problem) -> int:
    """Header and quarter-wide problems first (in the order found), then by row number."""
    match = re.match(r"row (\d+)", problem.path)
    return int(match[1]) if match else 0


_CSV_COLUMN_OF_KR = {"title": "key_result", "owner": "kr_owner", "id": "kr_id"}
_CSV_COLUMN_OF_OBJECTIVE = {"title": "objective", "owner": "objective_owner", "id": "objective_id"}
_OBJECTIVE_PATH = re.compile(r"objectives\[(\d+)\](?:\.key_results\[(\d+)\])?\.?(\w*)")


def _rows_for(problem: Problem, row_of: dict[tuple[int, int], int]) -> Problem:
    """Rewrite objectives[i].key_results[j].field as 'row N, column NAME' so a spreadsheet user can find it."""
    match = _OBJECTIVE_PATH.match(problem.path)
    if not match:
        return problem
    on_kr = match[2] is not None
    line = row_of.get((int(match[1]), int(match[2]) if on_kr else -1))
    names = _CSV_COLUMN_OF_KR if on_kr else _CSV_COLUMN_OF_OBJECTIVE
    column = names.get(match[3], match[3])
    message = _OBJECTIVE_PATH.sub(lambda m: _rows_for(Problem(m[0], ""), row_of).path, problem.message)
    return Problem(f"row {line}" + (f", column {column}" if column else ""), message)
