"""Unit tests of the pure domain rules: progress, pace, suggested status, owner check, planning check."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from reviewtui.domain.importing import validate_quarter
from reviewtui.domain.models import KeyResult, Quarter, Status
from reviewtui.domain.planning import Finding, Severity, check_quarter, has_errors, owner_problem
from reviewtui.domain.progress import pace, progress, suggested_status

# A 100-day quarter, so pace is a round number: day 50 is exactly half way.
START, END = date(2026, 1, 1), date(2026, 4, 10)  # 100 calendar days; START is day 1
HALF_WAY = date(2026, 2, 19)  # day 50
assert (END - START).days + 1 == 100 and (HALF_WAY - START).days + 1 == 50


def make_kr(**fields: Any) -> KeyResult:
    data = {"id": "KR1", "title": "Increase NPS", "owner": "Ana Ruiz", "unit": "points",
            "baseline": 0, "target": 100, "current": None, "evidence_source": "NPS export"}
    data.update(fields)
    return KeyResult.model_validate(data)


def kr_data(ident: str, **fields: Any) -> dict[str, Any]:
    data = {"id": ident, "title": f"Key result {ident}", "owner": "Ana Ruiz", "unit": "points",
            "baseline": 0, "target": 10, "current": 5, "evidence_source": "Weekly export"}
    data.update(fields)
    return data


def objective_data(ident: str, krs: int = 1, **fields: Any) -> dict[str, Any]:
    data = {"id": ident, "title": f"Objective {ident}", "owner": "Ben Ode",
            "key_results": [kr_data(f"{ident}-KR{n}") for n in range(1, krs + 1)]}
    data.update(fields)
    return data


def quarter_data(objectives: int = 3) -> dict[str, Any]:
    return {"quarter": "2026-Q1", "start": START.isoformat(), "end": END.isoformat(),
            "objectives": [objective_data(f"O{n}") for n in range(1, objectives + 1)]}


def quarter_of(data: dict[str, Any]) -> Quarter:
    return validate_quarter(copy.deepcopy(data))


def keys(findings: list[Finding]) -> list[tuple[Severity, str, str]]:
    return [(f.severity, f.subject, f.rule) for f in findings]


# --- progress ----------------------------------------------------------------------------------------

def test_progress_of_an_increasing_kr() -> None:
    kr = make_kr(baseline=45, target=60, current=52)
    assert progress(kr) == pytest.approx(7 / 15)


def test_progress_of_a_decreasing_kr_where_lower_is_better() -> None:
    kr = make_kr(baseline=10, target=4, current=7)
    assert kr.lower_is_better
    assert progress(kr) == pytest.approx(0.5)
    # Moving the wrong way (up) is negative progress, reaching the target is 1, beating it is above 1.
    assert progress(kr, 12) == pytest.approx(-1 / 3)
    assert progress(kr, 4) == pytest.approx(1.0)
    assert progress(kr, 1) == pytest.approx(1.5)


def test_progress_uses_an_explicit_value_over_current() -> None:
    kr = make_kr(baseline=0, target=200, current=50)
    assert progress(kr) == pytest.approx(0.25)
    assert progress(kr, 150) == pytest.approx(0.75)


def test_progress_is_none_without_a_value() -> None:
    assert progress(make_kr(current=None)) is None


def test_progress_of_zero_current_is_zero_not_none() -> None:
    assert progress(make_kr(baseline=0, target=10, current=0)) == 0


# --- pace --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 1), 0.0),   # before the quarter
        (START, 0.01),              # day 1 of 100
        (date(2026, 1, 10), 0.1),   # day 10 of 100
        (HALF_WAY, 0.5),
        (date(2026, 3, 21), 0.8),   # day 80 of 100
        (END, 1.0),
        (date(2026, 6, 30), 1.0),   # after the quarter
    ],
)
def test_pace_is_linear_and_clamped(today: date, expected: float) -> None:
    assert pace(START, END, today) == pytest.approx(expected)


# --- suggested status ----------------------------------------------------------------------------------

QUARTER = quarter_of(quarter_data())


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected"),
    [
        # increasing, pace 0.5 on HALF_WAY: gap = 0.5 - progress
        (0, 100, 60, Status.ON_TRACK),    # ahead of pace, gap -0.10
        (0, 100, 45, Status.ON_TRACK),    # gap 0.05
        (0, 100, 40, Status.ON_TRACK),    # gap 0.10: the at-risk threshold itself is still on track
        (0, 100, 35, Status.AT_RISK),     # gap 0.15
        (0, 100, 25, Status.AT_RISK),     # gap 0.25: the off-track threshold itself is at risk
        (0, 100, 20, Status.OFF_TRACK),   # gap 0.30
        (0, 100, -10, Status.OFF_TRACK),  # went backwards
        # decreasing (lower is better): 200 -> 100, progress = (200 - current) / 100
        (200, 100, 150, Status.ON_TRACK),   # progress 0.5
        (200, 100, 170, Status.AT_RISK),    # progress 0.3, gap 0.2
        (200, 100, 190, Status.OFF_TRACK),  # progress 0.1, gap 0.4
        (200, 100, 210, Status.OFF_TRACK),  # went the wrong way
    ],
)
def test_suggested_status_thresholds(baseline: float, target: float, current: float, expected: Status) -> None:
    kr = make_kr(baseline=baseline, target=target, current=current)
    assert suggested_status(kr, QUARTER, HALF_WAY) is expected


def test_suggested_status_follows_pace_through_the_quarter() -> None:
    kr = make_kr(baseline=0, target=100, current=30)
    assert suggested_status(kr, QUARTER, START) is Status.ON_TRACK               # pace 0.01, gap -0.29
    assert suggested_status(kr, QUARTER, date(2026, 2, 4)) is Status.ON_TRACK    # pace 0.35, gap 0.05
    assert suggested_status(kr, QUARTER, date(2026, 2, 19)) is Status.AT_RISK    # pace 0.50, gap 0.20
    assert suggested_status(kr, QUARTER, date(2026, 3, 1)) is Status.OFF_TRACK   # pace 0.60, gap 0.30
    assert suggested_status(kr, QUARTER, END) is Status.OFF_TRACK                # pace 1, gap 0.70


def test_suggested_status_threshold_does_not_depend_on_float_rounding() -> None:
    kr = make_kr(baseline=0, target=100, current=30)
    assert suggested_status(kr, QUARTER, date(2026, 2, 9)) is Status.ON_TRACK   # pace 0.40, gap 0.10
    assert suggested_status(kr, QUARTER, date(2026, 2, 24)) is Status.AT_RISK    # pace 0.55, gap 0.25


def test_suggested_status_is_none_without_a_value() -> None:
    assert suggested_status(make_kr(current=None), QUARTER, HALF_WAY) is None


# --- owner check ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", ["Ana Ruiz", "Jean-Luc Picard", "Andrea Anderson", "José Núñez", "Anna Orr"])
def test_one_person_is_a_valid_owner(owner: str) -> None:
    assert owner_problem(owner) is None


@pytest.mark.parametrize(
    ("owner", "says"),
    [
        ("Product and Commercial", "names 2 owners"),
        ("Ops/Finance", "names 2 owners"),
        ("Ana & Ben", "names 2 owners"),
        ("Ana, Ben", "names 2 owners"),
        ("Ana, Ben and Cleo", "names 3 owners"),
        ("Sales or Marketing", "names 2 owners"),
        ("Support team", "looks like a group"),
        ("Leadership", "looks like a group"),
    ],
)
def test_shared_or_group_owner_is_a_problem(owner: str, says: str) -> None:
    problem = owner_problem(owner)
    assert problem is not None
    assert says in problem
    assert f"'{owner}'" in problem


# --- planning check ---------------------------------------------------------------------------------------

def test_clean_quarter_of_three_objectives_has_no_findings() -> None:
    findings = check_quarter(quarter_of(quarter_data(3)))
    assert findings == []
    assert not has_errors(findings)


@pytest.mark.parametrize("count", [1, 2, 6, 7])
def test_objective_count_outside_three_to_five_is_a_warning(count: int) -> None:
    findings = check_quarter(quarter_of(quarter_data(count)))
    assert keys(findings) == [(Severity.WARNING, "2026-Q1", "objective-count")]
    assert f"has {count} objective" in findings[0].message
    assert not has_errors(findings)


@pytest.mark.parametrize("count", [3, 4, 5])
def test_three_to_five_objectives_are_fine(count: int) -> None:
    assert check_quarter(quarter_of(quarter_data(count))) == []


def test_more_than_six_krs_is_a_warning_and_six_is_fine() -> None:
    data = quarter_data()
    data["objectives"][0] = objective_data("O1", krs=7)
    data["objectives"][1] = objective_data("O2", krs=6)
    findings = check_quarter(quarter_of(data))
    assert keys(findings) == [(Severity.WARNING, "O1", "kr-count")]
    assert "7 key results" in findings[0].message


def test_objective_without_krs_is_an_error() -> None:
    data = quarter_data()
    data["objectives"][1] = objective_data("O2", krs=0)
    findings = check_quarter(quarter_of(data))
    assert keys(findings) == [(Severity.ERROR, "O2", "kr-count")]
    assert has_errors(findings)


@pytest.mark.parametrize("source", ["", "   "])
def test_missing_evidence_source_is_an_error(source: str) -> None:
    data = quarter_data()
    data["objectives"][2]["key_results"][0]["evidence_source"] = source
    findings = check_quarter(quarter_of(data))
    assert keys(findings) == [(Severity.ERROR, "O3-KR1", "evidence-source")]
    assert has_errors(findings)


def test_shared_owner_is_an_error_on_objective_and_on_kr() -> None:
    data = quarter_data()
    data["objectives"][0]["owner"] = "Product and Commercial"
    data["objectives"][1]["key_results"][0]["owner"] = "Ops/Finance"
    data["objectives"][2]["key_results"][0]["owner"] = "Support team"
    findings = check_quarter(quarter_of(data))
    assert keys(findings) == [
        (Severity.ERROR, "O1", "one-owner"),
        (Severity.ERROR, "O2-KR1", "one-owner"),
        (Severity.ERROR, "O3-KR1", "one-owner"),
    ]
    assert "Product and Commercial" in findings[0].message
    assert has_errors(findings)


def test_dependency_without_help_is_a_warning_and_with_help_is_fine() -> None:
    data = quarter_data()
    data["objectives"][0]["key_results"][0]["dependencies"] = [{"team": "Product", "help": "Ship the survey"}]
    data["objectives"][1]["key_results"][0]["dependencies"] = [{"team": "Data"}, {"team": "Legal", "help": " "}]
    findings = check_quarter(quarter_of(data))
    assert keys(findings) == [
        (Severity.WARNING, "O2-KR1", "dependency-help"),
        (Severity.WARNING, "O2-KR1", "dependency-help"),
    ]
    assert "Data" in findings[0].message and "Legal" in findings[1].message
    assert not has_errors(findings)


def test_kr_without_current_value_is_a_warning_two_weeks_in_and_not_for_the_plan_alone() -> None:
    data = quarter_data()
    del data["objectives"][0]["key_results"][0]["current"]
    assert keys(check_quarter(quarter_of(data), HALF_WAY)) == [(Severity.WARNING, "O1-KR1", "current-value")]
    assert check_quarter(quarter_of(data)) == []  # no date: what the plan says, true whenever it is read


def test_findings_come_in_quarter_then_objective_order() -> None:
    data = quarter_data(2)
    data["objectives"][1]["owner"] = "Ana & Ben"
    data["objectives"][1]["key_results"][0]["evidence_source"] = ""
    data["objectives"][0]["key_results"][0]["dependencies"] = [{"team": "Data"}]
    findings = check_quarter(quarter_of(data))
    assert keys(findings) == [
        (Severity.WARNING, "2026-Q1", "objective-count"),
        (Severity.WARNING, "O1-KR1", "dependency-help"),
        (Severity.ERROR, "O2", "one-owner"),
        (Severity.ERROR, "O2-KR1", "evidence-source"),
    ]
    assert all(isinstance(value, str) for f in findings for value in f.as_dict().values())


def test_has_errors() -> None:
    warning = Finding(Severity.WARNING, "Q", "objective-count", "has 2 objectives")
    error = Finding(Severity.ERROR, "KR1", "evidence-source", "no evidence source")
    assert has_errors([]) is False
    assert has_errors([warning]) is False
    assert has_errors([warning, error]) is True
    assert has_errors([error]) is True


def test_objective_count_message_for_one_objective_is_singular() -> None:
    findings = check_quarter(quarter_of(quarter_data(1)))
    assert "has 1 objective;" in findings[0].message


# --- layering -------------------------------------------------------------------------------------------

def test_domain_imports_neither_textual_nor_tinydb() -> None:
    child = """
