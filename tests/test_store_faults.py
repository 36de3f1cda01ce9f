"""The store under faults: a full disk, a read-only store, a hostile folder, a hand-edited file, a stolen lock.

Each test asserts what the user sees (exit code, the one line) and what is left on disk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewtui.domain.models import KRReview, Meeting, MeetingKind
from reviewtui.store import Store, StoreCorrupt, StoreError, StoreLocked
from reviewtui.store.errors import StoreWriteError

from .conftest import ISSUE_EXAMPLE, SmallDisk
from .test_store import HOLDER_CHILD, child_env, make_quarter, tree


def run(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewtui", *map(str, args)], capture_output=True, text=True,
                          timeout=60, env=env or child_env())


def import_example(store_dir: Path, tmp_path: Path, quarter_id: str = "2026-Q4") -> Path:
    source = tmp_path / f"{quarter_id}.json"
    source.write_text(json.dumps({**ISSUE_EXAMPLE, "quarter": quarter_id}))
    result = run("import", source, "--store", store_dir)
    assert result.returncode == 0, result.stderr
    return source


# --- a small disk of its own (a tmpfs), which can fill up or turn read-only --------------------------------
def test_on_a_full_disk_reading_commands_work_and_an_import_fails_in_one_line(small_disk: SmallDisk,
                                                                               tmp_path: Path) -> None:
    store_dir = small_disk.path / "store"
    import_example(store_dir, tmp_path)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**ISSUE_EXAMPLE, "quarter": "2026-Q4b"}))
    small_disk.fill()
    before = tree(store_dir)

    listed = run("quarters", "--store", store_dir)  # taking the lock writes who holds it: that may fail
    assert listed.returncode == 0 and listed.stdout.startswith("2026-Q4\t"), listed.stderr
    imported = run("import", other, "--store", store_dir)
    assert imported.returncode == 3
    assert imported.stderr.count("\n") == 1 and "Traceback" not in imported.stderr
    assert imported.stderr.startswith("reviewtui: cannot write ") and imported.stderr.endswith(": disk full\n")
    assert tree(store_dir) == before


def test_a_read_only_store_can_be_read_and_a_write_says_read_only(small_disk: SmallDisk, tmp_path: Path) -> None:
    store_dir = small_disk.path / "store"
    source = import_example(store_dir, tmp_path)
    small_disk.read_only()
    for command in (["quarters"], ["meetings"], ["check"], ["report", "--json"]):
        result = run(*command, "--store", store_dir)
        assert result.returncode in (0, 1), (command, result.stderr)
        assert "Traceback" not in result.stderr
    replaced = run("import", source, "--replace", "--store", store_dir)
    assert replaced.returncode == 3 and replaced.stderr.endswith(": read-only file system\n"), replaced.stderr


def test_a_save_on_a_full_disk_raises_a_write_error_and_leaves_the_file_whole(small_disk: SmallDisk) -> None:
    store_dir = small_disk.path / "store"
    meeting = Meeting(id="M1", quarter_id="2026-Q4", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
                      started_at=datetime(2026, 11, 2, 9, tzinfo=UTC), reviews=[KRReview(kr_id="O1-KR1")])
    with Store.open(store_dir) as store:
        store.save_quarter(make_quarter(objectives=1, krs=1))
        store.save_meeting(meeting)
        saved = (store_dir / "quarters/2026-Q4/meetings/M1.json").read_bytes()
        small_disk.fill()
        meeting.reviews[0].evidence = "x" * 4000
        with pytest.raises(StoreWriteError, match=r"M1\.json: disk full"):
            store.save_meeting(meeting)
        assert (store_dir / "quarters/2026-Q4/meetings/M1.json").read_bytes() == saved
        assert not [p for p in store_dir.rglob("*") if p.name.endswith(".rvtmp")]  # no temp file left behind
        small_disk.free()
        store.save_meeting(meeting)  # space freed: the same save goes through
    with Store.open(store_dir) as store:
        assert len(store.load_meeting("2026-Q4", "M1").reviews[0].evidence) == 4000


# --- a folder that holds files that are not ours ---------------------------------------------------------
def test_opening_a_store_removes_only_its_own_temp_files(tmp_path: Path) -> None:
    home = tmp_path / "home"  # REVIEWTUI_STORE=$HOME by mistake: nothing of the user's may go
    (home / "projects" / "app").mkdir(parents=True)
    theirs = [home / ".notes.tmp", home / ".x.baktmp", home / "projects" / "app" / ".build.tmp",
              home / ".index.json.123.tmp", home / ".index.json.1.abcdefgh.rvtmp"]
    for path in theirs:
        path.write_text("the user's")
    ours = home / ".index.json.4242.0a1b2c3d.rvtmp"
    ours.write_text("half a wri")
    with Store.open(home) as store:
        assert store.quarters() == []
    assert all(path.read_text() == "the user's" for path in theirs)
    assert not ours.exists()


def test_a_link_planted_at_an_export_path_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    with Store.open(tmp_path / "s") as store:
        (store.exports_dir() / "M1.md").symlink_to(victim)
        written = store.write_export("M1.md", "# the record\n")
    assert victim.read_text() == "keep me"
    assert not written.is_symlink() and written.read_text() == "# the record\n"


def test_a_meetings_folder_linked_out_of_the_store_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    with Store.open(tmp_path / "s") as store:
        store.save_quarter(make_quarter())
        (tmp_path / "s/quarters/2026-Q4/meetings").symlink_to(outside, target_is_directory=True)
        meeting = Meeting(id="M1", quarter_id="2026-Q4", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
                          started_at=datetime(2026, 11, 2, 9, tzinfo=UTC))
        with pytest.raises(StoreError, match="meetings is a symbolic link; reviewtui does not write through links"):
            store.save_meeting(meeting)
    assert list(outside.iterdir()) == []


def test_a_store_file_that_is_a_link_is_reported_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"quarter": {"1": {"not": "ours"}}}))
    with Store.open(tmp_path / "s") as store:
        store.save_quarter(make_quarter())
    quarter_file = tmp_path / "s/quarters/2026-Q4/quarter.json"
    quarter_file.unlink()
    quarter_file.symlink_to(secret)
    result = run("check", "--store", tmp_path / "s")
    assert result.returncode == 3
    assert "quarter.json: is a symbolic link; reviewtui does not follow links inside its store" in result.stderr
    assert secret.read_text() == json.dumps({"quarter": {"1": {"not": "ours"}}})


# --- the lock ------------------------------------------------------------------------------------------------
def test_deleting_the_lock_files_does_not_let_a_second_writer_in(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    child = subprocess.Popen([sys.executable, "-c", HOLDER_CHILD, str(store_dir)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=child_env())
    try:
        assert child.stdout.readline() == b"ready\n", child.stderr.read()
        for name in (".lock", ".lock.holder"):
            (store_dir / name).unlink(missing_ok=True)
        with pytest.raises(StoreLocked):
            Store.open(store_dir)
        result = run("import", tmp_path / "missing.json", "--store", store_dir)
        assert result.returncode in (2, 3)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
        child.stderr.close()


# --- hand-edited and damaged files ---------------------------------------------------------------------------
def test_a_hand_edited_quarter_id_is_reported_not_rebuilt(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    import_example(store_dir, tmp_path)
    path = store_dir / "quarters/2026-Q4/quarter.json"
    doc = json.loads(path.read_text())
    doc["quarter"]["1"]["quarter"] = "2026-Q5"
    path.write_text(json.dumps(doc))
    result = run("check", "2026-Q4", "--store", store_dir)
    assert result.returncode == 3
    assert "holds quarter id '2026-Q5' but is in the folder of quarter '2026-Q4'" in result.stderr
    listed = run("quarters", "--json", "--store", store_dir)
    assert [q["id"] for q in json.loads(listed.stdout)] == ["2026-Q4"]  # the index was not "rebuilt" to Q5
    with Store.open(store_dir) as store, pytest.raises(StoreCorrupt):
        store.verify_quarter("2026-Q4")


def test_a_damaged_quarter_file_is_repaired_by_import_replace(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    source = import_example(store_dir, tmp_path)
    path = store_dir / "quarters/2026-Q4/quarter.json"
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    checked = run("check", "--store", store_dir)
    assert checked.returncode == 3 and "reviewtui import FILE --replace" in checked.stderr
    replaced = run("import", source, "--replace", "--store", store_dir)
    assert replaced.returncode == 0, replaced.stderr
    assert run("check", "--store", store_dir).returncode in (0, 1)


def test_export_into_the_store_is_refused_and_the_store_is_unchanged(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    import_example(store_dir, tmp_path)
    before = tree(store_dir)
    for target in (store_dir / "index.json", store_dir / "quarters" / "x.md"):
        result = run("export", "anything", "-o", target, "--store", store_dir)
        assert result.returncode == 2 and "is inside the store" in result.stderr
    assert tree(store_dir) == before


def test_a_crashed_import_of_a_new_quarter_is_listed_when_the_store_opens(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    import_example(store_dir, tmp_path)
    index = json.loads((store_dir / "index.json").read_text())
    index["quarters"] = {}  # as if the import died between the quarter file and its index row
    (store_dir / "index.json").write_text(json.dumps(index))
    with Store.open(store_dir) as store:
        assert [q.id for q in store.quarters()] == ["2026-Q4"]
    assert os.path.exists(store_dir / "quarters/2026-Q4/quarter.json")


def test_a_confirm_cut_short_on_a_disk_now_read_only_is_said_not_hidden(small_disk: SmallDisk, tmp_path: Path) -> None:
    from reviewtui.domain.models import MeetingState

    store_dir = small_disk.path / "store"
    import_example(store_dir, tmp_path)
    with Store.open(store_dir) as store:
        meeting = Meeting(id="M1", quarter_id="2026-Q4", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
                          started_at=datetime(2026, 11, 2, 9, tzinfo=UTC), agenda=["O1-KR1"],
                          reviews=[KRReview(kr_id="O1-KR1", value=58.0)])
        store.save_meeting(meeting)
        final = meeting.model_copy(update={"state": MeetingState.FINAL,
                                           "ended_at": datetime(2026, 11, 2, 10, tzinfo=UTC)})
        store._write_meeting(final)  # the record is written, its effects not: as after a kill -9
    small_disk.read_only()
    # A reader writes nothing: it rolls the record forward in memory, so what it shows is the record.
    result = run("meetings", "--store", store_dir)
    assert result.returncode == 0 and result.stdout.startswith("M1\t2026-Q4\t") and "\tfinal\t" in result.stdout
    assert result.stderr == ""
    # A writer tries to repair the files, cannot, and says so.
    with Store.open(store_dir) as store:
        [problem] = store.pending
    assert problem.startswith("cannot write ") and "read-only file system" in problem
