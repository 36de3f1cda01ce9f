"""The real `reviewtui` command in a subprocess: exit codes, output, and a store left untouched by bad input."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .problem_paths import unnamed

from reviewtui.domain.importing import validate_quarter
from reviewtui.store import Store

LOCK_FILES = {".lock", ".lock.holder"}
ANSI = re.compile(r"\x1b\[|\x9b")

from .conftest import ISSUE_EXAMPLE as VALID  # noqa: E402
KR = "objectives[0].key_results[0]"


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"REVIEWTUI_STORE", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run(*args: str | Path, env: dict[str, str] | None = None,
        command: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real entry point; no command may ever show a Python traceback."""
    argv = (command or [sys.executable, "-m", "reviewtui"]) + [str(a) for a in args]
    result = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", errors="replace",
                            env=env or base_env(), stdin=subprocess.DEVNULL, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def quarter_json(objectives: int = 1, quarter: str = "2026-Q4") -> dict[str, Any]:
    """The issue's example, with `objectives` clean objectives of one KR each."""
    data = copy.deepcopy(VALID)
    data["quarter"] = quarter
    template = data["objectives"][0]
    data["objectives"] = []
    for n in range(1, objectives + 1):
        objective = copy.deepcopy(template)
        objective["id"] = f"O{n}"
        objective["key_results"][0]["id"] = f"O{n}-KR1"
        data["objectives"].append(objective)
    return data


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def snapshot(store: Path) -> dict[str, bytes]:
    """Every file in the store except the OS lock and its holder note: {relative path: bytes}."""
    return {p.relative_to(store).as_posix(): p.read_bytes()
            for p in sorted(store.rglob("*")) if p.is_file() and p.name not in LOCK_FILES}


def seed(store: Path, data: dict[str, Any]) -> None:
    """Put a quarter in a store directly (the check tests are about `check`, not `import`)."""
    with Store.open(store) as opened:
        opened.save_quarter(validate_quarter(copy.deepcopy(data)))


# --- import, replace, list ---------------------------------------------------------------------------

