"""The pages as a user meets them: HTMX partial edits, plain-form fallback, read-only views."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, User
from sikt.web.design.models import Indicator, Level, LogicElement, Risk
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState as S
from tests.web.conftest import login
from tests.web.design.conftest import set_state
from tests.web.factories import make_indicator, make_logic_element, make_risk

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _indicator_data(**values: str) -> dict[str, str]:
    return {
        "name": "Andel som når kunskapskraven i läsning",
        "kind": "outcome_short",
        "unit": "%",
        "baseline_value": "62,5",
        "baseline_date": "2026-08-15",
        "target_value": "75",
        "direction": "higher",
        "frequency": "yearly",
        "data_source": "Skolans betygsregister",
        "instrument": "",
        "disaggregations": ["sex", "area"],
        "disaggregation_other": "",
        **values,
    }


def test_add_element_with_htmx_returns_the_region(
    applicant_client: Client, initiative: Initiative
) -> None:
    url = reverse("design:element-create", kwargs={"pk": initiative.pk})
    form = applicant_client.get(
        url + "?level=activities", **HTMX, HTTP_HX_TARGET="level-activities-form"
    )
    assert form.status_code == 200
    assert b"<html" not in form.content
    assert 'hx-target="#level-activities-form"' in form.content.decode()
    response = applicant_client.post(
        url,
        {"level": "activities", "text": "Lässtunder tre gånger i veckan"},
        **HTMX,
        HTTP_HX_TARGET="level-activities-form",
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#logic-model"
    assert response["HX-Reswap"] == "outerHTML"
    assert "Lässtunder tre gånger i veckan" in response.content.decode()
    assert LogicElement.objects.get().level == Level.ACTIVITIES


def test_add_indicator_with_localised_numbers(
    applicant_client: Client, initiative: Initiative
) -> None:
    element = make_logic_element(initiative.organization, Level.SHORT_TERM, initiative=initiative)
    url = reverse("design:indicator-create", kwargs={"pk": element.pk})
    response = applicant_client.post(
        url, _indicator_data(), **HTMX, HTTP_HX_TARGET=element.form_slot
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    indicator = Indicator.objects.get()
    assert indicator.baseline_value == Decimal("62.5")
    assert indicator.disaggregations == ["sex", "area"]
    page = response.content.decode()
    assert "62,5" in page and "Kön, Område" in page


def test_invalid_indicator_shows_the_message_at_the_field_and_saves_nothing(
    applicant_client: Client, initiative: Initiative
) -> None:
    element = make_logic_element(initiative.organization, Level.SHORT_TERM, initiative=initiative)
    url = reverse("design:indicator-create", kwargs={"pk": element.pk})
    response = applicant_client.post(
        url,
        _indicator_data(target_value="62,5", direction=""),
        **HTMX,
        HTTP_HX_TARGET=element.form_slot,
    )
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    page = response.content.decode()
    assert 'id="id_target_value_error"' in page
    assert "Målvärdet är lika med utgångsvärdet" in page
    assert not Indicator.objects.exists()


def test_missing_unit_without_javascript(applicant_client: Client, initiative: Initiative) -> None:
    element = make_logic_element(initiative.organization, Level.SHORT_TERM, initiative=initiative)
    url = reverse("design:indicator-create", kwargs={"pk": element.pk})
    response = applicant_client.post(url, _indicator_data(unit=""))
    assert response.status_code == 200
    assert b"<html" in response.content
    assert 'id="id_unit_error"' in response.content.decode()
    assert not Indicator.objects.exists()
    ok = applicant_client.post(url, _indicator_data())
    assert ok.status_code == 302
    assert ok["Location"].endswith(
        reverse("design:logic-model", kwargs={"pk": initiative.pk}) + "#logic-model"
    )


def test_edit_and_delete_a_risk(applicant_client: Client, initiative: Initiative) -> None:
    risk = make_risk(initiative.organization, initiative=initiative)
    edit = reverse("design:risk-edit", kwargs={"pk": risk.pk})
    response = applicant_client.post(
        edit,
        {
            "number": risk.number,
            "category": "harm",
            "description": "Barn pekas ut som svaga läsare",
            "probability": "1",
            "impact": "3",
            "action": "Hela klassen deltar",
            "owner": "Rektor",
        },
        **HTMX,
    )
    assert response["HX-Retarget"] == "#risks"
    risk.refresh_from_db()
    assert risk.category == "harm"
    delete = reverse("design:risk-delete", kwargs={"pk": risk.pk})
    assert applicant_client.get(delete).status_code == 200
    assert applicant_client.post(delete, **HTMX)["HX-Retarget"] == "#risks"
    assert not Risk.objects.exists()


def test_viewer_sees_no_edit_controls_and_gets_403_on_forged_posts(
    client: Client, viewer: User, initiative: Initiative
) -> None:
    element = make_logic_element(initiative.organization, Level.SHORT_TERM, initiative=initiative)
    make_indicator(initiative.organization, element=element)
    login(client, viewer)
    page = client.get(reverse("design:logic-model", kwargs={"pk": initiative.pk})).content.decode()
    assert element.text in page
    assert reverse("design:indicator-create", kwargs={"pk": element.pk}) not in page
    assert reverse("design:element-edit", kwargs={"pk": element.pk}) not in page
    forged = client.post(
        reverse("design:indicator-create", kwargs={"pk": element.pk}), _indicator_data()
    )
    assert forged.status_code == 403
    assert (
        client.post(reverse("design:element-delete", kwargs={"pk": element.pk})).status_code == 403
    )
    assert Indicator.objects.count() == 1
    section = client.get(reverse("design:section-target-group", kwargs={"pk": initiative.pk}))
    assert section.status_code == 200 and b'<form method="post" novalidate' not in section.content
    forged_section = client.post(
        reverse("design:section-target-group", kwargs={"pk": initiative.pk}), {"description": "x"}
    )
    assert forged_section.status_code == 403


def test_frozen_plan_hides_controls_and_says_why(
    applicant_client: Client, initiative: Initiative
) -> None:
    element = make_logic_element(initiative.organization, Level.SHORT_TERM, initiative=initiative)
    set_state(initiative, S.STEERING_REVIEW)
    page = applicant_client.get(reverse("design:logic-model", kwargs={"pk": initiative.pk}))
    text = page.content.decode()
    assert "komplettering" in text
    assert reverse("design:indicator-create", kwargs={"pk": element.pk}) not in text
    assert (
        applicant_client.post(
            reverse("design:element-edit", kwargs={"pk": element.pk}),
            {"level": "short_term", "text": "Ändrat"},
        ).status_code
        == 403
    )


def test_chain_visual_lists_the_levels_in_order_with_their_indicators(
    applicant_client: Client, initiative: Initiative
) -> None:
    organization = initiative.organization
    for level, text in [
        (Level.LONG_TERM, "Fler behöriga till gymnasiet"),
        (Level.RESOURCES, "En läspedagog på halvtid"),
        (Level.SHORT_TERM, "Bättre läsförmåga i åk 1"),
        (Level.ACTIVITIES, "Lässtunder i förskoleklass"),
    ]:
        element = make_logic_element(organization, level, initiative=initiative)
        LogicElement.objects.filter(pk=element.pk).update(text=text)
        make_indicator(organization, element=element, name=f"Mått för {text}")
    page = applicant_client.get(reverse("design:logic-model", kwargs={"pk": initiative.pk}))
    html = page.content.decode()
    chain = html[
        html.index('<ol class="chain">') : html.index("</ol>", html.index('<ol class="chain">'))
    ]
    positions = [
        chain.index(text)
        for text in (
            "En läspedagog på halvtid",
            "Lässtunder i förskoleklass",
            "Bättre läsförmåga i åk 1",
            "Fler behöriga till gymnasiet",
        )
    ]
    assert positions == sorted(positions)
    assert "Mått för Bättre läsförmåga i åk 1" in chain
    assert [
        heading
        for heading in ("Resurser", "Aktiviteter", "Kortsiktiga resultat", "Långsiktiga mål")
        if f"<h3>{heading}</h3>" in chain
    ] == [
        "Resurser",
        "Aktiviteter",
        "Kortsiktiga resultat",
        "Långsiktiga mål",
    ]
    assert 'aria-hidden="true"' in chain


def test_risk_matrix_counts_and_numbers(applicant_client: Client, initiative: Initiative) -> None:
    make_risk(initiative.organization, initiative=initiative)  # medium probability, high impact
    second = make_risk(initiative.organization, initiative=initiative)
    Risk.objects.filter(pk=second.pk).update(probability=3, impact=1)
    page = applicant_client.get(reverse("design:risks", kwargs={"pk": initiative.pk}))
    html = page.content.decode()
    matrix = html[html.index('class="risk-matrix"') :]
    assert matrix.count("Risker: 1<") == 2
    assert f"Nr {second.number}" in matrix
    assert "Hög prioritet" in html
    assert reverse("audit:history", args=["design.risk", second.pk]) in html


def test_section_form_saves_and_shows_the_comparison_caveat(
    applicant_client: Client, initiative: Initiative
) -> None:
    url = reverse("design:section-comparison", kwargs={"pk": initiative.pk})
    page = applicant_client.get(url).content.decode()
    assert "Före–efter är det svagaste" in page
    response = applicant_client.post(
        url,
        {
            "kind": "before_after",
            "rationale": "Ingen jämförbar grupp finns",
            "baseline_plan": "",
        },
    )
    assert 'id="id_baseline_plan_error"' in response.content.decode()
    response = applicant_client.post(
        url,
        {
            "kind": "before_after",
            "rationale": "Ingen jämförbar grupp finns",
            "baseline_plan": "Screening av alla barn i augusti",
            "baseline_by": "2026-08-31",
        },
    )
    assert response.status_code == 302
    evaluation = applicant_client.get(reverse("design:evaluation", kwargs={"pk": initiative.pk}))
    assert "svagaste" in evaluation.content.decode()


def test_project_organisation_refuses_users_of_other_organisations(
    applicant_client: Client, initiative: Initiative, other_organization: Organization
) -> None:
    from tests.web.factories import make_user

    outsider = make_user(other_organization)
    url = reverse("design:section-organisation", kwargs={"pk": initiative.pk})
    response = applicant_client.post(url, {"leader_user": outsider.pk, "owner_name": "Rektor"})
    assert 'id="id_leader_user_error"' in response.content.decode()


def test_index_lists_the_organisations_initiatives(
    applicant_client: Client, initiative: Initiative, other_organization: Organization
) -> None:
    from tests.web.factories import make_initiative

    foreign = make_initiative(other_organization, "Annan satsning")
    page = applicant_client.get(reverse("design:index")).content.decode()
    assert initiative.title in page and foreign.title not in page


def test_new_sections_start_from_the_idea_description(
    applicant_client: Client, initiative: Initiative
) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(
        target_group="Barn 6 år på Ekskolan", purpose="Fler barn läser", owner_name="Rektor"
    )
    page = applicant_client.get(
        reverse("design:section-target-group", kwargs={"pk": initiative.pk})
    ).content.decode()
    assert "Barn 6 år på Ekskolan</textarea>" in page
    purpose = applicant_client.get(reverse("design:section-purpose", kwargs={"pk": initiative.pk}))
    assert "Fler barn läser</textarea>" in purpose.content.decode()
    organisation = applicant_client.get(
        reverse("design:section-organisation", kwargs={"pk": initiative.pk})
    )
    assert 'value="Rektor"' in organisation.content.decode()


def test_submitted_plan_shows_why_the_risks_are_locked(
    applicant_client: Client, initiative: Initiative
) -> None:
    set_state(initiative, S.PLAN_SUBMITTED)
    page = applicant_client.get(reverse("design:risks", kwargs={"pk": initiative.pk}))
    html = page.content.decode()
    assert 'class="notice"' in html and "komplettering" in html
    assert reverse("design:risk-create", kwargs={"pk": initiative.pk}) not in html


def test_logic_model_page_reads_a_bounded_number_of_queries(
    applicant_client: Client, initiative: Initiative, django_assert_max_num_queries: object
) -> None:
    organization = initiative.organization
    for level in Level:
        for _ in range(5):
            element = make_logic_element(organization, level, initiative=initiative)
            for _ in range(3):
                make_indicator(organization, element=element)
    url = reverse("design:logic-model", kwargs={"pk": initiative.pk})
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        response = applicant_client.get(url)
    assert response.content.decode().count("<tr>") >= 60
