"""The quarter's accountability report, from the records alone: did the system work, per KR and per team?

Built from the quarter (KRs and their history), its final meetings (drafts are ignored) and its action
items. It never ranks or aggregates people: an owner is shown next to a KR, nothing more.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reviewtui.domain.models import (
    ActionItem, ActionStatus, DecisionKind, KeyResult, KRReview, Meeting, MeetingKind, MeetingState, Quarter,
    Status,
)
from reviewtui.domain.progress import progress, suggested_status
from reviewtui.domain.timeline import (
    AT_RISK_OR_WORSE, OutcomeBand, ReviewOn, WeekCounts, band_of, count_weeks, first_escalated_on, in_weeks,
    is_escalation, known_values, lag_days, quarter_weeks, recovered, report_day, review_status, risk_visible_on,
    weekly_statuses,
)

NO_TEAM = "(no team)"
# Decisions that change something, whose outcome the report follows; and those that change nothing.
CHANGING_DECISIONS = (DecisionKind.ESCALATE, DecisionKind.ADD_SUPPORT, DecisionKind.REMOVE_BLOCKER,
                      DecisionKind.ADJUST_TARGET)
NO_CHANGE_DECISIONS = (DecisionKind.CONTINUE, DecisionKind.DEFER)


class ActionTiming(StrEnum):
    """Where an action item stands at the report's today."""

    DONE_ON_TIME = "done_on_time"  # marked done by its due date, or at its KR's first review after it
    DONE_LATE = "done_late"  # marked done at a later review
    DONE_UNDATED = "done_undated"  # marked done in a meeting that is not a final record of the quarter
    NOT_DONE = "not_done"  # still open and past due
    DROPPED = "dropped"
    OPEN = "open"  # open and not yet due

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class ActionCounts:
    """A KR's action items by timing."""

    done_on_time: int = 0
    done_late: int = 0
    done_undated: int = 0
    not_done: int = 0
    dropped: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.done_undated + self.not_done + self.dropped + self.open


@dataclass(frozen=True, slots=True)
class ActionFigure:
    """One action item: its timing, and whether it was done by the next review of its KR."""

    action: ActionItem
    timing: ActionTiming
    closed_on: date | None
    next_review_in: str | None  # the next final meeting after the one that opened it that reviewed its KR
    done_by_next_review: bool | None  # None: pending, its KR has not been reviewed since


@dataclass(frozen=True, slots=True)
class FollowThrough:
    """Actions done by the next review of their KR, out of those whose KR has been reviewed again."""

    key: str  # a meeting id or a team
    done: int
    total: int
    pending: int  # left out of the share: no next review yet
    held_on: date | None = None  # for a meeting

    @property
    def share(self) -> float | None:
        return self.done / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class StatusRound:
    """An off-track KR that a meeting left as it was: decided continue or defer."""

    meeting_id: str
    held_on: date
    kr_id: str
    decision: DecisionKind
    with_reason: bool  # a written note came with it


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """A decision that changes something, and whether the KR was better at its next review and now."""

    meeting_id: str
    held_on: date
    kr_id: str
    decision: DecisionKind
    status_then: Status | None
    next_meeting_id: str | None
    next_on: date | None
    status_next: Status | None
    status_end: Status | None  # at quarter end, or now while it runs
    recovered_by_next: bool | None  # None: no next review yet, no status, or on track already at the decision
    recovered_by_end: bool | None


@dataclass(frozen=True, slots=True)
class MeetingFigures:
    """One final meeting's discipline: time against plan, overruns, early end, status rounds."""

    meeting_id: str
    held_on: date
    kind: MeetingKind
    timed: bool  # False for a meeting without a timer (1:1 prep): no overruns
    reviewed: int  # KRs discussed (bulk-deferred ones not counted)
    planned_s: float
    used_s: float
    overruns: int
    overrun_s: float
    deferred_unreviewed: int
    off_track: int  # discussed KRs off track that day
    status_rounds: int

    @property
    def ended_early(self) -> bool:
        return self.deferred_unreviewed > 0


