"""The store on real files: round trips, refusals, corrupt files, backups, the lock, and surviving SIGKILL."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewtui.domain.models import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Decision,
    DecisionKind,
    KRReview,
    Meeting,
    MeetingKind,
    MeetingState,
    Quarter,
    Status,
)
from reviewtui.domain.planning import check_quarter
from reviewtui.domain.progress import progress
from reviewtui.store import Store, StoreCorrupt, StoreError, StoreLocked
from reviewtui.store.repository import QuarterExists, UnknownQuarter, safe_child
from reviewtui.store.summaries import SUMMARY_VERSION

REPO_ROOT = Path(__file__).resolve().parents[1]


# --- builders -----------------------------------------------------------------------------------------
def make_quarter(quarter_id: str = "2026-Q4", *, name: str = "Q4 2026", start: str = "2026-10-01",
                 end: str = "2026-12-31", objectives: int = 2, krs: int = 3) -> Quarter:
    return Quarter.model_validate({
        "quarter": quarter_id, "name": name, "start": start, "end": end,
        "objectives": [
            {"id": f"O{o}", "title": f"Objective {o}", "owner": "Ana Ruiz", "team": "Growth",
             "key_results": [
                 {"id": f"O{o}-KR{k}", "title": f"Key result {o}.{k}", "owner": "Bo Chen", "unit": "%",
                  "baseline": 10.0, "target": 10.0 + 5 * k, "current": 11.0 + k if k % 2 else None,
                  "evidence_source": "dashboard",
                  "dependencies": [{"team": "Platform", "help": "an API"}] if k == 1 else [],
                  "history": [{"date": "2026-10-15", "value": 10.5}]}
                 for k in range(1, krs + 1)]}
            for o in range(1, objectives + 1)],
    })


def make_meeting(meeting_id: str = "M1", quarter_id: str = "2026-Q4", *, day: int = 2,
                 reviews: int = 2) -> Meeting:
    return Meeting(
        id=meeting_id, quarter_id=quarter_id, kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
        attendees=["Ana Ruiz", "Bo Chen"], started_at=datetime(2026, 11, day, 9, 30, tzinfo=UTC),
        reviews=[KRReview(kr_id=f"O1-KR{i + 1}", value=12.5 + i, confidence=Status.AT_RISK,
                          evidence="export\nline two", blocker="", escalate=i == 0,
                          decision=Decision(kind=DecisionKind.CONTINUE, note="keep going",
                                            decided_by="Ana Ruiz", at=datetime(2026, 11, day, 9, 40, tzinfo=UTC)),
                          time_spent_s=42.5,
                          next_action=make_action(f"A{day}-{i}") if i == 1 else None)
                 for i in range(reviews)],
        agenda=[f"O1-KR{i + 1}" for i in range(3)], position=min(reviews, 2),
        action_updates=[ActionUpdate(action_id="A0", status=ActionStatus.DROPPED)],
    )


def make_action(action_id: str, *, status: ActionStatus = ActionStatus.OPEN, text: str = "Call the vendor") -> ActionItem:
    return ActionItem(id=action_id, kr_id="O1-KR1", text=text, owner="Bo Chen",
                      due=datetime(2026, 11, 20).date(), status=status, opened_in="M1")


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under root with its bytes (None for directories)."""
    return {str(p.relative_to(root)): (None if p.is_dir() else p.read_bytes()) for p in sorted(root.rglob("*"))}


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


# --- round trips --------------------------------------------------------------------------------------
def test_quarter_round_trip_and_summary(tmp_path: Path) -> None:
    quarter = make_quarter()
    older = make_quarter("2026-Q3", name="", start="2026-07-01", end="2026-09-30", objectives=1, krs=2)
    with Store.open(tmp_path / "s") as store:
        store.save_quarter(quarter)
        store.save_quarter(older)
    with Store.open(tmp_path / "s") as store:  # from disk, not from a cache
        assert store.load_quarter("2026-Q4") == quarter
        assert store.load_quarter("2026-Q3") == older
        summaries = store.quarters()
    assert [s.id for s in summaries] == ["2026-Q3", "2026-Q4"]  # oldest first
    q4 = summaries[1]
    assert (q4.name, q4.title, q4.start.isoformat(), q4.end.isoformat()) == ("Q4 2026", "Q4 2026", "2026-10-01", "2026-12-31")
    assert (q4.objectives, q4.key_results) == (2, 6)
    # the index lists each KR as the home screen shows it, and the planning findings, so nothing is loaded
    assert [(line.id, line.title, line.owner, line.unit, line.baseline, line.target, line.current)
            for line in q4.krs] == [(kr.id, kr.title, kr.owner, kr.unit, kr.baseline, kr.target, kr.current)
                                    for kr in quarter.key_results]
    assert [progress(line) for line in q4.krs] == [progress(kr) for kr in quarter.key_results]
    assert progress(q4.krs[0]) == pytest.approx(2 / 5) and progress(q4.krs[1]) is None
    assert q4.findings == tuple(check_quarter(quarter))
    assert summaries[0].title == "2026-Q3"  # no name: the id


