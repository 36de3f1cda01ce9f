"""Following a meeting from another process: poll the store without the lock and turn it into view data.

The facilitator's draft is on disk within a quarter second of a keystroke. A follower looks at the draft's
size and modification time every POLL_S (a stat, nothing read), and reads the meeting again only when it
changed; the index is looked at the same way, to see a meeting start, end or be discarded. Nothing is written.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from reviewtui.domain.meeting_kinds import KIND_LABEL, FormField
from reviewtui.domain.models import DecisionKind, KRReview, MeetingKind, MeetingState
from reviewtui.domain.review_rules import DECISION_LABEL
from reviewtui.export.document import Document
from reviewtui.format import duration, status_label
from reviewtui.session import MeetingSession
from reviewtui.store.signals import Signal, SignalsTo, write_signal
from reviewtui.store import Store, StoreError
from reviewtui.store.repository import file_stamp
from reviewtui.widgets.agenda import AgendaItem
from reviewtui.widgets.kr_card import CardData
from reviewtui.widgets.kr_table import value_against_target
from reviewtui.widgets.presenter import PresenterData
from reviewtui.widgets.review_form import QUESTIONS, VERDICTS

HOLDER_EVERY_S = 2.0  # how often a follower checks that the facilitator's process is still there
POLL_S = 0.1  # how often the draft's stamp is looked at (two stats): a change is on screen well within a second
Now = Callable[[], datetime]
Clock = Callable[[], float]  # monotonic seconds: when the holder was last looked at


class Stage(StrEnum):
    """What a follower is showing."""

    WAITING = "waiting"  # no meeting running
    REVIEW = "review"  # a KR under review
    SUMMARY = "summary"  # every KR decided: the summary, before the record is written
    RECORD = "record"  # the record is written


def gate_text(missing: list[str]) -> str:
    """The gate line, as the review screen shows it."""
    return ("✗ To move on, log: " + "; ".join(missing)) if missing else "✓ Decision logged: ctrl+n moves on"


_TIME_SPENT = re.compile(r'"time_spent_s": *[-+0-9.eE]+')  # what the facilitator's tick changes


@dataclass(frozen=True)
class FollowView:
    """Everything a follower shows at one moment; the screen draws it without knowing the store."""

    stage: Stage
    message: str = ""  # waiting: why, and what it waits for
    title: str = "reviewtui follow"
    sub_title: str = ""
    card: CardData | None = None
    fields: tuple[tuple[str, str], ...] = ()  # (caption, what the facilitator typed)
    gate: str = ""
    gate_missing: bool = False
    timed: bool = True
    timebox_s: int = 180
    spent_s: float = 0.0
    meeting_note: str = ""
    agenda: tuple[AgendaItem, ...] = ()
    agenda_footer: str = ""
    presenter: PresenterData | None = None  # the presenter view of the KR under review
    document: Document | None = None  # summary or record
    saved_at: datetime | None = None
    live: bool = False  # a process holds the store (the facilitator's reviewtui is running)
    signals_to: SignalsTo | None = None  # the meeting under review: what an attendee's signal is about
    problems: tuple[str, ...] = field(default=())

    @property
    def meeting_id(self) -> str:
        """The id of the meeting under review ('' when none is)."""
        return self.signals_to.meeting_id if self.signals_to is not None else ""


def status_line(view: FollowView) -> tuple[str, bool]:
    """The line over a follower's view, and whether it is a warning: live, or the facilitator has gone."""
    if view.stage is Stage.WAITING:
        return "Following: read-only, nothing you press changes the meeting", False
    if view.live or view.stage is Stage.RECORD:
        # No time of the last save here: it changes every second, and a changed line costs a relayout.
        return "Following live, read-only · p: presenter view", False
    saved = f"last save {view.saved_at:%H:%M:%S}" if view.saved_at else "not saved yet"
    return (f"▲ The facilitator's reviewtui is not running ({saved}): the clock is stopped, waiting for the "
            "meeting to be resumed"), True


def with_time_spent(view: FollowView, spent_s: float) -> FollowView:
    """The view with the KR's time spent moved on: the countdown and the presenter's big clock alike."""
    presenter = replace(view.presenter, spent_s=spent_s) if view.presenter is not None else None
    return replace(view, spent_s=spent_s, presenter=presenter)