@dataclass(frozen=True, slots=True)
class KRFigures:
    """Everything the report knows about one KR."""

    kr: KeyResult
    objective_id: str
    team: str
    progress: float | None  # now, or at quarter end
    status: Status | None
    band: OutcomeBand | None
    timeline: tuple[Status | None, ...]  # one per week of QuarterReport.weeks
    values: tuple[tuple[date, float], ...]  # dated values, oldest first: for the history chart
    risk_visible_on: date | None
    first_escalated_on: date | None
    lag_days: int | None
    reviews: int
    escalations: int
    decisions: dict[DecisionKind, int]
    deferred_unreviewed: int
    status_rounds: int
    actions: ActionCounts
    silent_miss: bool
    heading_for_silent_miss: bool

    @property
    def lag_weeks(self) -> float | None:
        return in_weeks(self.lag_days)

    @property
    def has_finding(self) -> bool:
        """Worth a closer look: off track or at risk, a silent miss, a status round or an overdue action."""
        return (self.status in AT_RISK_OR_WORSE or self.silent_miss or self.heading_for_silent_miss
                or self.status_rounds > 0 or self.actions.not_done > 0)


@dataclass(frozen=True, slots=True)
class TeamFigures:
    """Per team (the objective's team): how its KRs stand and whether the system worked for them."""

    team: str
    krs: int
    on_track: int
    at_risk: int
    off_track: int
    no_value: int
    escalations: int
    krs_escalated: int
    status_rounds: int
    silent_misses: int  # real misses once the quarter is over, "heading for" while it runs
    follow_through: FollowThrough


@dataclass(frozen=True, slots=True)
class QuarterReport:
    """The quarter's accountability report. Consumed by the CLI renderers and the report screen."""

    quarter: Quarter
    today: date
    as_of: date  # today, or the quarter's last day once it is over
    day: int  # day `day` of `days` (0 before the quarter starts)
    days: int
    meetings: tuple[MeetingFigures, ...]
    krs: tuple[KRFigures, ...]
    weeks: tuple[WeekCounts, ...]
    silent_misses: tuple[KRFigures, ...]  # only once the quarter is over
    heading_for_silent_miss: tuple[KRFigures, ...]  # only while it runs
    status_rounds: tuple[StatusRound, ...]
    decision_outcomes: tuple[DecisionOutcome, ...]
    actions: tuple[ActionFigure, ...]
    follow_through_by_meeting: tuple[FollowThrough, ...]
    follow_through_by_team: tuple[FollowThrough, ...]
    teams: tuple[TeamFigures, ...]

    @property
    def is_over(self) -> bool:
        return self.today > self.quarter.end

    @property
    def has_started(self) -> bool:
        return self.today >= self.quarter.start

    def status_counts(self) -> dict[Status | None, int]:
        """KRs by status now: on track, at risk, off track, and None for no value."""
        counts = Counter(kr.status for kr in self.krs)
        return {status: counts.get(status, 0) for status in (*Status, None)}

    def kr(self, kr_id: str) -> KRFigures | None:
        return next((figures for figures in self.krs if figures.kr.id == kr_id), None)

    def discipline_totals(self) -> MeetingTotals:
        return MeetingTotals(
            meetings=len(self.meetings), planned_s=sum(m.planned_s for m in self.meetings),
            used_s=sum(m.used_s for m in self.meetings), overruns=sum(m.overruns for m in self.meetings),
            overrun_s=sum(m.overrun_s for m in self.meetings),
            ended_early=sum(m.ended_early for m in self.meetings))


@dataclass(frozen=True, slots=True)
class MeetingTotals:
    """Meeting discipline over the quarter."""

    meetings: int
    planned_s: float
    used_s: float
    overruns: int
    overrun_s: float
    ended_early: int


