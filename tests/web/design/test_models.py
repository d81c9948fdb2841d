"""Validation rules of indicators, risks, target groups and plans: a clear message at the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sikt.web.accounts.models import Organization
from sikt.web.design.models import (
    Direction,
    ImplementationOutline,
    Indicator,
    IndicatorKind,
    Level,
    Level3,
    Priority,
    TargetGroup,
    priority_of,
)
from sikt.web.initiatives.models import Initiative
from tests.web.factories import make_indicator, make_logic_element

pytestmark = pytest.mark.django_db


def _errors(instance: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()  # type: ignore[attr-defined]
    return caught.value.message_dict


def _indicator(organization: Organization, **values: object) -> Indicator:
    element = make_logic_element(organization, Level.SHORT_TERM)
    fields: dict[str, object] = {
        "name": "Andel elever som når kunskapskraven i läsning",
        "kind": IndicatorKind.OUTCOME_SHORT,
        "unit": "%",
        "frequency": "yearly",
        "data_source": "Skolans betygsregister",
        **values,
    }
    return Indicator(element=element, **fields)


def test_a_complete_indicator_is_valid(organization: Organization) -> None:
    indicator = _indicator(
        organization,
        baseline_value=Decimal("62.5"),
        baseline_date=dt.date(2026, 8, 15),
        target_value=Decimal("75"),
        direction=Direction.HIGHER,
        disaggregations=["sex", "area"],
    )
    indicator.full_clean()
    assert indicator.expected_change == Decimal("12.5")
    assert indicator.disaggregation_labels() == ["Kön", "Område"]


def test_missing_unit_is_reported_at_the_unit(organization: Organization) -> None:
    assert "unit" in _errors(_indicator(organization, unit=""))


def test_negative_baseline_needs_the_negative_values_flag(organization: Organization) -> None:
    errors = _errors(
        _indicator(organization, baseline_value=Decimal("-3"), baseline_date=dt.date(2026, 1, 1))
    )
    assert list(errors) == ["baseline_value"]
    allowed = _indicator(
        organization,
        baseline_value=Decimal("-3"),
        baseline_date=dt.date(2026, 1, 1),
        target_value=Decimal("2"),
        allows_negative=True,
    )
    allowed.full_clean()


def test_target_equal_to_baseline_without_direction_is_refused(organization: Organization) -> None:
    indicator = _indicator(
        organization,
        baseline_value=Decimal("40"),
        baseline_date=dt.date(2026, 1, 1),
        target_value=Decimal("40"),
    )
    assert "target_value" in _errors(indicator)
    indicator.direction = Direction.LOWER
    indicator.full_clean()


@pytest.mark.parametrize(
    ("direction", "target"), [(Direction.HIGHER, "30"), (Direction.LOWER, "50")]
)
def test_target_against_the_direction_is_refused(
    organization: Organization, direction: str, target: str
) -> None:
    indicator = _indicator(
        organization,
        baseline_value=Decimal("40"),
        baseline_date=dt.date(2026, 1, 1),
        target_value=Decimal(target),
        direction=direction,
    )
    assert "target_value" in _errors(indicator)


def test_baseline_value_needs_a_date(organization: Organization) -> None:
    assert "baseline_date" in _errors(_indicator(organization, baseline_value=Decimal("3")))


def test_indicator_type_must_fit_the_level(organization: Organization) -> None:
    assert "kind" in _errors(_indicator(organization, kind=IndicatorKind.PROCESS))


def test_unknown_disaggregation_is_refused(organization: Organization) -> None:
    assert "disaggregations" in _errors(_indicator(organization, disaggregations=["shoe_size"]))


@pytest.mark.parametrize(
    ("probability", "impact", "priority"),
    [
        (Level3.LOW, Level3.LOW, Priority.LOW),
        (Level3.LOW, Level3.MEDIUM, Priority.LOW),
        (Level3.MEDIUM, Level3.MEDIUM, Priority.MEDIUM),
        (Level3.HIGH, Level3.LOW, Priority.MEDIUM),
        (Level3.LOW, Level3.HIGH, Priority.MEDIUM),
        (Level3.MEDIUM, Level3.HIGH, Priority.HIGH),
        (Level3.HIGH, Level3.HIGH, Priority.HIGH),
    ],
)
def test_priority_follows_probability_and_impact(
    probability: int, impact: int, priority: Priority
) -> None:
    assert priority_of(probability, impact) == priority


def test_target_group_ages_and_reach(initiative: Initiative) -> None:
    group = TargetGroup(
        initiative=initiative,
        description="Barn",
        age_from=12,
        age_to=6,
        size_estimate=10,
        reached_estimate=20,
    )
    assert set(_errors(group)) == {"age_to", "reached_estimate"}


def test_full_scale_cost_needs_a_price_year_and_cannot_be_negative(initiative: Initiative) -> None:
    outline = ImplementationOutline(
        initiative=initiative,
        ordinary_operations="Elevhälsan tar över",
        financing="Inom ram",
        maintenance="Fortbildning vartannat år",
        replaces="Enskilda specialpedagoginsatser",
        full_scale_cost=Decimal("-1"),
    )
    assert set(_errors(outline)) == {"full_scale_cost", "price_year"}


def test_indicator_factory_matches_its_level(organization: Organization) -> None:
    element = make_logic_element(organization, Level.ACTIVITIES)
    assert make_indicator(organization, element=element).kind == IndicatorKind.PROCESS
