"""All or nothing: a crash after any single write of a confirm, an import or a --replace never tears the store.

The number of writes is counted from the code (a run without a crash), so a write added later is covered.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reviewtui.domain.models import (
    ActionItem, ActionStatus, ActionUpdate, Decision, DecisionKind, KRReview, Meeting, MeetingKind, MeetingState,
    Quarter,
)
from reviewtui.store import Store
from reviewtui.store.repository import ConfirmedRecord
from tests.test_store import child_env

CONFIRMED_AT = datetime(2026, 11, 9, 10, 15, tzinfo=UTC)

# Installed in every child: count each file replaced (backups aside) and die right after the Nth.
CRASH_HOOK = """
import os, sys
_crash_at, _writes = int(os.environ["CRASH_AT"]), 0
_real_replace = os.replace
def _replace_then_maybe_die(src, dst, *args, **kwargs):
    global _writes
    _real_replace(src, dst, *args, **kwargs)
    if not str(dst).endswith(".bak"):
        _writes += 1
        if _writes == _crash_at:
            os._exit(9)  # gone at once: no cleanup, no close, no lock release by Python
os.replace = _replace_then_maybe_die
def _report():
    print(f"writes {_writes}", flush=True)
"""

CONFIRM_CHILD = CRASH_HOOK + """
from datetime import datetime, timezone
from reviewtui.store import Store
from reviewtui.session import MeetingSession
store = Store.open(sys.argv[1])
session = MeetingSession.resume(store, "Q", "M1")
session.finish(datetime(2026, 11, 9, 10, 15, tzinfo=timezone.utc))
store.close()
_report()
"""

IMPORT_CHILD = CRASH_HOOK + """
from reviewtui.cli import main
code = main(sys.argv[1:])
_report()
sys.exit(code)
"""


def quarter_doc(name: str = "first") -> dict:
    return {"quarter": "Q", "name": name, "start": "2026-10-01", "end": "2026-12-31",
            "objectives": [{"id": "O1", "title": "Objective", "owner": "Ana Ruiz", "key_results": [
                {"id": "K1", "title": "Signed customers", "owner": "Bo Chen", "unit": "customers",
                 "baseline": 0.0, "target": 10.0, "current": 1.0, "evidence_source": "CRM"},
                {"id": "K2", "title": "Uptime", "owner": "Bo Chen", "unit": "%",
                 "baseline": 90.0, "target": 99.0, "current": 95.0, "evidence_source": "status page"}]}]}


def decided(kr_id: str, value: float, action: ActionItem | None = None) -> KRReview:
    return KRReview(kr_id=kr_id, value=value, evidence=f"CRM report shows {value}",
                    decision=Decision(kind=DecisionKind.CONTINUE, note="on pace, numbers in the CRM report",
                                      decided_by="Ana Ruiz", at=datetime(2026, 11, 9, 10, tzinfo=UTC)),
                    next_action=action)


def seed_draft(store_dir: Path) -> None:
    """A quarter with an open action A1 from an earlier meeting M0, and a draft M1 ready to confirm."""
    earlier = ActionItem(id="A1", kr_id="K1", text="Call the vendor", owner="Bo Chen", due=date(2026, 11, 6),
                         opened_in="M0")
    new = ActionItem(id="A2", kr_id="K1", text="Send the offer", owner="Bo Chen", due=date(2026, 11, 16),
                     opened_in="M1")
    with Store.open(store_dir) as store:
        store.save_quarter(Quarter.model_validate(quarter_doc()))
        store.save_meeting(Meeting(id="M0", quarter_id="Q", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
                                   started_at=datetime(2026, 11, 2, 10, tzinfo=UTC), state=MeetingState.FINAL,
                                   ended_at=datetime(2026, 11, 2, 10, 30, tzinfo=UTC), agenda=["K1"],
                                   reviews=[decided("K1", 1.0, earlier)]))
        store.save_actions("Q", [earlier])  # a record brought in whole: its actions come with it, as in the demo
        store.save_meeting(Meeting(id="M1", quarter_id="Q", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
                                   started_at=datetime(2026, 11, 9, 10, tzinfo=UTC), agenda=["K1", "K2"],
                                   position=1, reviews=[decided("K1", 4.0, new), decided("K2", 97.5)],
                                   action_updates=[ActionUpdate(action_id="A1", status=ActionStatus.DONE)]))


def run_child(script: str, crash_at: int, *args: str) -> tuple[int, int | None]:
    env = {**child_env(), "CRASH_AT": str(crash_at)}
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120,
                            env=env)
    assert result.returncode in (0, 9), result.stderr
    writes = [int(line.split()[1]) for line in result.stdout.splitlines() if line.startswith("writes ")]
    return result.returncode, (writes[0] if writes else None)


def count_writes(script: str, *args: str) -> int:
    code, writes = run_child(script, 10**6, *args)
    assert code == 0 and writes is not None
    return writes


def index_on_disk(store_dir: Path) -> dict:
    return json.loads((store_dir / "index.json").read_text())


def assert_draft_untouched(store: Store) -> None:
    meeting = store.load_meeting("Q", "M1")
    assert meeting.state is MeetingState.DRAFT and meeting.ended_at is None
    assert [d.id for d in store.drafts()] == ["M1"]
    quarter = store.load_quarter("Q")
    assert [kr.current for kr in quarter.key_results] == [1.0, 95.0]
    assert all(not kr.history for kr in quarter.key_results)
    assert {a.id: a.status for a in store.actions("Q")} == {"A1": ActionStatus.OPEN}


def assert_confirmed_with_every_effect(store: Store, store_dir: Path) -> None:
    meeting = store.load_meeting("Q", "M1")
    assert meeting.state is MeetingState.FINAL and meeting.ended_at == CONFIRMED_AT
    assert store.drafts() == []  # never offered for resume
    assert {m.id: m.state for m in store.meetings("Q")} == {"M0": MeetingState.FINAL, "M1": MeetingState.FINAL}
    quarter = store.load_quarter("Q")
    assert [kr.current for kr in quarter.key_results] == [4.0, 97.5]
    assert [[(p.date, p.value) for p in kr.history] for kr in quarter.key_results] == [
        [(date(2026, 11, 9), 4.0)], [(date(2026, 11, 9), 97.5)]]
    actions = {a.id: a for a in store.actions("Q")}
    assert (actions["A1"].status, actions["A1"].closed_in) == (ActionStatus.DONE, "M1")
    assert (actions["A2"].status, actions["A2"].opened_in) == (ActionStatus.OPEN, "M1")
    assert [line.current for line in store.quarters()[0].krs] == [4.0, 97.5]  # the index agrees
    rows = {row["id"]: row["state"] for row in index_on_disk(store_dir)["meetings"].values()}
    assert rows == {"M0": "final", "M1": "final"}  # and says so on disk, not only in memory
    with pytest.raises(ConfirmedRecord):
        store.save_meeting(meeting.model_copy(update={"state": MeetingState.DRAFT}))


def test_a_crash_after_any_write_of_a_confirm_shows_the_draft_or_the_whole_record(tmp_path: Path) -> None:
    seeded = tmp_path / "seeded"
    seed_draft(seeded)
    counting = tmp_path / "counting"
    shutil.copytree(seeded, counting)
    writes = count_writes(CONFIRM_CHILD, str(counting))
    assert writes >= 4  # the lock note, the record, the actions, the quarter, the index
    outcomes = []
    for crash_at in range(1, writes + 1):
        store_dir = tmp_path / f"crash-{crash_at}"
        shutil.copytree(seeded, store_dir)
        code, _ = run_child(CONFIRM_CHILD, crash_at, str(store_dir))
        assert code == 9
        with Store.open(store_dir) as store:
            if store.load_meeting("Q", "M1").state is MeetingState.FINAL:
                assert_confirmed_with_every_effect(store, store_dir)
                outcomes.append("final")
            else:
                assert_draft_untouched(store)
                outcomes.append("draft")
        with Store.open(store_dir) as store:  # and the same again: rolling forward twice changes nothing
            if outcomes[-1] == "final":
                assert_confirmed_with_every_effect(store, store_dir)
    # Before the commit point the draft stands, from it on the whole record: one switch, never back.
    assert outcomes == sorted(outcomes, key=lambda o: o == "final")
    assert "draft" in outcomes and "final" in outcomes


def test_the_app_never_offers_to_resume_a_meeting_confirmed_before_a_crash(tmp_path: Path) -> None:
    seeded = tmp_path / "seeded"
    seed_draft(seeded)
    for crash_at in range(1, 10):  # die right after the record is written: the first write that makes it final
        store_dir = tmp_path / f"crashed-{crash_at}"
        shutil.copytree(seeded, store_dir)
        code, _ = run_child(CONFIRM_CHILD, crash_at, str(store_dir))
        assert code == 9
        if json.loads((store_dir / "quarters/Q/meetings/M1.json").read_text())["meeting"]["1"].get("state"):
            break
    rows = {row["id"]: row["state"] for row in index_on_disk(store_dir)["meetings"].values()}
    assert rows["M1"] == "draft"  # the index still says draft on disk: the open below must know better
    with Store.open(store_dir) as store:
        assert store.drafts() == []
        assert store.load_quarter("Q").key_results[0].current == 4.0


@pytest.mark.parametrize("replace", [False, True], ids=["import", "replace"])
def test_a_crash_after_any_write_of_an_import_leaves_the_old_quarter_or_the_new_one(
        tmp_path: Path, replace: bool) -> None:
    seeded = tmp_path / "seeded"
    if replace:
        with Store.open(seeded) as store:
            store.save_quarter(Quarter.model_validate(quarter_doc("old")))
    else:
        seeded.mkdir()
    source = tmp_path / "q.json"
    source.write_text(json.dumps(quarter_doc("new")))
    args = ["import", str(source), *(["--replace"] if replace else [])]
    counting = tmp_path / "counting"
    shutil.copytree(seeded, counting)
    writes = count_writes(IMPORT_CHILD, *args, "--store", str(counting))
    assert writes >= 2
    for crash_at in range(1, writes + 1):
        store_dir = tmp_path / f"crash-{crash_at}"
        shutil.copytree(seeded, store_dir)
        code, _ = run_child(IMPORT_CHILD, crash_at, *args, "--store", str(store_dir))
        assert code == 9
        with Store.open(store_dir) as store:
            listed = store.quarters()
            if not listed:
                assert not replace
                continue
            assert [q.id for q in listed] == ["Q"]
            loaded = store.load_quarter("Q")
            assert listed[0].name == loaded.name in ({"old", "new"} if replace else {"new"})  # index and file agree
