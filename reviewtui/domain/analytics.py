"""The quarter's accountability report, from the records alone: did the system work, per KR and per team?

Built from the quarter (KRs and their history), its final meetings (drafts are ignored) and its action
items. It never ranks or aggregates people: an owner is shown next to a KR, nothing more.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from reviewtui.domain.follow_through import (
    ActionCounts, ActionFigure, ActionTiming, FollowThrough, ReviewAt, action_figures, follow_through,
)
from reviewtui.domain.models import (
    ActionItem, DecisionKind, KeyResult, Meeting, MeetingKind, MeetingState, Quarter, Status,
)
from reviewtui.domain.progress import holds, progress, standing
from reviewtui.domain.enums import OutcomeBand
from reviewtui.domain.rollup import Node, RolledUp, roll_up
from reviewtui.domain.score import band_for, data_score, met
from reviewtui.domain.timeline import (
    AT_RISK_OR_WORSE, STATUS_RANK, ReviewOn, WeekCounts, count_weeks, first_escalated_on, in_weeks,
    is_escalation, known_values, lag_days, quarter_weeks, recovered, report_day, review_status, risk_visible,
    status_with, value_on, weekly_statuses,
)

__all__ = [  # what the CLI renderers and the report screen use; the action types come from follow_through
    "NO_TEAM", "ActionCounts", "ActionFigure", "ActionTiming", "DecisionOutcome", "Disagreement", "FollowThrough", "KRFigures",
    "MeetingFigures", "MeetingTotals", "QuarterReport", "StatusRound", "TeamFigures", "final_meetings",
    "quarter_report",
]

NO_TEAM = "(no team)"
# Decisions that change something, whose outcome the report follows; and those that change nothing.
CHANGING_DECISIONS = (DecisionKind.ESCALATE, DecisionKind.ADD_SUPPORT, DecisionKind.REMOVE_BLOCKER,
                      DecisionKind.ADJUST_TARGET)
NO_CHANGE_DECISIONS = (DecisionKind.CONTINUE, DecisionKind.DEFER)


@dataclass(frozen=True, slots=True)
class StatusRound:
    """An off-track KR that a meeting left as it was: decided continue or defer."""

    meeting_id: str
    held_on: date
    kr_id: str
    decision: DecisionKind
    with_reason: bool  # a written note came with it


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A review where the room stated a confidence other than what the data said that day: where status
    rounds and silent misses start. `rosier` when the room said better than the data."""

    meeting_id: str
    held_on: date
    kr_id: str
    room: Status
    data: Status

    @property
    def rosier(self) -> bool:
        return STATUS_RANK[self.room] > STATUS_RANK[self.data]


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
    status_word: str  # what the status alone would not say: 'done', 'never measured', 'missed' (see Standing)
    band: OutcomeBand | None
    score: float | None  # the quarter score so far: the data's, or the retrospective's where it gave one
    breaches: tuple[date, ...]  # a threshold KR: every dated value that did not hold its line
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
    objectives: tuple[RolledUp, ...]  # the objective tree in order, each with its roll-up
    weeks: tuple[WeekCounts, ...]
    silent_misses: tuple[KRFigures, ...]  # only once the quarter is over
    heading_for_silent_miss: tuple[KRFigures, ...]  # only while it runs
    status_rounds: tuple[StatusRound, ...]
    disagreements: tuple[Disagreement, ...]  # the room's stated confidence against the data, per review
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
        """KRs by status now: on track, at risk, off track, and None for no value (a dropped KR is in none)."""
        counts = Counter(k.status for k in self.krs if k.kr.dropped is None)
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
    team_of = {kr.id: o.team.strip() or NO_TEAM for o in quarter.objectives for kr in o.key_results}
    now = report_day(quarter, today)
    over = today > quarter.end
    weeks = quarter_weeks(quarter, today)

    reviews_of: dict[str, list[ReviewAt]] = defaultdict(list)
    for index, meeting in enumerate(finals):
        for review in meeting.reviews:
            if review.kr_id in krs:
                reviews_of[review.kr_id].append(ReviewAt(index, meeting, review))

    values_of = {kr_id: known_values(kr, _dated(reviews_of[kr_id])) for kr_id, kr in krs.items()}
    # Judged today, as the home screen does: once the quarter is over a KR short of its target has 'missed',
    # it is no longer 'on track' by the pace of its last day.
    standing_now = {kr_id: standing(kr, quarter, today) for kr_id, kr in krs.items()}
    status_now = {kr_id: found.status for kr_id, found in standing_now.items()}

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
              and r.meeting.kind is not MeetingKind.RETRO  # a quarter-end look back changes nothing by design
              and r.review.decision.kind in NO_CHANGE_DECISIONS]
    rounds.sort(key=lambda s: (position[s.meeting_id], s.kr_id))

    disagreements = sorted(_disagreements(reviews_of, krs, quarter, values_of),
                           key=lambda d: (position[d.meeting_id], d.kr_id))
    outcomes = _decision_outcomes(reviews_of, status_at, status_now, finals)
    actions_done = action_figures(actions, finals, position, reviews_of, today)

    rounds_of = Counter(s.kr_id for s in rounds)
    timings_of: dict[str, Counter[str]] = defaultdict(Counter)
    for figure in actions_done:
        timings_of[figure.action.kr_id][figure.timing.value] += 1
    kr_figures = []
    for objective in quarter.objectives:
        for kr in objective.key_results:
            found = reviews_of[kr.id]
            dated = _dated(found)
            timeline = tuple(weekly_statuses(kr, quarter, weeks, values_of[kr.id], now, today))
            visible = risk_visible(kr, quarter, dated, today, values_of[kr.id], timeline)
            escalated = first_escalated_on(dated)
            done = progress(kr)
            score = _score(kr, values_of[kr.id], found)
            discussed = [r.review for r in found if not r.review.deferred_unreviewed]
            never_escalated = escalated is None and kr.dropped is None  # a dropped KR was decided on, not missed
            kr_figures.append(KRFigures(
                kr=kr, objective_id=objective.id, team=team_of[kr.id], progress=done, status=status_now[kr.id],
                status_word=standing_now[kr.id].word,
                band=band_for(kr, score), score=score,
                breaches=tuple(day for day, value in dict(values_of[kr.id]).items() if kr.measure.is_threshold
                               and not holds(kr, value)),  # one value per day: the last
                timeline=timeline,
                values=tuple(values_of[kr.id]), risk_visible_on=visible, first_escalated_on=escalated,
                lag_days=lag_days(visible, escalated), reviews=len(discussed),
                escalations=sum(is_escalation(r) for r in discussed),
                decisions=dict(Counter(r.decision.kind for r in discussed if r.decision is not None)),
                deferred_unreviewed=len(found) - len(discussed),
                status_rounds=rounds_of[kr.id], actions=ActionCounts(**timings_of[kr.id]),
                silent_miss=over and never_escalated and not met(score, kr.success_at),
                heading_for_silent_miss=not over and never_escalated and status_now[kr.id] in AT_RISK_OR_WORSE,
            ))

    by_meeting = follow_through(((a.action.opened_in, a) for a in actions_done), order=[m.id for m in finals])
    held = {m.id: m.held_on for m in finals}
    by_meeting = [FollowThrough(f.key, f.done, f.total, f.pending, held.get(f.key)) for f in by_meeting]
    by_team = follow_through((team_of[a.action.kr_id], a) for a in actions_done if a.action.kr_id in team_of)
    return QuarterReport(
        quarter=quarter, today=today, as_of=now, day=max(0, (now - quarter.start).days + 1),
        days=(quarter.end - quarter.start).days + 1,
        meetings=tuple(_meeting_figures(m, position[m.id], status_at, rounds) for m in finals),
        krs=tuple(kr_figures),
        objectives=tuple(roll_up([Node(o.id, o.parent) for o in quarter.objectives],
                                 {o.id: [kr for kr in o.key_results if kr.dropped is None] for o in quarter.objectives},
                                 quarter, now)),
        weeks=tuple(count_weeks(weeks, (k.timeline for k in kr_figures))),
        silent_misses=tuple(k for k in kr_figures if k.silent_miss),
        heading_for_silent_miss=tuple(k for k in kr_figures if k.heading_for_silent_miss),
        status_rounds=tuple(rounds), disagreements=tuple(disagreements), decision_outcomes=tuple(outcomes), actions=tuple(actions_done),
        follow_through_by_meeting=tuple(by_meeting), follow_through_by_team=tuple(by_team),
        teams=tuple(_team_figures(kr_figures, by_team)),
    )