def test_meeting_round_trip_and_listing(tmp_path: Path) -> None:
    """Every enum (kind, state, confidence, decision, action status) comes back from JSON as itself."""
    with Store.open(tmp_path / "s") as store:
        store.save_quarter(make_quarter())
        store.save_quarter(make_quarter("2026-Q3", start="2026-07-01", end="2026-09-30"))
        late, early = make_meeting("M2", day=9, reviews=3), make_meeting("M1", day=2)
        store.save_meeting(late)
        store.save_meeting(early)
        store.save_meeting(make_meeting("X1", "2026-Q3", day=1, reviews=0))
        final = late.model_copy(update={"state": MeetingState.FINAL, "ended_at": datetime(2026, 11, 9, 10, tzinfo=UTC)})
        store.save_meeting(final)
    with Store.open(tmp_path / "s") as store:
        assert store.load_meeting("2026-Q4", "M1") == early
        assert store.load_meeting("2026-Q4", "M2") == final
        loaded = store.load_meeting("2026-Q4", "M2")
        assert loaded.reviews[1].next_action.status is ActionStatus.OPEN
        assert loaded.action_updates[0].status is ActionStatus.DROPPED
        assert loaded.reviews[0].decision.kind is DecisionKind.CONTINUE and loaded.kind is MeetingKind.WEEKLY
        listed = store.meetings("2026-Q4")
        everything = store.meetings()
    assert [(m.id, m.quarter_id) for m in listed] == [("M1", "2026-Q4"), ("M2", "2026-Q4")]  # oldest first
    assert listed[1].state is MeetingState.FINAL and listed[0].state is MeetingState.DRAFT
    assert (listed[0].kind, listed[0].facilitator, listed[0].reviews) == (MeetingKind.WEEKLY, "Ana Ruiz", 2)
    assert listed[0].started_at == datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    assert sorted(m.id for m in everything) == ["M1", "M2", "X1"]