# --- building it ---------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Review:
    position: int  # in meeting order
    meeting: Meeting
    review: KRReview


def final_meetings(quarter: Quarter, meetings: Iterable[Meeting]) -> list[Meeting]:
    """The quarter's final meetings in the order they were held; drafts are not records."""
    finals = [m for m in meetings if m.state is MeetingState.FINAL and m.quarter_id == quarter.id]
    return sorted(finals, key=lambda m: (m.held_on, m.started_at.replace(tzinfo=None), m.id))


def quarter_report(quarter: Quarter, meetings: Iterable[Meeting], actions: Iterable[ActionItem],
                   today: date) -> QuarterReport:
    """Build the accountability report of a quarter from its records, as of `today`."""
    finals = final_meetings(quarter, meetings)
    position = {m.id: index for index, m in enumerate(finals)}
    krs = {kr.id: kr for kr in quarter.key_results}
    team_of = {kr.id: (o.id, o.team.strip() or NO_TEAM) for o in quarter.objectives for kr in o.key_results}
    now = report_day(quarter, today)
    over = today > quarter.end
    weeks = quarter_weeks(quarter, today)

    reviews_of: dict[str, list[_Review]] = defaultdict(list)
    for index, meeting in enumerate(finals):
        for review in meeting.reviews:
            if review.kr_id in krs:
                reviews_of[review.kr_id].append(_Review(index, meeting, review))

    values_of = {kr_id: known_values(kr, _dated(reviews_of[kr_id])) for kr_id, kr in krs.items()}
    status_now = {kr_id: suggested_status(kr, quarter, now) for kr_id, kr in krs.items()}

    # Status on each discussed review's day, used by status rounds and decision outcomes.
    status_at: dict[tuple[int, str], Status | None] = {}
    for kr_id, found in reviews_of.items():
        for r in found:
            if not r.review.deferred_unreviewed:
                status_at[(r.position, kr_id)] = review_status(krs[kr_id], quarter, r.meeting.held_on, r.review,
                                                               values_of[kr_id])

    rounds = [StatusRound(r.meeting.id, r.meeting.held_on, kr_id, r.review.decision.kind,
                          bool(r.review.decision.note.strip()))
              for kr_id, found in reviews_of.items() for r in found
              if status_at.get((r.position, kr_id)) is Status.OFF_TRACK and r.review.decision is not None
              and r.review.decision.kind in NO_CHANGE_DECISIONS]
    rounds.sort(key=lambda s: (position[s.meeting_id], s.kr_id))

    outcomes = _decision_outcomes(reviews_of, status_at, status_now, finals)
    action_figures = _action_figures(actions, finals, position, reviews_of, krs, today)

    rounds_of = Counter(s.kr_id for s in rounds)
    timings_of: dict[str, Counter[str]] = defaultdict(Counter)
    for figure in action_figures:
        timings_of[figure.action.kr_id][figure.timing.value] += 1
    kr_figures = []
    for objective in quarter.objectives:
        for kr in objective.key_results:
            found = reviews_of[kr.id]
            dated = _dated(found)
            visible = risk_visible_on(kr, quarter, dated, values_of[kr.id])
            escalated = first_escalated_on(dated)
            done = progress(kr)
            discussed = [r.review for r in found if not r.review.deferred_unreviewed]
            never_escalated = escalated is None
            kr_figures.append(KRFigures(
                kr=kr, objective_id=objective.id, team=team_of[kr.id][1], progress=done, status=status_now[kr.id],
                band=band_of(done),
                timeline=tuple(weekly_statuses(kr, quarter, weeks, values_of[kr.id], now)),
                values=tuple(values_of[kr.id]), risk_visible_on=visible, first_escalated_on=escalated,
                lag_days=lag_days(visible, escalated), reviews=len(discussed),
                escalations=sum(is_escalation(r) for r in discussed),
                decisions=dict(Counter(r.decision.kind for r in discussed if r.decision is not None)),
                deferred_unreviewed=len(found) - len(discussed),
                status_rounds=rounds_of[kr.id], actions=ActionCounts(**timings_of[kr.id]),
                silent_miss=over and never_escalated and (done is None or round(done, 9) < 1.0),
                heading_for_silent_miss=not over and never_escalated and status_now[kr.id] in AT_RISK_OR_WORSE,
            ))

    by_meeting = _shares(((a.action.opened_in, a) for a in action_figures), order=[m.id for m in finals])
    held = {m.id: m.held_on for m in finals}
    by_meeting = [FollowThrough(f.key, f.done, f.total, f.pending, held.get(f.key)) for f in by_meeting]
    by_team = _shares(((team_of[a.action.kr_id][1], a) for a in action_figures if a.action.kr_id in team_of))
    return QuarterReport(
        quarter=quarter, today=today, as_of=now, day=max(0, (now - quarter.start).days + 1),
        days=(quarter.end - quarter.start).days + 1,
        meetings=tuple(_meeting_figures(m, position[m.id], status_at, rounds) for m in finals),
        krs=tuple(kr_figures),
        weeks=tuple(count_weeks(weeks, (k.timeline for k in kr_figures))),
        silent_misses=tuple(k for k in kr_figures if k.silent_miss),
        heading_for_silent_miss=tuple(k for k in kr_figures if k.heading_for_silent_miss),
        status_rounds=tuple(rounds), decision_outcomes=tuple(outcomes), actions=tuple(action_figures),
        follow_through_by_meeting=tuple(by_meeting), follow_through_by_team=tuple(by_team),
        teams=tuple(_team_figures(kr_figures, by_team)),
    )