def review_fields(session: MeetingSession, review: KRReview, today: date) -> tuple[tuple[str, str], ...]:
    """The form's fields for one KR as the facilitator typed them (what did not read yet, as typed); an open
    action due before today is marked '▲ overdue', as on the facilitator's form."""
    asks, unread, kr = session.profile.fields, review.unread, session.key_result(review.kr_id)
    rows: list[tuple[str, str]] = []
    for action in session.open_actions(review.kr_id):  # earlier actions, as the facilitator marks them
        verdict = next(label for label, status in VERDICTS if status is session.action_verdict(action.id))
        overdue = "  ▲ overdue" if action.due < today else ""  # a word, not a colour
        rows.append((f"Action {action.id}", f"{action.text} ({action.owner}, due {action.due}){overdue}: {verdict}"))
    if FormField.VALUE in asks:
        value = unread.get("value", "·" if review.value is None else f"{review.value:g} {kr.unit}")
        confidence = f"   confidence {status_label(review.confidence)}" \
            if FormField.CONFIDENCE in asks and review.confidence is not None else ""
        rows.append(("Value", value + confidence))
    if FormField.EVIDENCE in asks:
        rows.append(("Evidence", review.evidence))
    if FormField.BLOCKER in asks:
        rows.append(("Blocker", review.blocker + ("   [x] ESCALATE" if review.escalate else "")))
    for question, (caption, _) in QUESTIONS.items():
        if question in asks:
            rows.append((caption, getattr(review, question.value)))
    if FormField.NEXT_ACTION in asks:
        next_action = review.next_action
        text = unread.get("action_text", next_action.text if next_action else "")
        owner = unread.get("action_owner", next_action.owner if next_action else "")
        due = unread.get("action_due", next_action.due.isoformat() if next_action else "")
        rows.append(("Next", text + (f"   owner {owner}" if owner and text else "") + (f", due {due}" if due and text
                                                                                     else "")))
    decision = review.decision
    if decision is None:
        rows.append(("Decision", ""))
    else:
        chosen = DECISION_LABEL[decision.kind]
        revisit = unread.get("revisit", decision.revisit_on.isoformat() if decision.revisit_on else "")
        if decision.kind is DecisionKind.DEFER:
            chosen += f"   revisit {revisit or '(not set)'}"
        if decision.kind is DecisionKind.ADJUST_TARGET:
            target = unread.get("new_target", f"{decision.new_target:g}" if decision.new_target is not None else "")
            chosen += f"   new target {target or '(not set)'}"
        rows.append(("Decision", chosen))
        rows.append(("Why", decision.note))
    return tuple(rows)


def presenter_data(session: MeetingSession) -> PresenterData:
    """The KR under review as the presenter view shows it: with the value typed so far, and its status then."""
    kr, review = session.kr, session.review
    typed = kr if review.value is None else kr.model_copy(update={"current": review.value})
    missing = session.missing()
    return PresenterData(kr.id, kr.title, kr.owner, value_against_target(typed),
                         session.suggested_status(kr.id, review.value), session.meeting.timed, review.timebox_s,
                         review.time_spent_s, gate_text(missing), bool(missing))


def agenda_items(session: MeetingSession) -> tuple[AgendaItem, ...]:
    """The agenda as the review screen shows it: ▶ now, ✓ decided, ↷ deferred, · to do."""
    items = []
    for index, kr_id in enumerate(session.meeting.agenda):
        review = session.review_of(kr_id)
        deferred = review.decision is not None and review.decision.kind is DecisionKind.DEFER
        overrun = session.meeting.timed and review.time_spent_s > review.timebox_s
        items.append(AgendaItem(kr_id, session.key_result(kr_id).title, session.is_decided(kr_id), deferred,
                                index == session.position, overrun))
    return tuple(items)


def agenda_footer(session: MeetingSession, now: datetime) -> str:
    """The line over the agenda: the hard stop's budget, the time spent, or the projected end."""
    meeting = session.meeting
    if meeting.hard_stop_s is not None:
        return f"{duration(session.time_used_s())} used of {duration(meeting.hard_stop_s)}: hard stop"
    if not meeting.timed:
        return f"{duration(session.time_used_s())} spent so far (no timer)"
    return f"Projected end {session.projected_end(now):%H:%M} (planned {session.planned_end():%H:%M})"


