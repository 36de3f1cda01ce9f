"""A meeting in progress: the service the review screens call. Every change is written through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reviewtui.domain.models import (
    ActionItem, ActionStatus, ActionUpdate, Decision, DecisionKind, KeyResult, KRReview,
    Meeting, MeetingKind, MeetingState, Quarter, Status,
)
from reviewtui.domain.meeting_kinds import (
    AgendaRule, FormField, RaisedEscalation, escalations_since_leadership, missing_for_kind, needs_attention, profile,
)
from reviewtui.domain.enums import KRKind
from reviewtui.domain.progress import Standing, scale, standing, suggested_status
from reviewtui.domain.effects import apply_values
from reviewtui.domain.importing import format_path
from reviewtui.domain.review_entry import ReviewEntry, ValueCheck, parse_number, read_entry, unread_problems
from reviewtui.domain.retro import RetroFacts, missing_score, retro_facts
from reviewtui.domain.review_rules import AgendaOrder, build_agenda, gate_status, missing_for_decision
from reviewtui.domain.summary import MeetingReport, has_entry, summarize, was_discussed
from reviewtui.store import Store, StoreCorrupt
from reviewtui.store.signals import Signal, SignalsTo, folder_stamp, read_signals


@dataclass(frozen=True)
class MeetingPlan:
    """What the start screen collects."""

    quarter_id: str
    kind: MeetingKind
    facilitator: str
    attendees: list[str]
    timebox_s: int
    order: AgendaOrder
    owner: str | None = None
    timed: bool = True
    hard_stop_s: int | None = None


def final_meetings(store: Store, quarter_id: str, excluding: str | None = None) -> list[Meeting]:
    """The quarter's confirmed meeting records, oldest first."""
    return [store.load_meeting(quarter_id, m.id) for m in store.meetings(quarter_id)
            if m.state is MeetingState.FINAL and m.id != excluding]


def plan_agenda(store: Store, quarter: Quarter, plan: MeetingPlan, today: date) -> list[str]:
    """The KRs a planned meeting reviews, by its kind's rule: everything, what needs attention, or one owner's."""
    rule = profile(plan.kind).agenda
    if rule is AgendaRule.OWNER and plan.owner is None:
        return []
    only = None
    if rule is AgendaRule.ATTENTION:
        last = last_reviews(store, quarter.id)
        only = {kr.id for kr in quarter.key_results
                if needs_attention(kr, quarter, today, *last.get(kr.id, (None, None)))}
    first = None
    if plan.kind is MeetingKind.MONTHLY:
        first = [e.kr_id for e in escalations_since_leadership(final_meetings(store, quarter.id))]
    return build_agenda(quarter, today, plan.order, plan.owner, only=only, first=first)


def latest_reviews(meetings: list[Meeting]) -> dict[str, tuple[KRReview, date]]:
    """For each KR, the latest decided and discussed review among confirmed meetings, with the day it was held."""
    last: dict[str, tuple[KRReview, date]] = {}
    for meeting in sorted(meetings, key=lambda m: m.started_at):
        if meeting.state is MeetingState.FINAL:
            for review in meeting.reviews:
                if review.decision is not None and was_discussed(review):
                    last[review.kr_id] = (review, meeting.held_on)
    return last


def last_reviews(store: Store, quarter_id: str, excluding: str | None = None) -> dict[str, tuple[KRReview, date]]:
    """For each KR, the latest decided review in a confirmed meeting, with the day it was held."""
    return latest_reviews(final_meetings(store, quarter_id, excluding))


def misfit(quarter: Quarter, meeting: Meeting) -> str | None:
    """Why a saved meeting cannot be run against its quarter (a hand edit, a quarter replaced), or None."""
    known = {kr.id for kr in quarter.key_results}
    if len(known) != len(quarter.key_results):
        return f"its quarter {quarter.id} has two key results with the same id"
    unknown = [kr_id for kr_id in meeting.agenda if kr_id not in known]
    if unknown:
        return f"its agenda names key results its quarter does not have: {', '.join(unknown)}"
    reviewed = {review.kr_id for review in meeting.reviews}
    missing = [kr_id for kr_id in meeting.agenda if kr_id not in reviewed]
    if missing:
        return f"it has no review for {', '.join(missing)} on its agenda"
    if meeting.agenda and meeting.position >= len(meeting.agenda):
        return f"it is at key result {meeting.position + 1} of an agenda of {len(meeting.agenda)}"
    if not meeting.agenda and meeting.state is MeetingState.DRAFT:
        return "its agenda is empty"
    return None


PACE_AFTER_KRS = 3  # KRs decided before the meeting's own pace projects its end