def test_import_refuses_a_second_copy_then_replaces_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = write_json(tmp_path / "q4.json", quarter_json(1))
    bigger = write_json(tmp_path / "q4-v2.json", quarter_json(2))

    result = run("--store", store, "import", first)
    assert result.returncode == 0, result.stderr
    assert "imported 2026-Q4" in result.stdout
    assert "1 objective, 1 key result" in result.stdout

    before = snapshot(store)
    again = run("import", bigger, "--store", store)
    assert again.returncode == 2
    [line] = again.stderr.strip().splitlines()
    assert line.startswith("reviewtui: ") and "2026-Q4" in line and "--replace" in line
    assert snapshot(store) == before

    replaced = run("import", bigger, "--replace", "--store", store)
    assert replaced.returncode == 0, replaced.stderr
    assert "imported 2026-Q4: 2 objectives, 2 key results" in replaced.stdout

    env = base_env()
    env["REVIEWTUI_STORE"] = str(store)
    listed = run("quarters", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [{
        "id": "2026-Q4", "name": "", "start": "2026-10-01", "end": "2026-12-31",
        "objectives": 2, "key_results": 2, "meetings": 0,
    }]


def test_import_csv_with_quarter_options(tmp_path: Path) -> None:
    store = tmp_path / "store"
    csv_file = tmp_path / "plan.csv"
    csv_file.write_text(
        "objective_id,objective,objective_owner,kr_id,key_result,kr_owner,unit,baseline,target,current,evidence_source\n"
        "O1,Delight our customers,Ana Ruiz,O1-KR1,Increase NPS,Ana Ruiz,points,45,60,52,NPS export\n"
        "O1,Delight our customers,Ana Ruiz,O1-KR2,Cut churn,Ben Ode,%,8,5,,Churn dashboard\n",
        encoding="utf-8",
    )
    result = run("import", csv_file, "--quarter", "2027-Q1", "--start", "2027-01-01", "--end", "2027-03-31",
                 "--store", store)
    assert result.returncode == 0, result.stderr
    assert "imported 2027-Q1: 1 objective, 2 key results" in result.stdout
    with Store.open(store) as opened:
        assert [k.id for k in opened.load_quarter("2027-Q1").key_results] == ["O1-KR1", "O1-KR2"]


# --- check ---------------------------------------------------------------------------------------------

@pytest.fixture
def shared_owner_store(tmp_path: Path) -> Path:
    """Three objectives: a shared objective owner, a shared KR owner, a dependency without help."""
    data = quarter_json(3)
    data["objectives"][0]["owner"] = "Product and Commercial"
    data["objectives"][1]["key_results"][0]["owner"] = "Ana & Ben"
    data["objectives"][2]["key_results"][0]["dependencies"] = [{"team": "Legal"}]
    store = tmp_path / "store"
    seed(store, data)
    return store


def test_check_finds_shared_owners_and_prints_plain_tab_separated_lines(shared_owner_store: Path) -> None:
    result = run("check", "--store", shared_owner_store)
    assert result.returncode == 1, result.stderr
    assert not ANSI.search(result.stdout)
    lines = result.stdout.splitlines()
    assert [line.split("\t")[:3] for line in lines[:-1]] == [
        ["error", "O1", "one-owner"],
        ["error", "O2-KR1", "one-owner"],
        ["warning", "O3-KR1", "dependency-help"],
    ]
    assert all(line.count("\t") == 3 for line in lines[:-1])
    assert "Product and Commercial" in lines[0]
    assert lines[-1] == "2026-Q4: 2 errors, 1 warning"


def test_check_json_has_the_counts(shared_owner_store: Path) -> None:
    result = run("check", "2026-Q4", "--json", "--store", shared_owner_store)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert (report["quarter"], report["errors"], report["warnings"]) == ("2026-Q4", 2, 1)
    assert [(f["severity"], f["subject"], f["rule"]) for f in report["findings"]] == [
        ("error", "O1", "one-owner"), ("error", "O2-KR1", "one-owner"), ("warning", "O3-KR1", "dependency-help"),
    ]


def test_check_of_a_clean_quarter_exits_0(tmp_path: Path) -> None:
    store = tmp_path / "store"
    seed(store, quarter_json(3))
    result = run("check", "2026-Q4", "--store", store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2026-Q4: plan passes the check"


@pytest.mark.parametrize(("days_in", "warned"), [(30, True), (10, False), (-20, False)])
def test_check_asks_for_a_value_only_two_weeks_into_the_quarter(tmp_path: Path, days_in: int, warned: bool) -> None:
    from datetime import date, timedelta

    start = date.today() - timedelta(days=days_in)  # `check` judges by today's date, as a user runs it
    data = quarter_json(3)
    data["start"], data["end"] = start.isoformat(), (start + timedelta(days=90)).isoformat()
    for objective in data["objectives"]:
        objective["key_results"][0]["history"] = []
    data["objectives"][1]["key_results"][0]["current"] = None
    store = tmp_path / "store"
    seed(store, data)
    result = run("check", "2026-Q4", "--store", store)
    assert result.returncode == 0, result.stderr
    if warned:
        assert result.stdout.splitlines()[0].split("\t")[:3] == ["warning", "O2-KR1", "current-value"]
        assert result.stdout.splitlines()[-1] == "2026-Q4: 0 errors, 1 warning"
    else:
        assert result.stdout.strip() == "2026-Q4: plan passes the check"


def test_check_of_an_unknown_quarter_exits_2(shared_owner_store: Path) -> None:
    result = run("check", "NOPE", "--store", shared_owner_store)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "NOPE" in line and "2026-Q4" in line
    assert result.stdout == ""


# --- schema and help -------------------------------------------------------------------------------------

def test_schema_is_json_with_the_import_fields() -> None:
    result = run("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert {"quarter", "start", "end", "objectives"} <= set(schema["properties"])
    assert set(schema["required"]) >= {"quarter", "start", "end", "objectives"}


def test_console_script_help(tmp_path: Path) -> None:
    beside = Path(sys.executable).parent / ("reviewtui.exe" if os.name == "nt" else "reviewtui")
    script = str(beside) if beside.exists() else shutil.which("reviewtui")
    assert script, "the reviewtui console script is not installed"
    result = run("--help", command=[script])
    assert result.returncode == 0
    assert "usage: reviewtui" in result.stdout
    for name in ("import", "check", "quarters", "schema", "exit codes"):
        assert name in result.stdout


# --- bad input leaves the store alone --------------------------------------------------------------------

@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store made by a real `reviewtui import`; tests copy it."""
    base = tmp_path_factory.mktemp("good")
    store = base / "store"
    result = run("import", write_json(base / "good.json", VALID), "--store", store)
    assert result.returncode == 0, result.stderr
    return store


def _with(mutate) -> bytes:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(VALID)
    mutate(data)
    return json.dumps(data).encode()


def _kr(data: dict[str, Any]) -> dict[str, Any]:
    return data["objectives"][0]["key_results"][0]


def _duplicate(data: dict[str, Any]) -> None:
    data["objectives"].append(copy.deepcopy(data["objectives"][0]))


BAD_INPUTS = [
    pytest.param("bad.json", b'{"quarter": "2026-Q4",\n "start": }', ["(file)"], id="malformed-json"),
    pytest.param("bad.json", _with(lambda d: _kr(d).update(baseline="45", target=True, title=["x"])),
                 [f"{KR}.title", f"{KR}.baseline", f"{KR}.target"], id="wrong-types"),
    pytest.param("bad.json", json.dumps(VALID).replace('"baseline": 45', '"baseline": NaN')
                 .replace('"target": 60', '"target": Infinity').encode(),
                 [f"{KR}.baseline", f"{KR}.target"], id="nan"),
    pytest.param("bad.json", _with(lambda d: _kr(d).update(title="x" * 1_000_000)), [f"{KR}.title"], id="huge-text"),
    pytest.param("bad.json", _with(lambda d: (_kr(d).update(title="\x1b[31mred\x1b[0m", owner="Ana\x07"),
                                              d["objectives"][0].update(title="a\x9b2Jb"))),
                 ["objectives[0].title", f"{KR}.title", f"{KR}.owner"], id="control-characters"),
    pytest.param("bad.json", _with(lambda d: _kr(d).update(evidence_source="export\u202etxt.exe")),
                 [f"{KR}.evidence_source"], id="bidi-override"),
    pytest.param("bad.json", _with(_duplicate), ["objectives[1].id", "objectives[1].key_results[0].id"],
                 id="duplicate-ids"),
    pytest.param("bad.json", json.dumps(VALID).replace('"current": 52', '"current": ' + "9" * 5000).encode(),
                 [f"{KR}.current"], id="5000-digit-integer"),
    pytest.param("bad.csv", b"objective_id,objective,objective_owner,kr_id,key_result,kr_owner,unit,baseline,"
                 b"target,current,evidence_source,quarter,start,end\n"
                 b"O1,Delight,Ana Ruiz,O1-KR1,NPS,Ana Ruiz,points,45,60,52,NPS export,2026-Q4,2026-10-01,2026-12-31\n"
                 b"O1,Delight,Ana Ruiz\n", ["row 3"], id="csv-short-row"),
]


@pytest.mark.parametrize(("name", "content", "expected_paths"), BAD_INPUTS)
def test_bad_import_reports_every_problem_and_leaves_the_store_untouched(
    good_store: Path, tmp_path: Path, name: str, content: bytes, expected_paths: list[str],
) -> None:
    store = tmp_path / "store"
    shutil.copytree(good_store, store)
    bad = tmp_path / name
    bad.write_bytes(content)
    before = snapshot(store)
    assert "index.json" in before and "quarters/2026-Q4/quarter.json" in before

    result = run("import", bad, "--store", store)

    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    problem_lines, last = lines[:-1], lines[-1]
    count = len(expected_paths)
    noun = "problem" if count == 1 else "problems"
    assert last == f"reviewtui: {count} {noun} in {bad}; nothing was imported"
    assert sorted(unnamed(line).split(": ", 1)[0] for line in problem_lines) == sorted(expected_paths)
    assert all(re.fullmatch(r"\S[^:]*: \S.*", line) for line in problem_lines), problem_lines
    assert all(len(line) < 300 for line in lines), "a problem line must not echo huge input"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", result.stderr)
    assert result.stdout == ""
    assert snapshot(store) == before


def test_json_file_with_csv_options_is_a_usage_error(good_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(good_store, store)
    before = snapshot(store)
    result = run("import", write_json(tmp_path / "q.json", quarter_json(1, "2027-Q1")), "--quarter", "2027-Q1",
                 "--store", store)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "--quarter" in line
    assert snapshot(store) == before


# --- a damaged or busy store ----------------------------------------------------------------------------

def test_garbage_index_exits_3_naming_the_file_and_leaves_it(good_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(good_store, store)
    index = store / "index.json"
    garbage = b"\x00garbage{{ not json"
    index.write_bytes(garbage)
    before = snapshot(store)

    result = run("quarters", "--store", store)

    assert result.returncode == 3
    assert str(index) in result.stderr
    assert "index.json.bak" in result.stderr, "the message should point at the backup"
    assert index.read_bytes() == garbage
    assert snapshot(store) == before


def test_index_with_a_damaged_row_exits_3(good_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(good_store, store)
    index = store / "index.json"
    index.write_text(json.dumps({"meta": {"1": {"format": 1}}, "quarters": {"1": {"id": "2026-Q4"}}}))
    before = snapshot(store)
    result = run("quarters", "--store", store)
    assert result.returncode == 3
    assert str(index) in result.stderr
    assert snapshot(store) == before


def test_store_held_by_another_process_exits_3_naming_its_pid(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = (f"import time\nfrom reviewtui.store import Store\ns = Store.open({str(store)!r})\n"
              "print('ready', flush=True)\ntime.sleep(30)\n")
    child = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, text=True, env=base_env())
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
        result = run("import", write_json(tmp_path / "q.json", VALID), "--store", store)  # a writer: readers need no lock
        assert result.returncode == 3
        [line] = result.stderr.strip().splitlines()
        assert re.search(rf"\bprocess {child.pid}\b", line), line
        assert "in use" in line
    finally:
        child.kill()
        child.wait(timeout=10)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def test_read_only_commands_do_not_create_a_store_at_a_mistyped_path(tmp_path: Path) -> None:
    typo = tmp_path / "stroe"
    for command in (["quarters"], ["check"], ["meetings"]):
        result = run(*command, "--store", typo)
        assert result.returncode == 2, (command, result.stderr)
        assert "no reviewtui store at" in result.stderr and "Traceback" not in result.stderr
    assert not typo.exists()


def test_import_hint_keeps_the_store_option(tmp_path: Path) -> None:
    good = tmp_path / "q.json"
    good.write_text(json.dumps(VALID))
    result = run("import", good, "--store", tmp_path / "s")
    assert result.returncode == 0
    assert f"next: reviewtui check 2026-Q4 --store {tmp_path / 's'}" in result.stdout


def test_piping_into_a_closed_reader_is_not_an_error() -> None:
    shell = subprocess.run(f"{sys.executable} -m reviewtui schema | head -1", shell=True, capture_output=True,
                           text=True, timeout=60)
    assert shell.stdout.strip() == "{"
    assert "Traceback" not in shell.stderr and "BrokenPipe" not in shell.stderr


@pytest.mark.speed_guard
def test_the_command_and_the_app_load_without_pydantic_before_the_first_screen() -> None:
    """Start-up pays for pydantic and the models (about 110 ms) only when a command needs them."""
    probe = ("import sys, reviewtui.cli, reviewtui.app\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' or m == 'reviewtui.domain.models'))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