import importlib, json, pkgutil, sys
import reviewtui.domain as domain
names = [m.name for m in pkgutil.iter_modules(domain.__path__)]
for name in names:
    importlib.import_module("reviewtui.domain." + name)
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "tinydb"))
print(json.dumps({"modules": names, "heavy": heavy}))
"""
    result = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60, check=True)
    report = json.loads(result.stdout)
    assert {"text", "models", "importing", "progress", "planning"} <= set(report["modules"])
    assert report["heavy"] == []


def test_a_meetings_review_of_a_kr_follows_every_change_to_its_reviews() -> None:
    """review_of keeps an index of the reviews: it must still answer what a scan of the list would."""
    from datetime import UTC, datetime

    from reviewtui.domain.models import KRReview, Meeting, MeetingKind

    meeting = Meeting(id="m", quarter_id="Q", kind=MeetingKind.WEEKLY, facilitator="Ana Ruiz",
                      started_at=datetime(2026, 11, 22, 9, tzinfo=UTC), agenda=["A", "B", "C"],
                      reviews=[KRReview(kr_id="A"), KRReview(kr_id="B")])
    assert meeting.review_of("B") is meeting.reviews[1] and meeting.review_of("C") is None
    meeting.reviews[1] = KRReview(kr_id="B", evidence="new")  # replaced in place
    assert meeting.review_of("B") is meeting.reviews[1]
    meeting.reviews.append(KRReview(kr_id="C"))
    assert meeting.review_of("C") is meeting.reviews[2]
    meeting.reviews.insert(0, KRReview(kr_id="C", evidence="first"))  # every index moves; a scan finds the first
    assert meeting.review_of("A") is meeting.reviews[1] and meeting.review_of("C").evidence == "first"
    meeting.reviews = [KRReview(kr_id="B", evidence="other list")]
    assert meeting.review_of("B").evidence == "other list" and meeting.review_of("A") is None
    copied = meeting.model_copy(deep=True)
    copied.reviews[0] = KRReview(kr_id="B", evidence="copy")
    assert copied.review_of("B").evidence == "copy" and meeting.review_of("B").evidence == "other list"