class MeetingSession:
    """Holds one meeting's state and writes it to the store on every change."""

    def __init__(self, store: Store, quarter: Quarter, meeting: Meeting) -> None:
        self.store = store
        self.quarter = quarter
        self.meeting = meeting
        self.earlier_actions = [a for a in store.actions(quarter.id) if a.opened_in != meeting.id]
        self._krs = {kr.id: kr for kr in quarter.key_results}
        self.records = final_meetings(store, quarter.id, excluding=meeting.id)  # the quarter's earlier records
        self._last_reviews = latest_reviews(self.records)
        self.profile = profile(meeting.kind)
        self.raised_escalations: list[RaisedEscalation] = []
        self._entry_problems: dict[str, list[str]] = self._unread_problems()
        self._indexed: list[KRReview] | None = None
        self._review_at: dict[str, int] = {}
        if meeting.kind is MeetingKind.MONTHLY:
            self.raised_escalations = escalations_since_leadership(self.records)

    # --- starting and resuming --------------------------------------------------------------------
    @classmethod
    def start(cls, store: Store, plan: MeetingPlan, now: datetime) -> MeetingSession:
        quarter = store.load_quarter(plan.quarter_id)
        agenda = plan_agenda(store, quarter, plan, now.date())
        if not agenda:
            raise ValueError("no key results match this agenda")
        base = f"{now:%Y-%m-%d}-{plan.kind.value}".replace("_", "-")
        meeting_id = next(candidate for candidate in (f"{base}-{n}" if n else base for n in range(1000))
                          if not store.meeting_exists(quarter.id, candidate))
        krs = {kr.id: kr for kr in quarter.key_results}
        # Confidence is the room's to state: it starts empty, beside what the data says (kept as data_status).
        reviews = [KRReview(kr_id=kr_id, timebox_s=plan.timebox_s,
                            data_status=suggested_status(krs[kr_id], quarter, now.date())) for kr_id in agenda]
        meeting = Meeting(id=meeting_id, quarter_id=quarter.id, kind=plan.kind, facilitator=plan.facilitator,
                          attendees=plan.attendees, started_at=now, timebox_s=plan.timebox_s, agenda=agenda,
                          reviews=reviews, timed=plan.timed, hard_stop_s=plan.hard_stop_s, owner=plan.owner)
        store.save_meeting(meeting)
        return cls(store, quarter, meeting)

    @classmethod
    def resume(cls, store: Store, quarter_id: str, meeting_id: str) -> MeetingSession:
        """The meeting as saved; StoreCorrupt (naming its file) when it does not fit its quarter any more."""
        quarter = store.load_quarter(quarter_id)
        meeting = store.load_meeting(quarter_id, meeting_id)
        problem = misfit(quarter, meeting)
        if problem:
            raise StoreCorrupt(store.meeting_file(quarter_id, meeting_id), problem)
        return cls(store, quarter, meeting)

    # --- where we are -----------------------------------------------------------------------------
    @property
    def position(self) -> int:
        return self.meeting.position

    @property
    def kr(self) -> KeyResult:
        return self._krs[self.meeting.agenda[self.position]]

    @property
    def review(self) -> KRReview:
        return self.review_of(self.kr.id)

    def key_result(self, kr_id: str) -> KeyResult:
        return self._krs[kr_id]

    def _review_index(self, kr_id: str) -> int:
        """Where a KR's review is in the meeting: a lookup, not a scan (called per agenda KR on every tick)."""
        if self._indexed is not self.meeting.reviews:  # the meeting (or its list) was replaced: index it again
            self._indexed = self.meeting.reviews
            self._review_at = {review.kr_id: i for i, review in enumerate(self.meeting.reviews)}
        return self._review_at[kr_id]

    def review_of(self, kr_id: str) -> KRReview:
        return self.meeting.reviews[self._review_index(kr_id)]

    def last_review(self, kr_id: str) -> KRReview | None:
        """What the previous meeting that decided on this KR recorded."""
        found = self._last_reviews.get(kr_id)
        return found[0] if found else None

    def last_held_on(self, kr_id: str) -> date | None:
        found = self._last_reviews.get(kr_id)
        return found[1] if found else None

    def open_actions(self, kr_id: str) -> list[ActionItem]:
        """Actions opened in earlier meetings for this KR that were still open when this one started."""
        return [a for a in self.earlier_actions if a.kr_id == kr_id and a.status is ActionStatus.OPEN]

    def owner_open_actions(self) -> list[ActionItem]:
        """1:1 prep: every action still open that the meeting's owner holds, on any KR of the quarter."""
        owner = self.meeting.owner
        return [a for a in self.earlier_actions if owner is not None and a.owner == owner
                and a.status is ActionStatus.OPEN]

    def escalation_of(self, kr_id: str) -> RaisedEscalation | None:
        """Monthly review: the latest escalation raised for this KR since the last leadership review."""
        return next((e for e in reversed(self.raised_escalations) if e.kr_id == kr_id), None)

    _signals_seen: tuple[int | None, list[Signal]] = (None, [])

    def signals(self) -> list[Signal]:
        """Attendees' raised hands and '+1 escalate's (from `reviewtui follow`) in this meeting, and no other with
        its id (in another quarter, or an earlier draft); read only when one changed."""
        meeting = self.signals_to()
        stamp = folder_stamp(self.store.directory, meeting)
        if stamp != self._signals_seen[0]:
            self._signals_seen = (stamp, read_signals(self.store.directory, meeting) if stamp else [])
        return self._signals_seen[1]

    def signals_to(self) -> SignalsTo:
        """Where attendees' signals to this meeting are kept, and which start they must name."""
        return SignalsTo(self.meeting.quarter_id, self.meeting.id, self.meeting.started_at)

    def data_standing(self, kr_id: str, value: float | None) -> Standing:
        """What the data alone says of this KR with `value` (else its current value) on the meeting day, in
        the words the home screen and the card use ('✓ done', '✗ overdue', '· no data')."""
        return standing(self._krs[kr_id], self.quarter, self.meeting.held_on, value, data_only=True)

    def suggested_status(self, kr_id: str, value: float | None) -> Status | None:
        """What pace says of this KR with `value` (else its current value) on the meeting day."""
        kr = self._krs[kr_id]
        measured = kr if value is None else kr.model_copy(update={"current": value})
        return suggested_status(measured, self.quarter, self.meeting.held_on)

    def retro_facts(self, kr_id: str) -> RetroFacts:
        """Retrospective: target, what happened (with the final value entered so far) and when risk showed."""
        review = self.review_of(kr_id)
        return retro_facts(self._krs[kr_id], self.quarter, self.records, review.value, self.meeting.held_on, review)

    def time_used_s(self) -> float:
        return sum(r.time_spent_s for r in self.meeting.reviews)

    def past_hard_stop(self) -> bool:
        """Stand-up: the meeting's time is up."""
        stop = self.meeting.hard_stop_s
        return stop is not None and self.time_used_s() >= stop

    def action_verdict(self, action_id: str) -> ActionStatus:
        return next((u.status for u in self.meeting.action_updates if u.action_id == action_id), ActionStatus.OPEN)

    def missing(self, kr_id: str | None = None) -> list[str]:
        """What stops this KR's review from counting as decided: what the form could not take, then the gate."""
        review = self.review_of(kr_id or self.kr.id)
        status = gate_status(self._krs[review.kr_id], review, self.quarter, self.meeting.held_on)
        decided = missing_for_decision(review, status, self.meeting.held_on, self._krs[review.kr_id])
        if "revisit" in review.unread:  # the date is there, typed, and already named as unreadable
            decided = [m for m in decided if m != "the date it comes back (revisit)"]
        scored = (missing_score(self.retro_facts(review.kr_id)) if self.meeting.kind is MeetingKind.RETRO
                  and (review.decision is None or review.decision.kind is not DecisionKind.DEFER) else [])
        return (self._entry_problems.get(review.kr_id, []) + decided + missing_for_kind(self.meeting.kind, review)
                + scored)

    def _unread_problems(self) -> dict[str, list[str]]:
        """Per KR: what the form held that could not be taken (kept as typed in the review, so a resumed or
        followed meeting says so too)."""
        return {r.kr_id: unread_problems(r.unread, self._krs[r.kr_id].unit, self._value_check(r))
                for r in self.meeting.reviews if r.unread and r.kr_id in self._krs}

    def follow(self, meeting: Meeting) -> None:
        """Take the meeting as another process saved it last (a follower's view of the facilitator's draft)."""
        self.meeting = meeting
        self._entry_problems = self._unread_problems()

    def _value_check(self, review: KRReview) -> ValueCheck:
        """What a new value for this review is checked against: the KR's range, and the value already kept."""
        kr = self._krs[review.kr_id]
        span = scale(kr)  # baseline → target, 0 → a milestone's steps; None: not checked
        steps = kr.steps if kr.measure is KRKind.MILESTONE else None
        return ValueCheck(*span, review.value, steps) if span else ValueCheck(recorded=review.value)

    def value_question(self, kr_id: str) -> str | None:
        """"Did you mean ...?" for a far-off value typed for this KR and not kept yet, else None."""
        review = self.review_of(kr_id)
        typed = review.unread.get("value", "")
        found = parse_number(typed, self._krs[kr_id].unit) if typed.strip() else None
        if found is None or isinstance(found, str):
            return None
        return self._value_check(review).question(typed, found, self._krs[kr_id].unit)

    def is_decided(self, kr_id: str) -> bool:
        return self.review_of(kr_id).decision is not None and not self.missing(kr_id)

    # --- changes (each one saved) -----------------------------------------------------------------
    def _save(self) -> None:
        self.unsaved = True  # until the write succeeds: a failed save is retried by save()
        self.store.save_meeting(self.meeting)
        self.unsaved = False

    unsaved = False

    def save(self) -> None:
        """Write pending changes (the review screen calls this within a quarter second of a keystroke)."""
        if self.unsaved:
            self._save()

    def update(self, kr_id: str, *, save: bool = True, **changes: Any) -> KRReview:
        """Change fields of one KR's review, validated; written at once unless save=False (then see save())."""
        index = self._review_index(kr_id)
        merged = {**self.meeting.reviews[index].model_dump(), **{
            k: (v.model_dump() if hasattr(v, "model_dump") else v) for k, v in changes.items()}}
        review = KRReview.model_validate(merged, strict=False)
        self.meeting.reviews[index] = review
        self.unsaved = True
        if save:
            self._save()
        return review

    def show_summary(self, shown: bool) -> None:
        """Say in the draft whether the facilitator's screen shows the summary, so followers show the same."""
        if self.meeting.state is MeetingState.DRAFT and self.meeting.on_summary != shown:
            self.meeting.on_summary = shown
            self._save()

    def apply(self, kr_id: str, entry: ReviewEntry, now: datetime) -> list[str]:
        """Take what the form holds for one KR: read it, build its decision and next action, validate.

        Kept in memory and marked unsaved (save() writes it). Returns what could not be taken; the gate
        (missing()) keeps saying so until it is fixed."""
        kr, review = self._krs[kr_id], self.review_of(kr_id)
        read = read_entry(entry, kr.unit, self._value_check(review))
        problems = list(read.problems)
        try:
            decision = None
            if entry.decision is not None:
                same = review.decision is not None and review.decision.kind is entry.decision
                decision = Decision(kind=entry.decision, note=entry.note, decided_by=self.meeting.facilitator,
                                    at=review.decision.at if same and review.decision else now,
                                    revisit_on=read.revisit_on, new_target=read.new_target)
            next_action = review.next_action
            if FormField.NEXT_ACTION not in entry.asks:
                pass
            elif not entry.action_text.strip():
                next_action = None
            elif read.action_due is not None and "action_text" not in read.unread:  # complete: one owner, a date
                next_action = ActionItem(
                    id=review.next_action.id if review.next_action else self.new_action_id(), kr_id=kr_id,
                    text=entry.action_text.strip(), owner=entry.action_owner.strip(), due=read.action_due,
                    opened_in=self.meeting.id)
            changes = dict(read.changes)
            if "value" in changes:  # what the data says with the value entered: the record keeps what the room saw
                value = changes["value"]
                changes["data_status"] = suggested_status(kr, self.quarter, self.meeting.held_on,
                                                          value if isinstance(value, float) else None)
            self.update(kr_id, save=False, **changes, decision=decision, next_action=next_action)
        except ValidationError as error:
            problems += [f"{format_path(e['loc'])}: {e['msg']}" for e in error.errors(include_url=False)]
        self._entry_problems[kr_id] = problems
        return problems

    def decide(self, kr_id: str, kind: DecisionKind, note: str, now: datetime,
               revisit_on: date | None = None) -> KRReview:
        decision = Decision(kind=kind, note=note, decided_by=self.meeting.facilitator, at=now, revisit_on=revisit_on)
        return self.update(kr_id, decision=decision)

    def add_time(self, kr_id: str, seconds: float, *, save: bool = True) -> None:
        review = self.review_of(kr_id)
        self.update(kr_id, save=save, time_spent_s=review.time_spent_s + seconds)

    def mark_action(self, action_id: str, status: ActionStatus) -> None:
        updates = [u for u in self.meeting.action_updates if u.action_id != action_id]
        if status is not ActionStatus.OPEN:
            updates.append(ActionUpdate(action_id=action_id, status=status))
        self.meeting.action_updates = updates
        self._save()

    def go_to(self, index: int) -> None:
        self.meeting.position = max(0, min(index, len(self.meeting.agenda) - 1))
        self._save()

    def advance(self) -> list[str]:
        """Move to the next KR if this one is decided; otherwise return what is missing and stay.

        On the last KR nothing moves: what comes next is the summary."""
        missing = self.missing()
        if not missing and not self.is_last:
            self.go_to(self.position + 1)
        return missing

    def undecided(self) -> list[str]:
        """KRs whose decision is not logged yet, or is logged without what it needs (see missing())."""
        return [kr_id for kr_id in self.meeting.agenda if not self.is_decided(kr_id)]

    def defer_rest(self, reason: str, revisit_on: date, now: datetime) -> list[str]:
        """Ending early: defer every KR not yet decided, with one reason. Returns the deferred ids.

        A decision chosen but left incomplete (an escalation that says nothing, say) is replaced: the KR
        is deferred with the rest, so the record can be written."""
        deferred = self.undecided()
        for kr_id in deferred:  # all in memory first, then one write: a failed write defers none on disk
            decision = Decision(kind=DecisionKind.DEFER, note=reason, decided_by=self.meeting.facilitator, at=now,
                                revisit_on=revisit_on)
            # Anything typed means it was discussed: its values count, and so does it as "last reviewed".
            self.update(kr_id, save=False, decision=decision, deferred_unreviewed=not has_entry(self.review_of(kr_id)))
        self.save()
        return deferred

    # --- the end --------------------------------------------------------------------------------------
    @property
    def is_last(self) -> bool:
        return self.position == len(self.meeting.agenda) - 1

    def report(self) -> MeetingReport:
        retro = ([self.retro_facts(k) for k in self.meeting.agenda] if self.meeting.kind is MeetingKind.RETRO
                 else None)
        return summarize(self.meeting, self.quarter, self.earlier_actions, self.raised_escalations, retro)

    def talking_points(self) -> str:
        """1:1 prep: the talking points, as Markdown."""
        from reviewtui.export.talking_points import talking_points_markdown

        last = {kr_id: (review.value, held_on) for kr_id, (review, held_on) in self._last_reviews.items()}
        return talking_points_markdown(self.meeting, self.quarter, self.earlier_actions, last)

    def projected_end(self, now: datetime) -> datetime:
        """When the meeting ends if the KRs left take as long as the ones done so far (or their timebox).

        Until PACE_AFTER_KRS are decided the timebox is the guess: one quick first KR must not make the
        projected end jump (it did, wildly, in the first minute)."""
        reviews = [self.review_of(k) for k in self.meeting.agenda]
        done = [r.time_spent_s for r in reviews if r.decision is not None]
        average = sum(done) / len(done) if len(done) >= PACE_AFTER_KRS else None
        remaining = sum(max((average or r.timebox_s) - r.time_spent_s, 0) for r in reviews if r.decision is None)
        return now + timedelta(seconds=remaining)

    def planned_end(self) -> datetime:
        return self.meeting.started_at + timedelta(seconds=sum(r.timebox_s for r in self.meeting.reviews))

    def new_action_id(self) -> str:
        """The next free action id in this quarter: A1, A2, ..."""
        taken = {a.id for a in self.earlier_actions} | {a.id for a in self.meeting.new_actions()}
        return next(f"A{n}" for n in range(1, 100_000) if f"A{n}" not in taken)

    def finish(self, now: datetime) -> None:
        """Confirm the record in one atomic write; the store then applies its values and action changes.

        On StoreWriteError nothing changed: the meeting is still the same draft, here and on disk. On
        RollForwardPending the record is final and its effects follow when the store next opens."""
        from reviewtui.store.repository import RollForwardPending

        undecided = self.undecided()
        if undecided:
            details = "; ".join(f"{k}: {', '.join(self.missing(k))}" for k in undecided)
            raise ValueError(f"every KR needs a logged decision before the record is written; missing: {details}")
        if self.unsaved:
            self._save()
        final = self.meeting.model_copy(deep=True, update={"state": MeetingState.FINAL, "ended_at": now,
                                                           "on_summary": False})
        try:
            self.store.confirm_meeting(final)
        except RollForwardPending:
            self.meeting = final
            self.quarter = apply_values(self.quarter, final)
            raise
        self.meeting = final
        self.quarter = self.store.load_quarter(self.quarter.id)


def export_path(store: Store, meeting: Meeting, suffix: str) -> Path:
    """Where a meeting's exported record goes: <store>/exports/<meeting id>.<suffix>."""
    return store.exports_dir() / f"{meeting.id}.{suffix}"


def write_meeting_export(store: Store, meeting: Meeting, suffix: str, text: str) -> Path:
    """Write one export of a meeting into the store's exports folder; returns where it went."""
    return store.write_export(f"{meeting.id}.{suffix}", text)