def test_save_meeting_needs_a_known_quarter(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as store:
        with pytest.raises(UnknownQuarter):
            store.save_meeting(make_meeting())
        with pytest.raises(UnknownQuarter):
            store.load_quarter("2026-Q4")
        assert store.meetings() == []
    assert not (tmp_path / "s" / "quarters").exists()


def test_save_actions_inserts_then_updates_by_id(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as store:
        store.save_quarter(make_quarter())
        assert store.actions("2026-Q4") == []
        store.save_actions("2026-Q4", [make_action("A1"), make_action("A2")])
    with Store.open(tmp_path / "s") as store:
        assert [a.id for a in store.actions("2026-Q4")] == ["A1", "A2"]
        store.save_actions("2026-Q4", [make_action("A2", status=ActionStatus.DONE, text="Vendor called"),
                                       make_action("A3")])
    with Store.open(tmp_path / "s") as store:
        actions = store.actions("2026-Q4")
    assert [a.id for a in actions] == ["A1", "A2", "A3"]  # no duplicates, opening order kept
    assert [a.status for a in actions] == [ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.OPEN]
    assert actions[1].text == "Vendor called"
    assert actions[1] == make_action("A2", status=ActionStatus.DONE, text="Vendor called")


# --- existing quarters ----------------------------------------------------------------------------------
def test_save_quarter_refuses_existing_id_unless_replace(tmp_path: Path) -> None:
    original = make_quarter(name="first")
    changed = make_quarter(name="second", krs=1)
    with Store.open(tmp_path / "s") as store:
        store.save_quarter(original)
        store.save_meeting(make_meeting())
        store.save_actions("2026-Q4", [make_action("A1")])
        before = (tmp_path / "s" / "quarters" / "2026-Q4" / "quarter.json").read_bytes()
        with pytest.raises(QuarterExists, match="2026-Q4"):
            store.save_quarter(changed)
        assert (tmp_path / "s" / "quarters" / "2026-Q4" / "quarter.json").read_bytes() == before
        assert store.load_quarter("2026-Q4") == original
        store.save_quarter(changed, replace=True)
    with Store.open(tmp_path / "s") as store:
        assert store.load_quarter("2026-Q4") == changed
        assert [q.name for q in store.quarters()] == ["second"]  # replaced, not duplicated
        assert store.quarters()[0].key_results == 2
        assert [m.id for m in store.meetings("2026-Q4")] == ["M1"]  # meetings kept
        assert store.load_meeting("2026-Q4", "M1") == make_meeting()
        assert [a.id for a in store.actions("2026-Q4")] == ["A1"]  # actions kept


# --- ids that could leave the store ------------------------------------------------------------------------
BAD_IDS = ["../x", "/etc", ".hidden", "a/b", "", "..", "a/../../x", "x\\..\\y"]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_safe_child_refuses_escaping_names(tmp_path: Path, bad: str) -> None:
    with pytest.raises(StoreError):
        safe_child(tmp_path, bad)
    with pytest.raises(StoreError):
        safe_child(tmp_path, bad, ".json")
    assert safe_child(tmp_path, "ok-1.2_x", ".json") == tmp_path / "ok-1.2_x.json"


@pytest.mark.parametrize("bad", ["../x", "/etc", ".hidden", "a/b", ""])
def test_store_methods_refuse_escaping_ids(tmp_path: Path, bad: str) -> None:
    store_dir = tmp_path / "s"
    with Store.open(store_dir) as store:
        store.save_quarter(make_quarter())
        store.save_meeting(make_meeting())
    outside = {"parent": sorted(os.listdir(tmp_path.parent)), "etc": sorted(os.listdir("/etc")),
               "root": sorted(os.listdir("/"))}
    before = tree(tmp_path)
    quarter, meeting = make_quarter(), make_meeting()
    with Store.open(store_dir) as store:
        before_locked = tree(store_dir)
        attempts = [
            lambda: store.load_quarter(bad),
            lambda: store.save_quarter(quarter.model_copy(update={"id": bad})),
            lambda: store.save_quarter(quarter.model_copy(update={"id": bad}), replace=True),
            lambda: store.load_meeting("2026-Q4", bad),
            lambda: store.load_meeting(bad, "M1"),
            lambda: store.save_meeting(meeting.model_copy(update={"id": bad})),
            lambda: store.save_meeting(meeting.model_copy(update={"quarter_id": bad})),
            lambda: store.actions(bad),
            lambda: store.save_actions(bad, [make_action("A1")]),
        ]
        for attempt in attempts:
            with pytest.raises(StoreError):
                attempt()
        # An index that lists a hostile id (hand-edited) still cannot lead outside.
        store.index.table("quarters").insert({"id": bad, "name": "", "start": "2026-01-01", "end": "2026-03-31",
                                              "objectives": 0, "key_results": 0})
        with pytest.raises(StoreError):
            store.load_quarter(bad)
        with pytest.raises(StoreError):
            store.save_quarter(quarter.model_copy(update={"id": bad}), replace=True)
        assert {k: v for k, v in tree(store_dir).items() if not k.startswith("index.json")} == \
            {k: v for k, v in before_locked.items() if not k.startswith("index.json")}
    after = tree(tmp_path)
    changed = {k for k in set(before) | set(after) if before.get(k, b"?") != after.get(k, b"?")}
    assert changed <= {"s/index.json", "s/index.json.bak"}  # only the hand-made index row
    assert {"parent": sorted(os.listdir(tmp_path.parent)), "etc": sorted(os.listdir("/etc")),
            "root": sorted(os.listdir("/"))} == outside


# --- corrupt files ---------------------------------------------------------------------------------------
CORRUPT_INDEX = [
    pytest.param(b"", "empty (0 bytes)", id="truncated"),
    pytest.param(b'{"meta": {"1": {"format": 1}}, "quarters": {"1": {"id": "2026-', "not valid JSON", id="invalid-json"),
    pytest.param(b"[1, 2, 3]", "does not hold reviewtui tables", id="json-list"),
    pytest.param(b'{"meta": [1]}', "does not hold reviewtui tables", id="table-not-object"),
    pytest.param(b"\xff\xfe{}", "not UTF-8", id="not-utf8"),
    pytest.param(b'{"meta": {"1": {"format": 99}}}', "format 99", id="future-format"),
]


@pytest.mark.parametrize(("content", "problem"), CORRUPT_INDEX)
def test_corrupt_index_is_reported_and_left_alone(tmp_path: Path, content: bytes, problem: str) -> None:
    store_dir = tmp_path / "s"
    with Store.open(store_dir) as store:
        store.save_quarter(make_quarter())
    index = store_dir / "index.json"
    index.write_bytes(content)
    backup = (store_dir / "index.json.bak").read_bytes()
    errors = []  # kept alive (with their tracebacks) so a leaked lock could not be freed by garbage collection
    for _ in range(2):  # the failed open released the lock: the second attempt is refused the same way
        with pytest.raises(StoreCorrupt) as caught:
            Store.open(store_dir)
        errors.append(caught.value)
        message = str(caught.value)
        assert str(index) in message
        assert problem in message
        assert caught.value.path == index
    assert not (store_dir / ".lock.holder").exists()
    assert index.read_bytes() == content  # never overwritten, never opened as empty
    assert (store_dir / "index.json.bak").read_bytes() == backup
    assert not list(store_dir.glob(".index.json.*"))  # no half-written replacement either


def test_a_lost_index_is_rebuilt_from_the_quarter_and_meeting_files(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    with Store.open(store_dir) as store:
        store.save_quarter(make_quarter())
        store.save_quarter(make_quarter("2026-Q3", start="2026-07-01", end="2026-09-30"))
        store.save_meeting(make_meeting("M1"))
        final = make_meeting("M2", day=9).model_copy(
            update={"state": MeetingState.FINAL, "ended_at": datetime(2026, 11, 9, 10, tzinfo=UTC)})
        store.save_meeting(final)
        quarters, meetings = store.quarters(), store.meetings()
        values = [kr.current for kr in store.load_quarter("2026-Q4").key_results]
    (store_dir / "index.json").unlink()
    (store_dir / "index.json.bak").unlink()
    with Store.open(store_dir) as store:
        assert store.quarters() == quarters
        assert store.meetings() == meetings
        assert [kr.current for kr in store.load_quarter("2026-Q4").key_results] == values  # nothing re-applied
        assert [d.id for d in store.drafts()] == ["M1"]


def _store_with_quarter_file(tmp_path: Path) -> tuple[Path, Path]:
    store_dir = tmp_path / "s"
    with Store.open(store_dir) as store:
        store.save_quarter(make_quarter())
        store.save_meeting(make_meeting())
        store.save_actions("2026-Q4", [make_action("A1")])
    return store_dir, store_dir / "quarters" / "2026-Q4" / "quarter.json"


BAD_MODEL = json.dumps({"quarter": {"1": {"quarter": "2026-Q4", "name": "", "start": "2026-10-01",
                                           "end": "2026-09-01", "objectives": []}}}).encode()
CORRUPT_QUARTER = [
    pytest.param(b"", "empty (0 bytes)", id="truncated"),
    pytest.param(b'{"quarter": {"1": {"quarter": "2026-Q4", "start": "20', "not valid JSON", id="invalid-json"),
    pytest.param(b"[]", "does not hold reviewtui tables", id="json-list"),
    pytest.param(BAD_MODEL, "holds invalid data at end", id="invalid-model"),
    pytest.param(b'{"quarter": {}}', "holds no quarter", id="no-document"),
]


@pytest.mark.parametrize(("content", "problem"), CORRUPT_QUARTER)
def test_corrupt_quarter_file_is_reported_and_left_alone(tmp_path: Path, content: bytes, problem: str) -> None:
    store_dir, path = _store_with_quarter_file(tmp_path)
    path.write_bytes(content)
    with Store.open(store_dir) as store:
        for _ in range(2):  # a failed load is not cached as an empty quarter
            with pytest.raises(StoreCorrupt) as caught:
                store.load_quarter("2026-Q4")
            assert str(path) in str(caught.value)
            assert problem in str(caught.value)
        assert [q.id for q in store.quarters()] == ["2026-Q4"]
        # The rest of the quarter still works.
        assert store.load_meeting("2026-Q4", "M1") == make_meeting()
        store.save_meeting(make_meeting(reviews=1))
        store.save_actions("2026-Q4", [make_action("A2")])
    assert path.read_bytes() == content


def test_invalid_quarter_message_names_the_field(tmp_path: Path) -> None:
    store_dir, path = _store_with_quarter_file(tmp_path)
    data = json.loads(path.read_bytes())
    data["quarter"]["1"]["objectives"][0]["key_results"][1]["target"] = "lots"
    content = json.dumps(data).encode()
    path.write_bytes(content)
    with Store.open(store_dir) as store, pytest.raises(StoreCorrupt) as caught:
        store.load_quarter("2026-Q4")
    assert str(path) in str(caught.value)
    assert "objectives[0].key_results[1].target" in str(caught.value)
    assert path.read_bytes() == content


@pytest.mark.parametrize("content", [b"", b"{oops", b'{"meeting": {"1": {"id": "M1"}}}'])
def test_corrupt_meeting_file_is_never_overwritten(tmp_path: Path, content: bytes) -> None:
    store_dir, _ = _store_with_quarter_file(tmp_path)
    path = store_dir / "quarters" / "2026-Q4" / "meetings" / "M1.json"
    path.write_bytes(content)
    with Store.open(store_dir) as store:
        with pytest.raises(StoreCorrupt, match=r"M1\.json"):
            store.load_meeting("2026-Q4", "M1")
        if content.startswith(b'{"meeting"'):
            # Valid JSON with a bad document: a save replaces the document (it is the user's own meeting).
            return
        with pytest.raises(StoreCorrupt, match=r"M1\.json"):
            store.save_meeting(make_meeting())  # a save must not paper over an unreadable file
    assert path.read_bytes() == content


@pytest.mark.parametrize("content", [b"", b"[", b'{"actions": {"1": {"id": "A1"}}}'])
def test_corrupt_actions_file_is_reported_and_left_alone(tmp_path: Path, content: bytes) -> None:
    store_dir, _ = _store_with_quarter_file(tmp_path)
    path = store_dir / "quarters" / "2026-Q4" / "actions.json"
    path.write_bytes(content)
    with Store.open(store_dir) as store:
        with pytest.raises(StoreCorrupt) as caught:
            store.actions("2026-Q4")
        assert str(path) in str(caught.value)
        if not content.startswith(b"{"):
            with pytest.raises(StoreCorrupt):
                store.save_actions("2026-Q4", [make_action("A9")])
    if not content.startswith(b"{"):
        assert path.read_bytes() == content


# --- backups -----------------------------------------------------------------------------------------------
def test_second_save_keeps_previous_version_as_bak(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    with Store.open(store_dir) as store:
        store.save_quarter(make_quarter(name="version one"))
        store.save_quarter(make_quarter(name="version two"), replace=True)
        first, second = make_meeting(reviews=1), make_meeting(reviews=2)
        store.save_meeting(first)
        store.save_meeting(second)
    qdir = store_dir / "quarters" / "2026-Q4"
    bak = json.loads((qdir / "quarter.json.bak").read_bytes())
    current = json.loads((qdir / "quarter.json").read_bytes())
    assert Quarter.model_validate(bak["quarter"]["1"]).name == "version one"
    assert Quarter.model_validate(current["quarter"]["1"]).name == "version two"
    assert Meeting.model_validate(json.loads((qdir / "meetings" / "M1.json.bak").read_bytes())["meeting"]["1"]) == first
    index_bak = json.loads((store_dir / "index.json.bak").read_bytes())
    assert [r["name"] for r in index_bak["quarters"].values()] == ["version two"]
    assert not (qdir / "quarter.json.bak").samefile(qdir / "quarter.json")
    assert not [p for p in store_dir.rglob("*") if p.name.endswith((".tmp", ".baktmp"))]  # no litter


# --- the lock ---------------------------------------------------------------------------------------------
LOCKED_CHILD = """
import sys
from reviewtui.store import Store, StoreLocked
try:
    Store.open(sys.argv[1])
except StoreLocked as error:
    print(error, file=sys.stderr)
    sys.exit(3)
print("opened a store that was held")
"""

HOLDER_CHILD = """
import sys, time
from reviewtui.store import Store
store = Store.open(sys.argv[1])
print("ready", flush=True)
time.sleep(60)
"""


def test_second_process_is_refused_with_holder_pid(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    with Store.open(store_dir):
        result = subprocess.run([sys.executable, "-c", LOCKED_CHILD, str(store_dir)], capture_output=True,
                                text=True, timeout=60, env=child_env())
        assert result.returncode == 3, result.stdout + result.stderr
        assert f"process {os.getpid()} " in result.stderr
        assert str(store_dir) in result.stderr
        # In this process too, a second open is refused.
        with pytest.raises(StoreLocked, match=f"process {os.getpid()} "):
            Store.open(store_dir)
    assert not (store_dir / ".lock.holder").exists()  # closing says nobody holds it
    with Store.open(store_dir) as again:  # and the lock was really released
        assert again.quarters() == []


def test_lock_of_killed_holder_is_free_immediately(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    child = subprocess.Popen([sys.executable, "-c", HOLDER_CHILD, str(store_dir)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=child_env())
    try:
        assert child.stdout.readline() == b"ready\n", child.stderr.read()
        holder = json.loads((store_dir / ".lock.holder").read_text())
        assert holder["pid"] == child.pid
        with pytest.raises(StoreLocked, match=f"process {child.pid} "):
            Store.open(store_dir)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    with Store.open(store_dir) as store:  # no manual cleanup of .lock or .lock.holder
        assert json.loads((store_dir / ".lock.holder").read_text())["pid"] == os.getpid()
        assert store.quarters() == []


# --- SIGKILL during saves -----------------------------------------------------------------------------------
SAVING_CHILD = """
import sys
from datetime import datetime, timezone
from reviewtui.store import Store, StoreCorrupt
from reviewtui.domain.models import KRReview, Meeting, MeetingKind, Quarter

store = Store.open(sys.argv[1])
if store.has_quarter("Q"):
    quarter = store.load_quarter("Q")
    meeting = store.load_meeting("Q", "M1")
    n = int(meeting.reviews[0].value)
else:
    quarter = Quarter.model_validate({"quarter": "Q", "name": "run 0", "start": "2026-10-01", "end": "2026-12-31",
        "objectives": [{"id": f"O{o}", "title": "Objective", "owner": "Ana Ruiz", "key_results": [
            {"id": f"O{o}-KR{k}", "title": "Key result", "owner": "Bo Chen", "unit": "%",
             "baseline": 0.0, "target": 100.0, "current": 1.0} for k in range(10)]} for o in range(4)]})
    meeting = Meeting(id="M1", quarter_id="Q", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
        attendees=["Ana Ruiz", "Counter 0"], started_at=datetime(2026, 11, 2, 9, tzinfo=timezone.utc),
        reviews=[KRReview(kr_id=kr.id, value=0.0, evidence="evidence " * 20) for kr in quarter.key_results])
    store.save_quarter(quarter)
    n = 0
while True:
    n += 1
    meeting.reviews[0].value = float(n)
    meeting.attendees = ["Ana Ruiz", f"Counter {n}"]
    store.save_meeting(meeting)
    quarter.name = f"run {n}"
    store.save_quarter(quarter, replace=True)
    print(f"saved {n}", flush=True)
"""

KILL_ROUNDS = 50


def _stored_counters(store_dir: Path) -> tuple[int, int, int]:
    """(meeting counter, quarter counter, index's quarter counter) read by a fresh Store."""
    with Store.open(store_dir) as store:
        meeting = store.load_meeting("Q", "M1")
        quarter = store.load_quarter("Q")
        summaries = store.quarters()
        assert [m.id for m in store.meetings()] == ["M1"]
    assert len(summaries) == 1
    counter = int(meeting.reviews[0].value)
    assert meeting.attendees == ["Ana Ruiz", f"Counter {counter}"]  # one save's data, not a mix
    assert all(r.value == 0.0 for r in meeting.reviews[1:]) and len(meeting.reviews) == 40
    return counter, int(quarter.name.split()[1]), int(summaries[0].name.split()[1])


def test_sigkill_during_saves_never_loses_a_confirmed_save(tmp_path: Path) -> None:
    store_dir = tmp_path / "killed"
    rng = random.Random(20261122)
    stored = 0
    tmp_files_seen = 0
    for round_no in range(KILL_ROUNDS):
        child = subprocess.Popen([sys.executable, "-c", SAVING_CHILD, str(store_dir)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=child_env())
        try:
            first = child.stdout.readline()
            assert first.startswith(b"saved "), f"round {round_no}: child failed: {child.stderr.read()!r}"
            time.sleep(rng.uniform(0, 0.030))
            os.kill(child.pid, signal.SIGKILL)
            assert child.wait(timeout=30) == -signal.SIGKILL
            output = first + child.stdout.read()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()
        confirmed = [int(line.split()[1]) for line in output.split(b"\n")[:-1]]  # complete lines only
        assert confirmed == list(range(stored + 1, stored + 1 + len(confirmed)))  # continued from the stored state
        last = confirmed[-1]

        if round_no == 0:  # leftovers of an interrupted write must never be read as the real file
            for directory in (store_dir, store_dir / "quarters" / "Q", store_dir / "quarters" / "Q" / "meetings"):
                for name in ("index.json", "quarter.json", "M1.json"):
                    (directory / f".{name}.1.tmp").write_bytes(b"{half a wri")
        tmp_files = list(store_dir.rglob(".*.tmp"))
        tmp_files_seen = max(tmp_files_seen, len(tmp_files))

        meeting_n, quarter_n, index_n = _stored_counters(store_dir)
        assert meeting_n in (last, last + 1), f"round {round_no}: confirmed {last}, stored {meeting_n}"
        assert quarter_n in (last, last + 1) and quarter_n <= meeting_n <= quarter_n + 1
        assert index_n in (last, last + 1) and index_n <= quarter_n
        stored = meeting_n
    assert tmp_files_seen >= 9  # the planted ones were there while loading
    assert stored >= KILL_ROUNDS


# --- a crash right after each single file write ------------------------------------------------------------
CRASH_CHILD = """
import os, sys
from datetime import date, datetime, timezone
import reviewtui.store.repository as repository
import reviewtui.store.storage as storage
from reviewtui.store import Store
from reviewtui.domain.models import ActionItem, KRReview, Meeting, MeetingKind, Quarter

crash_at, writes = int(sys.argv[2]), 0
real_write = storage.atomic_write

def write_then_maybe_die(path, payload, **options):
    global writes
    real_write(path, payload, **options)
    writes += 1
    if writes == crash_at:
        os._exit(9)  # the process is gone: no cleanup, no close, no lock release by Python

storage.atomic_write = repository.atomic_write = write_then_maybe_die  # every module that writes data

def done(step):
    print(step, flush=True)

quarter = Quarter.model_validate({"quarter": "Q", "name": "first", "start": "2026-10-01", "end": "2026-12-31",
    "objectives": [{"id": "O1", "title": "Objective", "owner": "Ana Ruiz", "key_results": [
        {"id": "K1", "title": "Key result", "owner": "Bo Chen", "unit": "%", "baseline": 0.0, "target": 10.0}]}]})
meeting = Meeting(id="M1", quarter_id="Q", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
                  started_at=datetime(2026, 11, 2, 9, tzinfo=timezone.utc))
store = Store.open(sys.argv[1]); done("open")
store.save_quarter(quarter); done("quarter")
store.save_meeting(meeting); done("meeting")
meeting.reviews = [KRReview(kr_id="K1", value=4.0)]
store.save_meeting(meeting); done("review")
store.save_actions("Q", [ActionItem(id="A1", kr_id="K1", text="Call", owner="Bo Chen", due=date(2026, 11, 9),
                                    opened_in="M1")]); done("actions")
quarter.name = "renamed"
store.save_quarter(quarter, replace=True); done("renamed")
store.close()
print(f"writes {writes}", flush=True)
"""

def _crash_after_write(store_dir: Path, crash_at: int) -> tuple[list[str], int]:
    result = subprocess.run([sys.executable, "-c", CRASH_CHILD, str(store_dir), str(crash_at)],
                            capture_output=True, text=True, timeout=60, env=child_env())
    assert result.returncode in (0, 9), result.stderr
    return result.stdout.split(), result.returncode


def test_crash_after_any_write_leaves_an_openable_consistent_store(tmp_path: Path) -> None:
    steps, code = _crash_after_write(tmp_path / "counting", 10**6)  # the writes are counted from the code
    assert code == 0 and steps[:6] == ["open", "quarter", "meeting", "review", "actions", "renamed"]
    writes = int(steps[-1])
    assert writes >= 6
    for crash_at in range(1, writes + 1):
        store_dir = tmp_path / f"s{crash_at}"
        steps, code = _crash_after_write(store_dir, crash_at)
        assert code == 9
        with Store.open(store_dir) as store:
            listed = store.quarters()
            for summary in listed:  # whatever the index lists loads
                store.load_quarter(summary.id)
                store.actions(summary.id)
            for summary in store.meetings():
                store.load_meeting(summary.quarter_id, summary.id)
            # What the child confirmed before dying is there.
            if "quarter" in steps:
                assert [q.id for q in listed] == ["Q"]
            if "meeting" in steps:
                assert [m.id for m in store.meetings("Q")] == ["M1"]
            if "review" in steps:
                assert len(store.load_meeting("Q", "M1").reviews) == 1
            if "actions" in steps:
                assert [a.id for a in store.actions("Q")] == ["A1"]
            if "renamed" in steps:
                assert store.load_quarter("Q").name == "renamed" and listed[0].name == "renamed"


# --- bugs found by these tests, fixed: kept as regression tests ---------------------------------------------
def test_meeting_summary_follows_the_meeting(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as store:
        store.save_quarter(make_quarter())
        meeting = make_meeting(reviews=0)
        store.save_meeting(meeting)
        meeting.reviews = make_meeting(reviews=3).reviews
        meeting.facilitator = "Bo Chen"
        store.save_meeting(meeting)
        summary = store.meetings("2026-Q4")[0]
    assert (summary.reviews, summary.facilitator) == (3, "Bo Chen")


def test_safe_child_refuses_trailing_newline(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        safe_child(tmp_path, "abc\n", ".json")


def test_identifier_refuses_trailing_newline() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        make_meeting("M1\n")


@pytest.mark.parametrize(("relative", "content", "call"), [
    ("quarters/2026-Q4/quarter.json", b'{"quarter": {"1": 5}}', lambda s: s.load_quarter("2026-Q4")),
    ("quarters/2026-Q4/meetings/M1.json", b'{"meeting": {"1": [1]}}', lambda s: s.load_meeting("2026-Q4", "M1")),
    ("quarters/2026-Q4/meetings/M1.json", b'{"meeting": {"1": [1]}}', lambda s: s.save_meeting(make_meeting())),
    ("quarters/2026-Q4/actions.json", b'{"actions": {"1": 5}}', lambda s: s.actions("2026-Q4")),
], ids=["load_quarter", "load_meeting", "save_meeting", "actions"])
def test_non_object_document_is_reported_as_corrupt(tmp_path: Path, relative: str, content: bytes, call) -> None:
    store_dir, _ = _store_with_quarter_file(tmp_path)
    path = store_dir / relative
    path.write_bytes(content)
    try:
        with Store.open(store_dir) as store, pytest.raises(StoreCorrupt, match=str(path)):
            call(store)
    finally:
        assert path.read_bytes() == content  # never overwritten


def test_an_index_row_written_by_an_older_reviewtui_is_rebuilt_from_its_file(tmp_path: Path) -> None:
    quarter = make_quarter()
    with Store.open(tmp_path / "s") as store:
        store.save_quarter(quarter)
    index = tmp_path / "s" / "index.json"
    data = json.loads(index.read_text())
    row = data["quarters"]["1"]
    old_row = {key: row[key] for key in ("id", "name", "start", "end", "objectives", "key_results")}
    data["quarters"]["1"] = {**old_row, "progress": [progress(kr) for kr in quarter.key_results]}  # version 1
    index.write_text(json.dumps(data))
    with Store.open(tmp_path / "s") as store:
        summary = store.quarters()[0]
    assert [line.id for line in summary.krs] == [kr.id for kr in quarter.key_results]
    assert summary.findings == tuple(check_quarter(quarter))
    rewritten = json.loads(index.read_text())["quarters"]["1"]
    assert "progress" not in rewritten and rewritten["summary_version"] == SUMMARY_VERSION


@pytest.mark.speed_guard
def test_listing_quarters_and_meetings_does_not_load_the_models(tmp_path: Path) -> None:
    """The home screen is drawn from the index: opening the store and listing must not import pydantic."""
    with Store.open(tmp_path / "s") as store:
        store.save_quarter(make_quarter())
    script = (
        "import sys\n"
        "import reviewtui.app\n"
        "from reviewtui.store import Store\n"
        f"with Store.open({str(tmp_path / 's')!r}, create=False) as store:\n"
        "    assert store.quarters()[0].krs and store.meetings() == []\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' or m == 'reviewtui.domain.models'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=child_env(),
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
