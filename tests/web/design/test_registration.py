"""The design area answers the workflow's plan requirements, freezes its sections in application
versions, and links its pages from the initiative (registries of sikt.web.initiatives)."""

from __future__ import annotations

import pytest

from sikt.web.design.demo import seed_design_for
from sikt.web.initiatives import requirements, sections, snapshots
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.states import InitiativeState
from tests.web.design.conftest import set_state
from tests.web.factories import make_committee

pytestmark = pytest.mark.django_db

KEYS = (
    "logic_model_with_indicators",
    "follow_up_and_evaluation_plan",
    "implementation_and_maintenance_plan",
    "project_organisation",
)


def test_requirements_are_registered_and_follow_the_design(initiative: Initiative) -> None:
    assert set(KEYS) <= requirements.registered_keys()
    ruleset = ruleset_for(initiative.organization)
    before = requirements.evaluate(initiative, KEYS, ruleset)
    assert [status.met for status in before] == [False] * 4
    assert all(status.registered for status in before)
    make_committee(initiative.organization, "Utbildningsnämnden")
    seed_design_for(set_state(initiative, InitiativeState.PLAN_DRAFT))
    after = requirements.evaluate(initiative, KEYS, ruleset)
    assert [status.met for status in after] == [True] * 4


def test_snapshot_contains_the_design_in_swedish(initiative: Initiative) -> None:
    make_committee(initiative.organization, "Utbildningsnämnden")
    seed_design_for(set_state(initiative, InitiativeState.PLAN_DRAFT))
    content = snapshots.take(initiative)
    logic = content["logic_model"]
    assert logic["label"] == "Logikmodell"
    assert logic["fields"]["Övergripande syfte"].startswith("Fler elever ska kunna läsa")
    field = logic["fields"][
        "Kortsiktiga resultat: Bättre läsförmåga hos elever med svaga resultat i åk 1"
    ]
    assert "24 → 15; lägre är bättre; vid start och avslut" in field
    assert "LegiLexi" in field and "nedbrutet på kön" in field
    risks = content["risks"]["fields"]
    assert "sannolikhet medel, påverkan hög, hög prioritet" in risks["Risk 1"]
    assert content["project_organisation"]["fields"]["Ägande nämnd"] == "Utbildningsnämnden"
    assert content["implementation_plan"]["fields"]["Kostnad i full skala"] == (
        "4\xa0800\xa0000 kr per år (2025 års priser)"
    )


def test_a_changed_indicator_shows_in_the_version_comparison(initiative: Initiative) -> None:
    seed_design_for(set_state(initiative, InitiativeState.PLAN_DRAFT))
    older = snapshots.take(initiative)
    from sikt.web.design.models import Indicator

    indicator = Indicator.objects.get(name__startswith="Andel elever under gränsvärdet")
    Indicator.objects.filter(pk=indicator.pk).update(target_value=12)
    changed = [
        (section.key, field.label)
        for section in snapshots.compare(older, snapshots.take(initiative))
        for field in section.fields
        if field.changed
    ]
    assert changed == [
        (
            "logic_model",
            "Kortsiktiga resultat: Bättre läsförmåga hos elever med svaga resultat i åk 1",
        )
    ]


def test_pages_are_linked_from_the_initiative() -> None:
    linked = {section.key: section.url_name for section in sections.detail_sections()}
    assert linked["logic_model"] == "design:logic-model"
    assert linked["risks"] == "design:risks"
    assert "design" in linked
    assert "evaluation_design" in dict(sections.comment_sections())


def test_initiative_page_links_the_design_pages_and_back(
    applicant_client: object, initiative: Initiative
) -> None:
    from django.urls import reverse

    detail = applicant_client.get(  # type: ignore[attr-defined]
        reverse("initiatives:detail", kwargs={"pk": initiative.pk})
    ).content.decode()
    for name in ("design:overview", "design:logic-model", "design:risks", "design:evaluation"):
        assert reverse(name, kwargs={"pk": initiative.pk}) in detail
    page = applicant_client.get(  # type: ignore[attr-defined]
        reverse("design:logic-model", kwargs={"pk": initiative.pk})
    ).content.decode()
    assert f'href="{reverse("initiatives:detail", kwargs={"pk": initiative.pk})}"' in page
    assert 'aria-current="page">Satsningar</a>' in page
