"""The case builder as a coordinator uses it: defaults from the plan and the idea, every
valuation line with a per-cent split, scenarios, and the live net present value while typing."""

from __future__ import annotations

import datetime
import html
import io
import re
from decimal import Decimal

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from sikt.calc import load_case, run_deterministic
from sikt.web.accounts.models import Committee, Organization, Role
from sikt.web.calculations.models import Calculation
from sikt.web.unitcosts.selectors import library_for
from tests.web.calculations.posts import as_shown, outcome, years
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_initiative, make_user, prepare_for_examples

OUTCOME = {
    "name": "Undvikna placeringar",
    "direction": "avoided",
    "effect_kind": "count",
    "effect_distribution": "fixed",
    "effect_value": "2",
    "duration_years": "1",
    "drop_off": "0",
    "confidence": "B",
}
HVB = "hvb_cura_institutionsvard_2025"
SIS = "sis_ungdomshem_dygnskostnad_2022"


def test_a_new_calculation_starts_from_the_plan_and_the_idea(
    client: Client, organization: Organization
) -> None:
    prepare_for_examples(organization)
    initiative = make_initiative(organization)
    initiative.start_date = datetime.date(2027, 3, 1)
    initiative.end_date = datetime.date(2033, 6, 30)
    initiative.price_year = 2025
    initiative.save()
    social = Committee.objects.get(organization=organization, name="Socialnämnden")
    initiative.result_committees.add(social)
    login(client, make_user(organization, Role.COORDINATOR))
    form = client.get(reverse("calculations:new", args=[initiative.pk])).context["form"]
    assert form["base_year"].value() == 2027
    assert form["horizon_years"].value() == 7  # 2027–2033
    assert form["price_year"].value() == 2025
    assert form["committees"].value() == ["socialnamnden"]


def test_costs_are_typed_per_calendar_year(client: Client, organization: Organization) -> None:
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:cost", args=[calculation.pk])
    page = client.get(url).content.decode()
    base = calculation.case["base_year"]
    assert f">{base}</label>" in page and f">{base + 1}</label>" in page
    values = {"name": "Team", "bearer": "socialnamnden", **years("amounts", base, "", "1 200 000")}
    client.post(url, values)
    calculation.refresh_from_db()
    assert calculation.case["costs"][-1]["amounts"] == [0.0, 1_200_000.0]


