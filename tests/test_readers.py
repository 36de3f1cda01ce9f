"""Readers never need the writer's lock: the reading commands work while a meeting is open, and write nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from reviewtui.domain.models import MeetingState
from reviewtui.store import Store
from reviewtui.store.repository import ReadOnlyStore
from tests.test_cli import base_env, run, write_json
from tests.conftest import ISSUE_EXAMPLE

# A facilitator's process: the demo quarter, a weekly check-in started and a value typed, the store held.
MEETING_HOLDER = """
import sys, time
from datetime import date, datetime
from reviewtui.demo import seed_demo
from reviewtui.domain.models import MeetingKind
from reviewtui.domain.review_rules import AgendaOrder
from reviewtui.session import MeetingPlan, MeetingSession
from reviewtui.store import Store
store = Store.open(sys.argv[1])
seed_demo(store, date.today())
quarter_id = store.quarters()[-1].id
plan = MeetingPlan(quarter_id, MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES)
session = MeetingSession.start(store, plan, datetime.now().astimezone())
session.update(session.kr.id, value=1.0)
print(quarter_id, session.meeting.id, flush=True)
time.sleep(60)
"""


def files(store: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the store, with its modification time: a reader must change none, not even the lock note."""
    return {p.relative_to(store).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(store.rglob("*")) if p.is_file()}


@pytest.fixture
def open_meeting(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str], str, str]]:
    """A store with a meeting open in another process: (store, that process, quarter id, meeting id)."""
    store = tmp_path / "store"
    child = subprocess.Popen([sys.executable, "-c", MEETING_HOLDER, str(store)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=base_env())
    try:
        assert child.stdout is not None
        line = child.stdout.readline().split()
        assert len(line) == 2, child.stderr.read() if child.stderr else ""
        yield store, child, line[0], line[1]
    finally:
        child.kill()
        child.wait(timeout=10)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def test_reading_commands_answer_during_a_meeting_and_write_nothing(open_meeting: tuple[
        Path, subprocess.Popen[str], str, str]) -> None:
    store, child, quarter_id, meeting_id = open_meeting
    before = files(store)
    final = next(line.split("\t")[0] for line in run("meetings", "--store", store).stdout.splitlines()
                 if "\tfinal\t" in line)
    for command in (["check"], ["report"], ["report", "--json"], ["quarters"], ["meetings"], ["meetings", "--json"],
                    ["export", final], ["export", meeting_id, "--format", "json"]):
        result = run(*command, "--store", store)
        assert result.returncode in (0, 1), (command, result.stderr)
        assert result.stdout.strip(), command
        # Said on standard error, so that JSON and Markdown on standard output stay whole.
        note, *draft = result.stderr.strip().splitlines()
        assert draft == ([f"reviewtui: {meeting_id}: Draft, not a record: the meeting is still open or was never "
                          "confirmed."] if command[-1:] == ["json"] else []), command
        assert re.fullmatch(rf"reviewtui: meeting {meeting_id} is open \(process {child.pid} on .+\): this is as of "
                            r"the last save at \d\d:\d\d:\d\d", note), (command, note)
    listed = run("meetings", "--store", store).stdout
    assert f"{meeting_id}\t{quarter_id}" in listed and "\tdraft\t" in listed
    drafted = run("export", meeting_id, "--format", "json", "--store", store).stdout
    assert '"value": 1.0' in drafted  # the value the facilitator typed, as last saved
    assert files(store) == before


def test_writers_are_still_refused_with_the_holders_pid(open_meeting: tuple[Path, subprocess.Popen[str], str, str],
                                                        tmp_path: Path) -> None:
    store, child, _, _ = open_meeting
    before = files(store)
    source = write_json(tmp_path / "q.json", {**ISSUE_EXAMPLE, "quarter": "2026-Q4b"})
    for command in (["import", source], ["review"]):
        result = run(*command, "--store", store)
        assert result.returncode == 3, (command, result.stderr)
        [line] = result.stderr.strip().splitlines()
        assert re.search(rf"\bprocess {child.pid}\b", line) and "in use" in line, line
    assert files(store) == before


def test_with_no_one_holding_the_store_a_reader_says_nothing_more(demo_store: Store) -> None:
    directory = demo_store.directory
    demo_store.close()
    result = run("quarters", "--store", directory)
    assert result.returncode == 0 and result.stderr == ""


def test_a_confirm_cut_short_is_rolled_forward_in_memory_only(demo_store: Store, tmp_path: Path) -> None:
    """Killed after the record's commit point: a reader shows the record and its values, and repairs nothing."""
    from reviewtui.session import MeetingPlan, MeetingSession
    from reviewtui.domain.models import DecisionKind, MeetingKind
    from reviewtui.domain.review_rules import AgendaOrder

    quarter_id = demo_store.quarters()[-1].id
    directory = demo_store.directory
    plan = MeetingPlan(quarter_id, MeetingKind.WEEKLY, "Ana Ruiz", [], 180, AgendaOrder.OBJECTIVES)
    session = MeetingSession.start(demo_store, plan, datetime(2026, 11, 22, 10, 0).astimezone())
    kr_id = session.kr.id
    session.update(kr_id, value=12345.0)
    session.defer_rest("out of time today", datetime(2026, 11, 29).date(), datetime(2026, 11, 22, 10, 5).astimezone())
    assert session.review.decision is not None and session.review.decision.kind is DecisionKind.DEFER
    before_commit = tmp_path / "before"
    shutil.copytree(directory, before_commit)
    session.finish(datetime(2026, 11, 22, 10, 6).astimezone())
    demo_store.close()
    # Everything but the record as it was before the confirm: as if killed right after its one commit write.
    meeting_file = f"quarters/{quarter_id}/meetings/{session.meeting.id}.json"
    for path in before_commit.rglob("*.json"):
        relative = path.relative_to(before_commit).as_posix()
        if relative != meeting_file:
            shutil.copy2(path, directory / relative)
    before = files(directory)

    reader = Store.open_reader(directory)
    try:
        assert next(m for m in reader.meetings() if m.id == session.meeting.id).state is MeetingState.FINAL
        assert next(kr for kr in reader.load_quarter(quarter_id).key_results if kr.id == kr_id).current == 12345.0
        with pytest.raises(ReadOnlyStore):
            reader.save_meeting(session.meeting)
        with pytest.raises(ReadOnlyStore):
            reader.write_export("x.md", "x")
    finally:
        reader.close()
    shown = run("report", "--json", "--store", directory)
    assert shown.returncode == 0 and "12345" in shown.stdout
    assert files(directory) == before  # repaired in memory only: the next writer repairs the files


def test_a_reader_knows_when_a_writer_replaced_a_file_while_it_read(demo_store: Store) -> None:
    directory = demo_store.directory
    quarter = demo_store.load_quarter(demo_store.quarters()[-1].id)
    demo_store.close()
    reader = Store.open_reader(directory)
    try:
        assert not reader.moved_on()
        with Store.open(directory) as writer:  # a reader takes no lock: a writer can come in meanwhile
            writer.save_quarter(quarter.model_copy(update={"name": "renamed"}), replace=True)
        assert reader.moved_on()
    finally:
        reader.close()
