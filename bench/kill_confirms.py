"""200 random kill -9 during confirms: the store must show the draft as it was or the whole record, never a mix.

Run by hand from the repository root: python bench/kill_confirms.py [ROUNDS]
Each round copies a store holding a draft ready to confirm, starts a process that confirms it, kills it
with SIGKILL at a random moment around the confirm, opens the store (which rolls a confirmed record
forward) and checks the all-or-nothing property with the same checks as tests/test_store_commit.py.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewtui.domain.models import MeetingState
from reviewtui.store import Store
from tests.test_store import child_env
from tests.test_store_commit import (
    assert_confirmed_with_every_effect, assert_draft_untouched, seed_draft,
)

CHILD = """
import sys
from datetime import datetime, timezone
from reviewtui.store import Store
from reviewtui.session import MeetingSession
store = Store.open(sys.argv[1])
session = MeetingSession.resume(store, "Q", "M1")
print("ready", flush=True)
sys.stdin.readline()
session.finish(datetime(2026, 11, 9, 10, 15, tzinfo=timezone.utc))
print("confirmed", flush=True)
store.close()
"""


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rng = random.Random(20261130)
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as scratch:
        seeded = Path(scratch) / "seeded"
        seed_draft(seeded)
        started = time.perf_counter()
        for round_no in range(rounds):
            store_dir = Path(scratch) / f"round-{round_no}"
            shutil.copytree(seeded, store_dir)
            child = subprocess.Popen([sys.executable, "-c", CHILD, str(store_dir)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
            assert child.stdout is not None and child.stdin is not None
            assert child.stdout.readline() == b"ready\n", child.stderr.read() if child.stderr else b""
            child.stdin.write(b"go\n")
            child.stdin.flush()
            time.sleep(rng.uniform(0, 0.004))  # a confirm takes a few milliseconds here
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            said_confirmed = b"confirmed" in child.stdout.read()
            for stream in (child.stdout, child.stdin, child.stderr):
                if stream is not None:
                    stream.close()
            index = json.loads((store_dir / "index.json").read_text())
            listed_final = any(row["id"] == "M1" and row["state"] == "final" for row in index["meetings"].values())
            with Store.open(store_dir) as store:
                if store.load_meeting("Q", "M1").state is MeetingState.FINAL:
                    outcomes["rolled forward at open"] += not listed_final
                    assert_confirmed_with_every_effect(store, store_dir)
                    outcomes["final"] += 1
                else:
                    assert not said_confirmed, f"round {round_no}: a confirm that returned was lost"
                    assert_draft_untouched(store)
                    outcomes["draft"] += 1
            shutil.rmtree(store_dir)
        elapsed = time.perf_counter() - started
    print(f"{rounds} kills during confirms in {elapsed:.0f} s: {outcomes['draft']} left the draft as it was, "
          f"{outcomes['final']} the whole record ({outcomes['rolled forward at open']} of them completed when the "
          "store next opened); 0 torn")


if __name__ == "__main__":
    main()