def test_every_valuation_line_is_editable_with_a_split_in_per_cent(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:outcome", args=[calculation.pk])
    lines = (
        (HVB, "120", {"socialnamnden": "100"}),
        (SIS, "30", {"socialnamnden": "67", "staten": "33"}),
    )
    response = client.post(url, outcome(OUTCOME, *lines))
    assert response.status_code == 302
    calculation.refresh_from_db()
    index = len(calculation.case["outcomes"]) - 1
    assert calculation.case["outcomes"][index]["valuation"] == [
        {"unit_cost": HVB, "quantity": 120.0, "bearer": "socialnamnden"},
        {"unit_cost": SIS, "quantity": 30.0, "shares": {"socialnamnden": 0.67, "staten": 0.33}},
    ]
    page = html.unescape(client.get(f"{url}?rad={index}").content.decode())
    assert "Värderingsrad 2" in page
    assert re.search(r'value="67(,0+)?"', page), page
    assert "100\u00a0%" in page
    # change the second line only: the first is kept as it was
    edited = outcome(OUTCOME, lines[0], (SIS, "40", {"socialnamnden": "50", "staten": "50"}))
    client.post(f"{url}?rad={index}", {**edited, "varde-INITIAL_FORMS": "2"})
    calculation.refresh_from_db()
    valuation = calculation.case["outcomes"][index]["valuation"]
    assert valuation[0]["unit_cost"] == HVB
    assert valuation[1]["shares"] == {"socialnamnden": 0.5, "staten": 0.5}
    detail = html.unescape(
        client.get(reverse("calculations:detail", args=[calculation.pk])).content.decode()
    )
    assert re.search(r"Socialnämnden 50\s%", detail)  # the order of bearers is the database's
    assert re.search(r"Staten \(SiS anslag\) 50\s%", detail)
    assert "socialnamnden=" not in detail


def test_scenarios_are_added_and_shown_with_their_net_present_value(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:scenario", args=[calculation.pk])
    client.post(url, {"name": "Dyrare", "effect_scale": "100", "cost_scale": "150"})
    calculation.refresh_from_db()
    added = calculation.case["scenarios"][-1]
    assert (added["key"], added["name"], added["cost_scale"]) == ("dyrare", "Dyrare", 1.5)
    assert added.get("effect_scale", 1.0) == 1.0
    page = html.unescape(
        client.get(reverse("calculations:detail", args=[calculation.pk])).content.decode()
    )
    assert "Dyrare" in page and re.search(r"150\s%", page)
    client.post(f"{url}?rad={len(calculation.case['scenarios']) - 1}", {"delete": "1"})
    calculation.refresh_from_db()
    assert all(s["name"] != "Dyrare" for s in calculation.case["scenarios"])


def test_the_net_present_value_follows_what_is_typed_without_saving(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    before = dict(calculation.case)
    url = reverse("calculations:preview", args=[calculation.pk]) + "?del=kostnad&rad=0"
    base = calculation.case["base_year"]
    line = calculation.case["costs"][0]
    values = {"name": line["name"], "bearer": line["bearer"], **years("amounts", base, "0")}
    login(client, make_user(organization, Role.VIEWER))
    assert client.post(url, values).status_code == 403
    login(client, make_user(organization, Role.APPLICANT))
    assert client.get(url).context["rows"] is None
    rows = client.post(url, values).context["rows"]
    organisation = next(r for r in rows if r["level"] == "aggregate")
    assert organisation["changed"] and organisation["npv"] != organisation["saved"]
    assert client.post(url, {"name": ""}).context["rows"] is None
    assert Calculation.objects.get(pk=calculation.pk).case == before


def test_a_price_index_series_is_edited_in_a_table(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:price-index", args=[calculation.pk])
    rows = {
        "index-TOTAL_FORMS": "3",
        "index-INITIAL_FORMS": "0",
        "index-0-year": "2024",
        "index-0-value": "100",
        "index-1-year": "2025",
        "index-1-value": "102,5",
    }
    response = client.post(url, rows)
    assert response.status_code == 302, (
        response.context["formset"].errors,
        response.context["formset"].non_form_errors(),
        response.context["form"].errors,
    )
    calculation.refresh_from_db()
    assert calculation.case["price_index"] == {"2024": 100.0, "2025": 102.5}
    rows["index-INITIAL_FORMS"] = "2"  # as the page now shows the two saved years
    twice = {**rows, "index-2-year": "2025", "index-2-value": "103"}
    response = client.post(url, twice)
    assert "Året 2025 anges två gånger." in html.unescape(response.content.decode())
    zero = {**rows, "index-1-value": "0"}
    response = client.post(url, zero)
    assert "Ett indexvärde måste vara större än 0." in html.unescape(response.content.decode())


CASE_FILE = """\
schema_version: 1
key: familjestod
name: Familjestöd
base_year: 2025
horizon_years: 5
discounting: {rate: 0.035}
bearers:
  - {key: kommunstyrelsen, name: Kommunstyrelsen, kind: committee}
  - {key: socialnamnden, name: Socialnämnden, kind: committee}
adjustments: {cost_uplift: 0.2}
costs:
  - {name: Team, bearer: kommunstyrelsen, amounts: [1000000, 1000000]}
outcomes:
  - key: undvikna_placeringar
    name: Undvikna placeringar
    effect: 2
    confidence: A
    ramp_up: [0.5, 0.75]
    valuation:
      - {unit_cost: hvb_cura_institutionsvard_2025, quantity: 10, bearer: socialnamnden}
"""


def test_ramp_up_and_cost_uplift_typed_in_the_forms_give_the_case_files_npv(
    client: Client, organization: Organization
) -> None:
    prepare_for_examples(organization)
    login(client, make_user(organization, Role.APPLICANT))
    built = make_initiative(organization)
    general = {
        "name": "Familjestöd",
        "base_year": "2025",
        "horizon_years": "5",
        "discount_rate": "3,5",
        "committees": ["kommunstyrelsen", "socialnamnden"],
        "deadweight": "0",
        "attribution": "0",
        "displacement": "0",
        "cost_uplift": "20 %",
        "share_of_savings": "100",
        "approval_basis": "undiscounted",
    }
    client.post(reverse("calculations:new", args=[built.pk]), general)
    calculation = Calculation.objects.get(initiative=built)
    client.post(
        reverse("calculations:cost", args=[calculation.pk]),
        {
            "name": "Team",
            "bearer": "kommunstyrelsen",
            **years("amounts", 2025, "1 000 000", "1 000 000"),
        },
    )
    url = reverse("calculations:outcome", args=[calculation.pk])
    page = html.unescape(client.get(url).content.decode())
    assert "Andel av full effekt per år (upptrappning, %)" in page
    ramped = {**OUTCOME, "confidence": "A", **years("ramp_up", 2025, "50", "75,0 %")}
    response = client.post(url, outcome(ramped, (HVB, "10", {"socialnamnden": "100"})))
    assert response.status_code == 302
    calculation.refresh_from_db()
    assert calculation.case["adjustments"]["cost_uplift"] == 0.2
    assert calculation.case["outcomes"][0]["ramp_up"] == [0.5, 0.75]

    imported = make_initiative(organization)
    upload = io.BytesIO(CASE_FILE.encode())
    upload.name = "familjestod.yaml"
    client.post(reverse("calculations:import", args=[imported.pk]), {"file": upload})
    from_file = Calculation.objects.get(initiative=imported)
    for key in ("organisation", "society", "socialnamnden", "kommunstyrelsen"):
        assert _npv(calculation, key) == pytest.approx(_npv(from_file, key)), key
    # The ramp-up and the uplift count: the full effect from the start and no uplift differ.
    plain = CASE_FILE.replace("adjustments: {cost_uplift: 0.2}\n", "").replace(
        "    ramp_up: [0.5, 0.75]\n", ""
    )
    assert _npv(calculation, "organisation") != pytest.approx(
        run_deterministic(
            load_case(yaml.safe_load(plain), library_for(organization)), library_for(organization)
        )
        .perspective("organisation")
        .npv
    )

    # Both read back in the forms as typed, and the change history says what changed.
    edit = client.get(f"{url}?rad=0")
    assert edit.context["form"]["ramp_up_2026"].value() == Decimal("0.75")
    assert 'value="75"' in edit.content.decode()
    settings = reverse("calculations:general", args=[calculation.pk])
    assert 'value="20"' in client.get(settings).content.decode()
    client.post(
        f"{url}?rad=0",
        {**as_shown(edit.context), "ramp_up_2025": "60", "ramp_up_2026": ""},
    )
    history = html.unescape(
        client.get(
            reverse("audit:history", args=["calculations.calculation", calculation.pk])
        ).content.decode()
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", history))
    assert "Utfall Undvikna placeringar › Andel av full effekt 2025 : 50 % → 60 %" in text
    assert "Andel av full effekt 2026 : 75 % → 100 %" in text
    settings_page = client.get(settings)
    client.post(settings, {**as_shown(settings_page.context), "cost_uplift": "25"})
    calculation.refresh_from_db()
    assert calculation.case["adjustments"]["cost_uplift"] == 0.25
    history = client.get(
        reverse("audit:history", args=["calculations.calculation", calculation.pk])
    ).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(history)))
    assert "Kostnadspåslag (%) : 20 → 25" in text


def _npv(calculation: Calculation, key: str) -> float:
    return float(calculation.result["perspectives"][_index(calculation, key)]["npv"])


def _index(calculation: Calculation, key: str) -> int:
    keys = [p["key"] for p in calculation.result["perspectives"]]
    return keys.index(key)