def _score(kr: KeyResult, values: list[tuple[date, float]], found: list[ReviewAt]) -> float | None:
    """The retrospective's score where one gave it (the latest), else the data's."""
    given = [r.review.score for r in found if r.review.score is not None and r.meeting.kind is MeetingKind.RETRO]
    return given[-1] if given else data_score(kr, values)


def _dated(found: Sequence[ReviewAt]) -> list[ReviewOn]:
    return [(r.meeting.held_on, r.review) for r in found]


def _disagreements(reviews_of: dict[str, list[ReviewAt]], krs: dict[str, KeyResult], quarter: Quarter,
                   values_of: dict[str, list[tuple[date, float]]]) -> Iterator[Disagreement]:
    """Discussed reviews whose stated confidence differs from what the data said that day (with the value
    entered, else the last one known)."""
    for kr_id, found in reviews_of.items():
        for r in found:
            room = r.review.confidence
            if room is None or r.review.deferred_unreviewed:
                continue
            value = r.review.value if r.review.value is not None else value_on(values_of[kr_id], r.meeting.held_on)
            data = status_with(krs[kr_id], quarter, value, r.meeting.held_on) if value is not None else None
            if data is None and krs[kr_id].measure.value != "milestone":
                data = r.review.data_status
            if data is not None and data is not room:
                yield Disagreement(r.meeting.id, r.meeting.held_on, kr_id, room, data)


def _decision_outcomes(reviews_of: dict[str, list[ReviewAt]], status_at: dict[tuple[int, str], Status | None],
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


def _team_figures(krs: Sequence[KRFigures], by_team: Sequence[FollowThrough]) -> list[TeamFigures]:
    shares = {f.key: f for f in by_team}
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