def _dated(found: Sequence[_Review]) -> list[ReviewOn]:
    return [(r.meeting.held_on, r.review) for r in found]


def _decision_outcomes(reviews_of: dict[str, list[_Review]], status_at: dict[tuple[int, str], Status | None],
                       status_now: dict[str, Status | None], finals: Sequence[Meeting]) -> list[DecisionOutcome]:
    outcomes = []
    for kr_id, found in reviews_of.items():
        discussed = [r for r in found if not r.review.deferred_unreviewed]
        for index, r in enumerate(discussed):
            decision = r.review.decision
            if decision is None or decision.kind not in CHANGING_DECISIONS:
                continue
            then = status_at[(r.position, kr_id)]
            following = next((n for n in discussed[index + 1:] if n.position > r.position), None)
            later = status_at[(following.position, kr_id)] if following else None
            outcomes.append(DecisionOutcome(
                meeting_id=r.meeting.id, held_on=r.meeting.held_on, kr_id=kr_id, decision=decision.kind,
                status_then=then, next_meeting_id=following.meeting.id if following else None,
                next_on=following.meeting.held_on if following else None, status_next=later,
                status_end=status_now[kr_id], recovered_by_next=recovered(then, later),
                recovered_by_end=recovered(then, status_now[kr_id])))
    order = {m.id: index for index, m in enumerate(finals)}
    outcomes.sort(key=lambda o: (order[o.meeting_id], o.kr_id))
    return outcomes


def _action_figures(actions: Iterable[ActionItem], finals: Sequence[Meeting], position: dict[str, int],
                    reviews_of: dict[str, list[_Review]], krs: dict[str, KeyResult],
                    today: date) -> list[ActionFigure]:
    figures = []
    for action in actions:
        reviewed = [r for r in reviews_of.get(action.kr_id, []) if not r.review.deferred_unreviewed]
        opened = position.get(action.opened_in)
        following = next((r for r in reviewed if opened is not None and r.position > opened), None)
        closed = position.get(action.closed_in) if action.closed_in else None
        closed_on = finals[closed].held_on if closed is not None else None
        timing = _timing(action, closed, closed_on, reviewed, today)
        if action.status is ActionStatus.DONE and closed is not None and opened is not None and closed > opened:
            by_next: bool | None = following is None or closed <= following.position
        else:
            by_next = None if following is None else False
        figures.append(ActionFigure(action, timing, closed_on, following.meeting.id if following else None,
                                    by_next))
    return figures


