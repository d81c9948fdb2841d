"""Type cases (*typfall*) and every valuation line built and edited with forms, including lines
whose unit cost comes from an imported case file, and the effect shares typed in per cent."""

from __future__ import annotations

import copy
import html
import re

from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations import services
from sikt.web.calculations.models import Calculation
from tests.web.calculations.posts import as_shown, errors_at, years
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_user

AID = "ekonomiskt_bistand_per_hushall_2024"
HVB = "hvb_cura_institutionsvard_2025"


def _line(index: int, unit_cost: str, without: list[str], with_: list[str], split: dict[str, str]):
    data = {f"linje-{index}-unit_cost": unit_cost}
    for year, value in enumerate(without, start=1):
        data[f"linje-{index}-without_{year}"] = value
    for year, value in enumerate(with_, start=1):
        data[f"linje-{index}-with_{year}"] = value
    data.update({f"linje-{index}-split_{key}": percent for key, percent in split.items()})
    return data


def _page(client: Client, url: str) -> str:
    return html.unescape(client.get(url).content.decode())


def test_a_type_case_is_added_edited_and_removed_with_forms(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    base = calculation.case["base_year"]
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:type-case", args=[calculation.pk])
    form = _page(client, url)
    assert "Utan insatsen, år 1" in form and "Med insatsen, år 1" in form
    values = {
        "name": "Ungdom som slipper placering",
        "confidence": "C",
        "deadweight": "10..30",
        **years("persons_per_year", base, "4", "6"),
        "linje-TOTAL_FORMS": "2",
        "linje-INITIAL_FORMS": "0",
        **_line(0, HVB, ["200", "100"], ["20"], {"socialnamnden": "100"}),
        **_line(1, AID, ["1", "1", "0,8"], ["0,6", "0,2"], {"socialnamnden": "100"}),
    }
    response = client.post(url, values)
    assert response.status_code == 302, response.context and errors_at(response.context, "__all__")
    calculation.refresh_from_db()
    added = calculation.case["type_cases"][-1]
    assert added["key"] == "ungdom_som_slipper_placering"
    assert added["persons_per_year"] == [4.0, 6.0]
    assert added["deadweight"] == {"dist": "uniform", "low": 0.1, "high": 0.3}
    assert added["lines"] == [
        {
            "unit_cost": HVB,
            "without": [200.0, 100.0],
            "with": [20.0, 0.0],
            "bearer": "socialnamnden",
        },
        {
            "unit_cost": AID,
            "without": [1.0, 1.0, 0.8],
            "with": [0.6, 0.2, 0.0],
            "bearer": "socialnamnden",
        },
    ]
    detail = _page(client, reverse("calculations:detail", args=[calculation.pk]))
    assert "Ungdom som slipper placering" in detail
    assert re.search(r"utan 1; 1; 0,8, med 0,6; 0,2; 0 – Socialnämnden 100\s%", detail)

    # edit the second line only: the page shows what was saved, and the first line stays
    index = len(calculation.case["type_cases"]) - 1
    shown = client.get(f"{url}?rad={index}").context
    edited = as_shown(shown)
    assert edited["linje-1-without_3"] == "0,8" and edited["linje-1-split_socialnamnden"] == "100"
    edited.update(
        {"linje-1-with_2": "0,4", "linje-1-split_socialnamnden": "50", "linje-1-split_staten": "50"}
    )
    assert client.post(f"{url}?rad={index}", edited).status_code == 302
    calculation.refresh_from_db()
    lines = calculation.case["type_cases"][index]["lines"]
    assert lines[0] == added["lines"][0]
    assert lines[1]["with"] == [0.6, 0.4, 0.0]
    assert lines[1]["shares"] == {"socialnamnden": 0.5, "staten": 0.5}

    client.post(f"{url}?rad={index}", {"delete": "1"})
    calculation.refresh_from_db()
    assert all(
        t["name"] != "Ungdom som slipper placering" for t in calculation.case.get("type_cases", [])
    )


def test_type_case_errors_are_shown_where_they_were_typed(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    before = copy.deepcopy(calculation.case)
    base = calculation.case["base_year"]
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:type-case", args=[calculation.pk])
    values = {
        "name": "Ungdom",
        "confidence": "B",
        **years("persons_per_year", base, "4"),
        "linje-TOTAL_FORMS": "1",
        "linje-INITIAL_FORMS": "0",
        **_line(0, HVB, ["-5", "2..1"], [], {"socialnamnden": "60", "staten": "30"}),
    }
    context = client.post(url, values).context
    assert errors_at(context, "without_1") == ["Beloppen får inte vara negativa."]
    assert errors_at(context, "without_2") == [
        "Skriv det lägsta värdet först och det högsta sist, t.ex. 5..15 eller 5..10..15; "
        "det lägsta måste vara mindre än det högsta."
    ]
    values.update({"linje-0-without_1": "5", "linje-0-without_2": "2"})
    context = client.post(url, values).context
    assert errors_at(context, "__all__") == [
        "Fördelningen summerar till 90 %; den ska summera till 100 %."
    ]
    assert Calculation.objects.get(pk=calculation.pk).case == before


def test_every_line_opens_and_saves_also_with_a_unit_cost_from_the_case_file(
    client: Client, organization: Organization
) -> None:
    """The example's type case uses unit costs the case file defines itself (not in the
    organisation's library); every line can be opened, changed and saved."""
    calculation = make_calculation(organization, "arbetsmarknad-etablering")
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:type-case", args=[calculation.pk]) + "?rad=0"
    response = client.get(url)
    page = html.unescape(response.content.decode())
    assert "(från kalkylfilen)" in page
    edited = as_shown(response.context)
    assert edited["linje-3-unit_cost"] == "utebliven-skatt"
    assert edited["linje-3-split_kommunstyrelsen"] == "65"
    edited["linje-3-with_1"] = "0,25"
    response = client.post(url, edited)
    assert response.status_code == 302, errors_at(response.context, "__all__")
    calculation.refresh_from_db()
    lines = calculation.case["type_cases"][0]["lines"]
    assert lines[3]["with"][:2] == [0.25, 0.0]
    assert lines[3]["shares"] == {"kommunstyrelsen": 0.65, "regionen": 0.35}
    assert [line["unit_cost"] for line in lines][-1] == "inkomstbortfall"

    # an outcome valued with the case file's own unit cost on its second line
    data = copy.deepcopy(calculation.case)
    data["outcomes"] = [
        {
            "key": "arbete",
            "name": "Fler i arbete",
            "effect": 3,
            "valuation": [
                {"unit_cost": AID, "quantity": 1, "bearer": "socialnamnden"},
                {"unit_cost": "inkomstbortfall", "quantity": 1, "bearer": "individen"},
            ],
        }
    ]
    services.calculation_save_case(
        actor=make_user(organization, Role.COORDINATOR),
        initiative=calculation.initiative,
        data=data,
    )
    url = reverse("calculations:outcome", args=[calculation.pk]) + "?rad=0"
    edited = as_shown(client.get(url).context)
    assert edited["varde-1-unit_cost"] == "inkomstbortfall"
    edited["varde-1-quantity"] = "0,5"
    response = client.post(url, edited)
    assert response.status_code == 302, errors_at(response.context, "__all__")
    calculation.refresh_from_db()
    valuation = calculation.case["outcomes"][0]["valuation"]
    assert valuation[0] == {"unit_cost": AID, "bearer": "socialnamnden"}  # quantity 1: default
    assert valuation[1] == {"unit_cost": "inkomstbortfall", "quantity": 0.5, "bearer": "individen"}


def test_effect_shares_are_typed_in_per_cent_with_plain_messages(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:general", args=[calculation.pk])
    shown = client.get(url).context
    assert shown["form"]["deadweight"].value() == "5..20"  # the example's 0.05..0.2
    assert str(shown["form"]["optimism_bias_C"].value()) == "0.25"
    edited = as_shown(shown)
    for typed, message in (
        ("abc", "”abc” är inte ett tal."),
        ("120", "Värdet får inte vara större än 100\u00a0%."),
        ("-5", "Värdet får inte vara mindre än 0\u00a0%."),
        ("5..150", "Hela intervallet måste ligga mellan 0 och 100 %."),
        ("normal:10..2", "normalfördelning passar inte"),
        ("20..5", "Skriv det lägsta värdet först"),
    ):
        context = client.post(url, {**edited, "deadweight": typed}).context
        errors = " ".join(errors_at(context, "deadweight"))
        assert message in errors, (typed, errors)
        assert not re.search(r"deadweight|low|high|mode|shares", errors), errors
    response = client.post(
        url, {**edited, "deadweight": "12,5 %", "attribution": "5..15", "optimism_bias_D": "60"}
    )
    assert response.status_code == 302
    calculation.refresh_from_db()
    adjustments = calculation.case["adjustments"]
    assert adjustments["deadweight"] == 0.125
    assert adjustments["attribution"] == {"dist": "uniform", "low": 0.05, "high": 0.15}
    assert adjustments["optimism_bias"] == {"A": 0.0, "B": 0.1, "C": 0.25, "D": 0.6}
    assert client.get(url).context["form"]["deadweight"].value() == "12,5"