class MeetingFollower:
    """Follows the meeting in progress in one store, read without the lock. poll() says what to show."""

    def __init__(self, directory: Path, now: Now, clock: Clock = time.monotonic) -> None:
        self.directory = directory
        self.now = now
        self.clock = clock
        self._store: Store | None = None
        self._session: MeetingSession | None = None
        self._index_stamp: list[int] | None = None
        self._meeting_stamp: list[int] | None = None
        self._meeting_path: Path | None = None  # the followed meeting's file, found once (polls only stat it)
        self._holder: tuple[float, bool] = (-math.inf, False)  # when it was last looked at, and the answer
        self._ended: str = ""  # why the last meeting followed is no longer shown (discarded)
        self._signals: dict[SignalsTo, Signal] = {}  # this attendee's signals, per meeting
        self._draft_key: str | None = None  # the draft as last read in full, without its times spent
        self.view = FollowView(Stage.WAITING, message=self._waiting_message())

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # --- polling ------------------------------------------------------------------------------------
    def poll(self) -> FollowView | None:
        """Look at the store; the new view when something changed, else None. Never raises a StoreError."""
        try:
            changed = self._poll()
        except StoreError as error:  # a file damaged or gone mid-meeting: said on screen, looked at again next poll
            self._index_stamp = self._meeting_stamp = None
            self.view = FollowView(Stage.WAITING, message=f"The store cannot be read just now: {error}")
            return self.view
        return self.view if changed else None

    def _poll(self) -> bool:
        index_stamp = file_stamp(self.directory / "index.json")
        if index_stamp != self._index_stamp:
            self._index_stamp = index_stamp
            return self._reopen()
        session = self._session
        if session is None or session.meeting.state is not MeetingState.DRAFT:
            return False
        changed = self._follow_draft(session)
        if self.view.stage in (Stage.REVIEW, Stage.SUMMARY):  # still a draft, the store open
            changed = self._look_for_facilitator() or changed
        return changed

    def _follow_draft(self, session: MeetingSession) -> bool:
        """Read the draft again when it changed: the time spent only, or all of it."""
        if self._meeting_path is None:
            self._meeting_path = self._require_store().meeting_file(session.meeting.quarter_id, session.meeting.id)
        meeting_stamp = file_stamp(self._meeting_path)
        if meeting_stamp == self._meeting_stamp:
            return False
        self._meeting_stamp = meeting_stamp
        spent = self._time_only(self._meeting_path, session.kr.id)
        if spent is not None:  # the facilitator's tick saved the time spent, nothing else: move the clock only
            if spent == self.view.spent_s:
                return False
            self.view = with_time_spent(self.view, spent)
            return True
        meeting = self._require_store().reread_meeting(session.meeting.quarter_id, session.meeting.id)
        if meeting.state is not MeetingState.DRAFT:  # confirmed or discarded: its index row follows; read it all
            return self._reopen()
        session.follow(meeting)  # the gate then names what the facilitator's form could not take, as theirs does
        self.view = self._review_view(session)
        return True

    # --- an attendee's signals (the one thing a follower writes: its own small file) ---------------------
    def my_signal(self, name: str) -> Signal:
        """This attendee's signals in the meeting followed (none raised at first)."""
        meeting = self.view.signals_to
        return self._signals.get(meeting, Signal(name)) if meeting is not None else Signal(name)

    def send_signal(self, name: str, *, hand: bool | None = None, escalate: str | None = None) -> Signal:
        """Raise or lower this attendee's hand, or toggle '+1 escalate' on a KR, in the meeting followed.

        Written to the attendee's own file (store/signals.py), never the meeting's; StoreError when it cannot
        be (no meeting under review, a read-only store, a full disk)."""
        meeting = self.view.signals_to
        if meeting is None or self.view.stage is not Stage.REVIEW:
            raise StoreError("no meeting is under review to signal to")
        current = self._signals.get(meeting, Signal(name))
        flags = set(current.escalate)
        if escalate is not None:
            flags ^= {escalate}
        signal = Signal(name, current.hand if hand is None else hand, tuple(sorted(flags)))
        write_signal(self.directory, meeting, signal)
        self._signals[meeting] = signal
        return signal

    def _look_for_facilitator(self) -> bool:
        """Every HOLDER_EVERY_S, whether the facilitator's process still holds the store; True when that changed.

        A facilitator who quit or was killed saves nothing more, so this is looked at on every poll, not only
        when the draft changed: the view then says so within seconds, and again when the meeting is resumed."""
        live = self._facilitator_live()
        if live == self.view.live:
            return False
        self.view = replace(self.view, live=live, saved_at=self._saved_at())
        return True

    def _facilitator_live(self) -> bool:
        looked, live = self._holder
        if self.clock() - looked >= HOLDER_EVERY_S:  # a file read and a signal: not on every poll
            live = self._require_store().holder() is not None
            self._holder = (self.clock(), live)
        return live

    def _saved_at(self) -> datetime | None:
        """When the followed meeting was last saved (its file's modification time)."""
        stamp = self._meeting_stamp
        return datetime.fromtimestamp(stamp[1] / 1e9).astimezone() if stamp else None

    def _time_only(self, path: Path, kr_id: str) -> float | None:
        """The KR's time spent when it is all that changed in the draft since it was last read in full (the
        facilitator saves it every second), else None: then the meeting is read and drawn again in full.

        Ten followers reading and validating the whole meeting every second cost the facilitator's machine
        more than the one number that changed is worth."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        key = _TIME_SPENT.sub("", text)
        if key != self._draft_key:
            self._draft_key = key
            return None
        try:
            reviews = next(iter(json.loads(text)["meeting"].values()))["reviews"]
            spent = next(r["time_spent_s"] for r in reviews if r["kr_id"] == kr_id)
        except (ValueError, KeyError, TypeError, StopIteration):
            self._draft_key = None
            return None
        return float(spent) if isinstance(spent, (int, float)) and not isinstance(spent, bool) else None

    def _require_store(self) -> Store:
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def _reopen(self) -> bool:
        """Read the store afresh: which meeting is running, or how the one followed ended."""
        self.close()
        self._meeting_path, self._holder = None, (-math.inf, False)
        if not (self.directory / "index.json").exists():
            self._session = None
            self.view = FollowView(Stage.WAITING, message=self._waiting_message("there is no store here yet"))
            return True
        store = self._store = Store.open_reader(self.directory)
        followed = self._session
        drafts = store.drafts()
        if drafts:
            draft = drafts[0]
            self._session = MeetingSession.resume(store, draft.quarter_id, draft.id)
            self._meeting_path = store.meeting_file(draft.quarter_id, draft.id)
            self._meeting_stamp = file_stamp(self._meeting_path)
            self._ended = ""
            self.view = self._review_view(self._session)
            return True
        self._session = None
        if followed is not None:
            state = next((m.state for m in store.meetings(followed.meeting.quarter_id)
                          if m.id == followed.meeting.id), None)
            if state is MeetingState.FINAL:
                self._session = MeetingSession.resume(store, followed.meeting.quarter_id, followed.meeting.id)
                self.view = self._record_view(self._session)
                return True
            self._ended = f"Meeting {followed.meeting.id} was discarded. "
        if self.view.stage is Stage.RECORD:  # the record stays on screen until the next meeting starts
            return False
        self.view = FollowView(Stage.WAITING, message=self._waiting_message())
        return True

    def _waiting_message(self, why: str = "") -> str:
        return (f"{self._ended}No meeting is running in {self.directory}{': ' + why if why else ''}. Waiting for one: "
                "it appears here as soon as the facilitator starts it (reviewtui review).")

    # --- view data ----------------------------------------------------------------------------------
    def _header(self, session: MeetingSession) -> tuple[str, datetime | None, bool]:
        """The title, when the meeting was last saved, and whether the facilitator's process is running."""
        return (f"{KIND_LABEL[session.meeting.kind].capitalize()} · {session.quarter.id}", self._saved_at(),
                self._facilitator_live())

    def _review_view(self, session: MeetingSession) -> FollowView:
        now = self.now()
        meeting, kr, review = session.meeting, session.kr, session.review
        objective = session.quarter.objective_of(kr.id)
        assert objective is not None
        missing = session.missing()
        undecided = session.undecided()
        note = (f"meeting {duration(session.time_used_s())} of {duration(meeting.hard_stop_s)}"
                if meeting.hard_stop_s is not None else "")
        retro = session.retro_facts(kr.id) if meeting.kind is MeetingKind.RETRO else None
        stage = Stage.SUMMARY if meeting.on_summary else Stage.REVIEW  # what the facilitator's screen shows
        title, saved_at, live = self._header(session)
        return FollowView(
            stage, title=title, saved_at=saved_at, live=live, signals_to=session.signals_to(),
            sub_title=f"KR {session.position + 1} of {len(meeting.agenda)}: {kr.id}" if stage is Stage.REVIEW else
            f"Summary: {len(meeting.agenda) - len(undecided)} of {len(meeting.agenda)} KRs decided",
            card=CardData(session.quarter, objective, kr, session.last_review(kr.id), session.last_held_on(kr.id),
                          now.date(), escalation=session.escalation_of(kr.id), retro=retro),
            fields=review_fields(session, review, now.date()), gate=gate_text(missing), gate_missing=bool(missing),
            timed=meeting.timed, timebox_s=review.timebox_s, spent_s=review.time_spent_s, meeting_note=note,
            agenda=agenda_items(session), agenda_footer=agenda_footer(session, now),
            presenter=presenter_data(session),
            document=_document(session) if stage is Stage.SUMMARY else None)

    def _record_view(self, session: MeetingSession) -> FollowView:
        ended = session.meeting.ended_at
        title, saved_at, live = self._header(session)
        return FollowView(Stage.RECORD, title=title, saved_at=saved_at, live=live,
                          sub_title=f"Record written{f' at {ended:%H:%M}' if ended else ''}: {session.meeting.id}",
                          document=_document(session))


def _document(session: MeetingSession) -> Document:
    from reviewtui.export.meeting import meeting_document

    return meeting_document(session.meeting, session.quarter, session.report())