def _timing(action: ActionItem, closed: int | None, closed_on: date | None, reviewed: Sequence[_Review],
            today: date) -> ActionTiming:
    if action.status is ActionStatus.DROPPED:
        return ActionTiming.DROPPED
    if action.status is ActionStatus.OPEN:
        return ActionTiming.NOT_DONE if action.due < today else ActionTiming.OPEN
    if closed is None or closed_on is None:
        return ActionTiming.DONE_UNDATED
    if closed_on <= action.due:
        return ActionTiming.DONE_ON_TIME
    # The record sees an action done only at a review: the first review of its KR after the due date counts.
    first_after_due = next((r.position for r in reviewed if r.meeting.held_on >= action.due), None)
    return ActionTiming.DONE_ON_TIME if first_after_due is not None and closed <= first_after_due \
        else ActionTiming.DONE_LATE


def _shares(keyed: Iterable[tuple[str, ActionFigure]], order: Sequence[str] = ()) -> list[FollowThrough]:
    tallies: dict[str, list[int]] = {key: [0, 0, 0] for key in order}
    for key, figure in keyed:
        tally = tallies.setdefault(key, [0, 0, 0])
        if figure.done_by_next_review is None:
            tally[2] += 1
        else:
            tally[0] += figure.done_by_next_review
            tally[1] += 1
    keys = list(order) + sorted(k for k in tallies if k not in set(order))
    return [FollowThrough(key, *tallies[key]) for key in keys]


def _meeting_figures(meeting: Meeting, index: int, status_at: dict[tuple[int, str], Status | None],
                     rounds: Sequence[StatusRound]) -> MeetingFigures:
    reviews = meeting.reviews
    over = [r.time_spent_s - r.timebox_s for r in reviews if meeting.timed and r.time_spent_s > r.timebox_s]
    discussed = [r for r in reviews if not r.deferred_unreviewed]
    return MeetingFigures(
        meeting_id=meeting.id, held_on=meeting.held_on, kind=meeting.kind, timed=meeting.timed,
        reviewed=len(discussed),
        planned_s=float(sum(r.timebox_s for r in reviews)), used_s=sum(r.time_spent_s for r in reviews),
        overruns=len(over), overrun_s=sum(over), deferred_unreviewed=len(reviews) - len(discussed),
        off_track=sum(status_at.get((index, r.kr_id)) is Status.OFF_TRACK for r in discussed),
        status_rounds=sum(s.meeting_id == meeting.id for s in rounds))


def _team_figures(krs: Sequence[KRFigures], follow_through: Sequence[FollowThrough]) -> list[TeamFigures]:
    shares = {f.key: f for f in follow_through}
    teams: dict[str, list[KRFigures]] = defaultdict(list)
    for figures in krs:
        teams[figures.team].append(figures)
    return [TeamFigures(
        team=team, krs=len(members), on_track=sum(k.status is Status.ON_TRACK for k in members),
        at_risk=sum(k.status is Status.AT_RISK for k in members),
        off_track=sum(k.status is Status.OFF_TRACK for k in members),
        no_value=sum(k.status is None for k in members), escalations=sum(k.escalations for k in members),
        krs_escalated=sum(k.first_escalated_on is not None for k in members),
        status_rounds=sum(k.status_rounds for k in members),
        silent_misses=sum(k.silent_miss or k.heading_for_silent_miss for k in members),
        follow_through=shares.get(team, FollowThrough(team, 0, 0, 0)),
    ) for team, members in sorted(teams.items())]
