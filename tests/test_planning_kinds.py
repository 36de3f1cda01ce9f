"""The planning check on plans as teams write them: KR kinds, objective trees, teams as owners, compound KRs.

Pure domain tests (no screen), plus one on a real store: the index keeps only findings that stay true.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest

from reviewtui.domain.enums import KRKind
from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.models import Quarter
from reviewtui.domain.planning import (
    Finding, Severity, check_quarter, has_errors, is_compound, target_numbers, unmeasured,
)
from reviewtui.store import Store

START, END = date(2026, 1, 1), date(2026, 3, 31)
MID = date(2026, 2, 15)


def metric(ident: str, **fields: Any) -> dict[str, Any]:
    data = {"id": ident, "title": f"Key result {ident}", "owner": "Ana Ruiz", "unit": "points",
            "baseline": 0, "target": 10, "current": 5, "evidence_source": "Weekly export"}
    data.update(fields)
    return data


def threshold(ident: str, **fields: Any) -> dict[str, Any]:
    data = {"id": ident, "title": "Keep p99 latency below 2 s", "owner": "Ana Ruiz", "kind": "stay_below",
            "unit": "s", "threshold": 2, "current": 1.4, "evidence_source": "Grafana p99 panel"}
    data.update(fields)
    return data


def milestone(ident: str, **fields: Any) -> dict[str, Any]:
    data = {"id": ident, "title": "Launch the partner portal", "owner": "Ana Ruiz", "kind": "milestone",
            "due": "2026-03-15", "evidence_source": "Release notes"}
    data.update(fields)
    return data


def objective(ident: str, *krs: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data = {"id": ident, "title": f"Objective {ident}", "owner": "Ben Ode",
            "key_results": list(krs) or [metric(f"{ident}-KR1")]}
    data.update(fields)
    return data


def plan(*objectives: dict[str, Any]) -> Quarter:
    chosen = list(objectives) or [objective(f"O{n}") for n in (1, 2, 3)]
    return validate_quarter(copy.deepcopy({"quarter": "2026-Q1", "start": START.isoformat(),
                                           "end": END.isoformat(), "objectives": chosen}))


def with_kr(kr: dict[str, Any]) -> Quarter:
    """Three clean objectives, the first holding `kr`."""
    return plan(objective("O1", kr), objective("O2"), objective("O3"))


def keys(findings: list[Finding]) -> list[tuple[Severity, str, str]]:
    return [(f.severity, f.subject, f.rule) for f in findings]


def test_the_clean_plan_of_every_kind_has_no_findings_before_during_and_after_its_quarter() -> None:
    quarter = plan(objective("O1", metric("KR1"), threshold("KR2"), milestone("KR3")),
                   objective("O2", milestone("KR4", due=None, checklist=[{"title": "Design"}, {"title": "Build"}])),
                   objective("O3", metric("KR5", kind="increase", baseline=None, current=3)))
    for today in (None, START - timedelta(days=30), START, MID, END + timedelta(days=10)):
        assert check_quarter(quarter, today) == [], today


# --- no evidence source -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kr", [metric("KR1", evidence_source=""), metric("KR1", baseline=10, target=4,
                                evidence_source=" "),
                                threshold("KR1", evidence_source=""), threshold("KR1", kind="stay_above",
                                threshold=80, current=85, evidence_source="")],
                         ids=["increase", "decrease", "stay_below", "stay_above"])
def test_a_metric_or_threshold_kr_without_evidence_source_is_an_error(kr: dict[str, Any]) -> None:
    findings = check_quarter(with_kr(kr))
    assert keys(findings) == [(Severity.ERROR, "KR1", "evidence-source")]
    assert "how progress will be proven" in findings[0].message


def test_a_milestone_without_evidence_source_is_only_a_warning() -> None:
    findings = check_quarter(with_kr(milestone("KR1", evidence_source="")))
    assert keys(findings) == [(Severity.WARNING, "KR1", "evidence-source")]
    assert "what will show it is done" in findings[0].message
    assert not has_errors(findings)


# --- no current value ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kr", [metric("KR1", current=None), metric("KR1", kind="increase", baseline=None, current=None),
                                threshold("KR1", current=None)],
                         ids=["increase", "to-be-measured", "stay_below"])
def test_no_value_is_a_warning_only_once_two_weeks_of_the_quarter_have_gone(kr: dict[str, Any]) -> None:
    quarter = with_kr(kr)
    for before in (None, START - timedelta(days=60), START - timedelta(days=1), START,
                   START + timedelta(days=13)):
        assert check_quarter(quarter, before) == [], before
    for after in (START + timedelta(days=14), MID, END):
        assert keys(check_quarter(quarter, after)) == [(Severity.WARNING, "KR1", "current-value")], after
    assert "2 weeks into the quarter" in check_quarter(quarter, START + timedelta(days=14))[0].message
    assert "the quarter ended" in check_quarter(quarter, END + timedelta(days=1))[0].message


def test_an_undone_milestone_or_a_dropped_kr_is_never_missing_a_value() -> None:
    quarter = plan(objective("O1", milestone("KR1"), milestone("KR2", checklist=[{"title": "Spec"}])),
                   objective("O2", metric("KR3", current=None,
                                          dropped={"on": "2026-01-20", "meeting": "M1", "reason": "merged"})),
                   objective("O3"))
    assert check_quarter(quarter, MID) == []


def test_the_no_value_rule_takes_plain_values_so_a_list_from_the_index_can_ask_it() -> None:
    rows = [("A", KRKind.INCREASE, None), ("B", KRKind.STAY_ABOVE, None), ("C", KRKind.MILESTONE, None),
            ("D", KRKind.DECREASE, 3.0)]
    assert [f.subject for f in unmeasured(START, END, MID, rows)] == ["A", "B"]
    assert unmeasured(START, END, START + timedelta(days=13), rows) == []


def test_the_index_keeps_the_plans_findings_and_none_that_depend_on_the_date(store: Store) -> None:
    quarter = plan(objective("O1", metric("KR1", current=None, evidence_source="")), objective("O2"))
    store.save_quarter(quarter)
    [summary] = store.quarters()
    assert keys(list(summary.findings)) == [(Severity.WARNING, "2026-Q1", "objective-count"),
                                            (Severity.ERROR, "KR1", "evidence-source")]
    assert "current-value" in [f.rule for f in check_quarter(quarter, MID)]  # `reviewtui check` says it


# --- 3-5 objectives per parent and per team -----------------------------------------------------------------

def test_a_company_to_team_tree_is_counted_per_level_not_as_one_list() -> None:
    company = [objective(f"C{n}") for n in (1, 2, 3)]
    teams = [objective(f"C{n}-{t}", parent=f"C{n}", team=team)
             for n in (1, 2, 3) for t, team in enumerate(("Sales", "Support"))]
    people = [objective(f"C1-0-{p}", parent="C1-0") for p in range(5)]
    assert check_quarter(plan(*company, *teams, *people)) == []  # 14 objectives, none of them too many


@pytest.mark.parametrize("top", [1, 2, 6])
def test_the_top_level_still_wants_three_to_five(top: int) -> None:
    company = [objective(f"C{n}") for n in range(1, top + 1)]
    children = [objective(f"C1-{n}", parent="C1") for n in range(3)]
    findings = check_quarter(plan(*company, *children))
    assert keys(findings) == [(Severity.WARNING, "2026-Q1", "objective-count")]
    assert f"has {top} top-level objective" in findings[0].message


def test_more_than_five_under_one_parent_is_a_warning_naming_the_parent() -> None:
    company = [objective(f"C{n}") for n in (1, 2, 3)]
    children = [objective(f"C2-{n}", parent="C2") for n in range(6)]
    findings = check_quarter(plan(*company, *children))
    assert keys(findings) == [(Severity.WARNING, "C2", "objective-count")]
    assert "has 6 objectives under it (C2-0, C2-1, C2-2, C2-3, C2-4, C2-5)" in findings[0].message


def test_more_than_five_for_one_team_is_a_warning_naming_the_team_even_across_parents() -> None:
    company = [objective(f"C{n}") for n in (1, 2, 3)]
    growth = [objective(f"G{n}", parent=f"C{n % 3 + 1}", team="Growth") for n in range(6)]
    small = [objective("S1", parent="C1", team="Support")]
    findings = check_quarter(plan(*company, *growth, *small))
    assert keys(findings) == [(Severity.WARNING, "2026-Q1", "objective-count")]
    assert "team 'Growth' has 6 objectives (G0, G1, G2, G3, G4, G5)" in findings[0].message


def test_one_teams_flat_plan_of_too_many_is_said_once() -> None:
    findings = check_quarter(plan(*[objective(f"O{n}", team="Growth") for n in range(7)]))
    assert keys(findings) == [(Severity.WARNING, "2026-Q1", "objective-count")]
    assert "has 7 objectives;" in findings[0].message


def test_a_parent_objective_may_hold_its_results_in_its_children() -> None:
    parent = {"id": "C1", "title": "Win the mid-market", "owner": "Ben Ode", "key_results": []}
    lonely = {"id": "C3", "title": "Nothing measured", "owner": "Ben Ode", "key_results": []}
    findings = check_quarter(plan(parent, objective("C2"), lonely, objective("T1", parent="C1")))
    assert keys(findings) == [(Severity.ERROR, "C3", "kr-count")]


# --- owner is a team ----------------------------------------------------------------------------------------

def test_an_owner_that_is_a_team_named_in_the_file_is_an_error() -> None:
    quarter = plan(objective("O1", metric("KR1", owner="Distribution"), team="Distribution"),
                   objective("O2", metric("KR2", owner="  product   marketing",
                                          dependencies=[{"team": "Product Marketing", "help": "Launch copy"}])),
                   objective("O3", owner="Distribution"))
    findings = check_quarter(quarter)
    assert keys(findings) == [(Severity.ERROR, "KR1", "one-owner"), (Severity.ERROR, "KR2", "one-owner"),
                              (Severity.ERROR, "O3", "one-owner")]
    assert all("is a team in this plan; name the one person" in f.message for f in findings)
    assert "'Distribution'" in findings[0].message


@pytest.mark.parametrize("owner", ["PMM", "Distribution", "Sales", "Ana"])
def test_a_one_word_owner_is_a_warning_asking_for_one_person(owner: str) -> None:
    findings = check_quarter(with_kr(metric("KR1", owner=owner)))
    assert keys(findings) == [(Severity.WARNING, "KR1", "owner-name")]
    assert f"owner '{owner}' is one word" in findings[0].message and "name the one person" in findings[0].message


@pytest.mark.parametrize("owner", ["Ana Ruiz", "ana.ruiz@example.com", "@anaruiz", "Jean-Luc Picard"])
def test_a_person_is_not_flagged(owner: str) -> None:
    assert check_quarter(with_kr(metric("KR1", owner=owner))) == []


def test_a_shared_owner_is_still_the_error_it_was() -> None:
    findings = check_quarter(with_kr(metric("KR1", owner="Sales and Marketing")))
    assert keys(findings) == [(Severity.ERROR, "KR1", "one-owner")]
    assert "names 2 owners" in findings[0].message


# --- compound KR --------------------------------------------------------------------------------------------

COMPOUND = [
    ("Close 4 Tier 1 deals and 11 non-Tier 1 deals", ["4", "11"]),
    ("Hire 2 engineers and 1 designer", ["2", "1"]),
    ("Publish 4 case studies, 2 webinars", ["4", "2"]),
    ("Increase NPS from 45 to 60 and cut churn from 3% to 2%", ["60", "2"]),
    ("Reduce churn to 2% and increase NPS to 60", ["2", "60"]),
    ("Keep p99 under 2 s & error rate under 0.1%", ["2", "0.1"]),
    ("Reach 4.5/5 CSAT; 60 NPS", ["4.5", "60"]),
    ("Grow ARR to $2M and sign 30 new logos", ["2", "30"]),
    ("Cut cost per drop to 430p and van wait to 12 min", ["430", "12"]),
]

NOT_COMPOUND = [
    "Increase NPS from 45 to 60",
    "Cut p99 latency below 2 s",
    "Launch v2 in EU",
    "Close 40 Tier 1 deals",
    "Close Tier 1 and Tier 2 partner deals",
    "Close Tier-1 and Tier-2 deals",
    "Launch in Q3 and Q4",
    "Ship v2.1 and v3 of the API",
    "Achieve SOC 2 Type II and ISO 27001 certification",
    "Sign 3 customers by March 31, 2027",
    "Sign 3 customers by 2027 and renew the rest",
    "Grow ARR to $2M, up from $1.5M",
    "Cut onboarding time by 50%, from 10 to 5 days",
    "Reduce monthly logo churn from 3.2% to 2.0%",
    "Cut cost per ticket from $12.50 to $9",
    "Cut fuel cost per delivery from 480p to 430p",
    "Keep complaints below 4 per 1,000 deliveries",
    "Reach 1,000 paying customers and keep them",
    "Keep weekly releases between 3 and 5",
    "Offer 24/7 support and 99.9% uptime",
    "Hire 10 engineers (5 backend, 5 frontend)",
    "Answer 90% of P1 tickets within 4 hours",
    "Roll out 5G and B2B checkout in phase 2 and phase 3",
    "Win the 1st and 2nd place in the G2 grid",
    "Launch the partner portal",
]


@pytest.mark.parametrize(("title", "numbers"), COMPOUND, ids=[t for t, _ in COMPOUND])
def test_two_targets_joined_by_and_or_a_comma_is_a_compound_kr(title: str, numbers: list[str]) -> None:
    assert is_compound(title)
    assert target_numbers(title) == numbers
    findings = check_quarter(with_kr(metric("KR1", title=title)))
    assert keys(findings) == [(Severity.WARNING, "KR1", "compound")]
    assert f"({', '.join(numbers)})" in findings[0].message and "one KR per target" in findings[0].message


@pytest.mark.parametrize("title", NOT_COMPOUND)
def test_labels_versions_dates_baselines_and_ranges_are_not_a_second_target(title: str) -> None:
    assert not is_compound(title), target_numbers(title)
    assert check_quarter(with_kr(metric("KR1", title=title))) == []


def test_tier_and_quarter_labels_are_not_target_numbers() -> None:
    assert target_numbers("Close 4 Tier 1 deals and 11 non-Tier 1 deals in Q3") == ["4", "11"]
    assert target_numbers("Cut p99 from 3 s to 2 s in v2") == ["2"]


def test_a_milestone_title_can_be_compound_too() -> None:
    findings = check_quarter(with_kr(milestone("KR1", title="Launch in 3 markets and sign 2 resellers")))
    assert keys(findings) == [(Severity.WARNING, "KR1", "compound")]


# --- unmeasurable milestone ---------------------------------------------------------------------------------

def test_a_milestone_with_no_checklist_and_no_due_date_is_a_warning() -> None:
    findings = check_quarter(with_kr(milestone("KR1", due=None)))
    assert keys(findings) == [(Severity.WARNING, "KR1", "measurable")]
    assert "how will we know it is done, and by when?" in findings[0].message


@pytest.mark.parametrize("fields", [{"due": "2026-02-01"}, {"due": None, "checklist": [{"title": "Spec"}]},
                                    {"due": None, "done": True}],
                         ids=["due", "checklist", "done"])
def test_a_milestone_with_a_checklist_a_due_date_or_done_already_is_measurable(fields: dict[str, Any]) -> None:
    assert check_quarter(with_kr(milestone("KR1", **fields))) == []


# --- a plan as a company publishes it -----------------------------------------------------------------------

def test_a_published_plan_checked_before_its_quarter_gets_only_what_a_coach_would_raise() -> None:
    company = objective("C1", owner="Maya Chen", key_results=[
        milestone("C1-KR1", title="Ship self-serve onboarding", evidence_source="", due="2026-03-01"),
        milestone("C1-KR2", title="Publish the pricing page", evidence_source="", due=None),
        metric("C1-KR3", title="Grow weekly active teams from 1,200 to 2,000", baseline=1200, target=2000,
               current=None),
    ])
    sales = objective("S1", parent="C1", team="Sales", owner="Luis Gomez", key_results=[
        metric("S1-KR1", title="Close 4 Tier 1 deals and 11 non-Tier 1 deals", owner="Distribution",
               baseline=0, target=15, current=None),
        threshold("S1-KR2", title="Keep win rate above 25%", kind="stay_above", unit="%", threshold=25,
                  current=None, owner="PMM"),
    ])
    support = objective("P1", parent="C1", team="Distribution", owner="Kim Lee",
                        key_results=[metric("P1-KR1", current=None)])
    findings = check_quarter(plan(company, objective("C2"), objective("C3"), sales, support),
                             START - timedelta(days=10))
    assert keys(findings) == [
        (Severity.WARNING, "C1-KR1", "evidence-source"),
        (Severity.WARNING, "C1-KR2", "evidence-source"),
        (Severity.WARNING, "C1-KR2", "measurable"),
        (Severity.ERROR, "S1-KR1", "one-owner"),
        (Severity.WARNING, "S1-KR1", "compound"),
        (Severity.WARNING, "S1-KR2", "owner-name"),
    ]
    assert all("\n" not in f.message and f.subject for f in findings)  # one line each, naming the id
