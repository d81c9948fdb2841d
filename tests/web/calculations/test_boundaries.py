"""The calculation's web boundaries: absurd numbers get a field error (never a 500), draw
choices stay within the engine's limit, and the web computes exactly what the CLI computes."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from sikt.calc import MonteCarloResult, Result, example_case_paths, load_case
from sikt.calc.montecarlo import MAX_DRAWS
from sikt.cli import main
from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations import compute
from sikt.web.calculations.models import Calculation, CalculationRun
from sikt.web.calculations.services import RUN_DRAWS
from sikt.web.unitcosts.selectors import library_for
from tests.web.calculations import posts
from tests.web.calculations.posts import errors_at, outcome, years
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_initiative, make_user, prepare_for_examples

pytestmark = pytest.mark.django_db

HOSTILE = ["nan", "inf", "-Infinity", "1e308", "9" * 1500]
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


def _form_cases(number: str) -> list[tuple[str, dict[str, Any], str]]:
    cost = {"name": "Team", "bearer": "socialnamnden", **years("amounts", 2025, "1", number)}
    return [
        ("cost", cost, "amounts_2026"),
        (
            "target-group",
            {"name": "Unga", **years("size_per_year", 2025, number)},
            "size_per_year_2025",
        ),
        ("outcome", outcome({**OUTCOME, "effect_value": number}, posts.HVB), "effect_value"),
        (
            "outcome",
            outcome(OUTCOME, (HVB, f"1..{number}", {"socialnamnden": "100"})),
            "quantity",
        ),
        ("outcome", outcome({**OUTCOME, "drop_off": number}, posts.HVB), "drop_off"),
        ("outcome", outcome({**OUTCOME, "deadweight": number}, posts.HVB), "deadweight"),
        (
            "outcome",
            outcome(OUTCOME, (HVB, "10", {"socialnamnden": number})),
            "split_socialnamnden",
        ),
    ]


@pytest.mark.parametrize("number", HOSTILE, ids=["nan", "inf", "-inf", "1e308", "1500-digits"])
def test_absurd_numbers_in_forms_give_a_field_error_and_save_nothing(
    client: Client, organization: Organization, number: str
) -> None:
    calculation = make_calculation(organization)
    before = dict(calculation.case)
    login(client, make_user(organization, Role.APPLICANT))
    for url, values, field in _form_cases(number):
        response = client.post(reverse(f"calculations:{url}", args=[calculation.pk]), values)
        assert response.status_code == 200, (url, field)
        assert errors_at(response.context, field), (url, field, response.context["form"].errors)
    calculation.refresh_from_db()
    assert calculation.case == before


@pytest.mark.parametrize(
    "number", ["nan", ".inf", "1e308", "9" * 5000], ids=["nan", "inf", "1e308", "5000-digits"]
)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_case_files_with_absurd_numbers_are_refused_with_the_field_named(
    client: Client, organization: Organization, number: str, suffix: str
) -> None:
    prepare_for_examples(organization)
    initiative = make_initiative(organization)
    login(client, make_user(organization, Role.APPLICANT))
    path = next(p for p in example_case_paths() if p.stem == "placeringar-unga")
    data = yaml.safe_load(path.read_text("utf-8"))
    data["outcomes"][0]["deadweight"] = 1.2
    if suffix == ".yaml":
        text = yaml.safe_dump(data, allow_unicode=True).replace(
            "base_year: 2025", f"base_year: {number}"
        )
        text = text.replace("amounts:\n  - dist", f"amounts:\n  - {number}\n  - dist", 1)
    else:
        json_number = {"nan": "NaN", ".inf": "Infinity"}.get(number, number)
        text = json.dumps(data, ensure_ascii=False).replace(
            '"base_year": 2025', f'"base_year": {json_number}'
        )
    upload = io.BytesIO(text.encode())
    upload.name = f"kalkyl{suffix}"
    response = client.post(reverse("calculations:import", args=[initiative.pk]), {"file": upload})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "base_year: " in page
    assert "outcomes[0].deadweight: en andel ska ligga mellan 0 och 1" in page
    assert not Calculation.objects.exists()


def test_draw_choices_are_within_the_engines_limit_and_others_are_refused(
    client: Client, organization: Organization
) -> None:
    assert max(RUN_DRAWS) <= MAX_DRAWS
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:run", args=[calculation.pk])
    for draws in (str(MAX_DRAWS * 2), "1e9", "nan"):
        response = client.post(url, {"draws": draws})
        assert response.status_code == 200 and response.context["form"].errors["draws"]
    assert not CalculationRun.objects.exists()


def _cli(example: Path, draws: int, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / f"{example.stem}-{draws}.json"
    assert (
        main(["calc", "run", str(example), "--draws", str(draws), "--seed", "1", "--out", str(out)])
        == 0
    )
    return json.loads(out.read_text("utf-8"))


@pytest.mark.parametrize("example", example_case_paths(), ids=lambda p: p.stem)
def test_the_web_computes_the_same_numbers_as_the_cli(
    organization: Organization, example: Path, tmp_path: Path
) -> None:
    calculation = make_calculation(organization, example.stem)
    cli = _cli(example, compute.QUICK_DRAWS, tmp_path)
    assert Result.model_validate(calculation.result) == Result.model_validate(cli["result"])
    assert MonteCarloResult.model_validate(
        calculation.monte_carlo
    ) == MonteCarloResult.model_validate(cli["monte_carlo"])
    assert calculation.repayment_plan == cli["repayment_plan"]


def test_a_background_run_draws_what_the_cli_draws(
    organization: Organization, tmp_path: Path
) -> None:
    calculation = make_calculation(organization)
    library = library_for(organization)
    reports: list[float] = []
    web = compute.simulate(
        load_case(calculation.case, library),
        library,
        RUN_DRAWS[0],
        compute.SEED,
        lambda done, total: reports.append(done / total),
    )
    example = next(p for p in example_case_paths() if p.stem == "placeringar-unga")
    cli = _cli(example, RUN_DRAWS[0], tmp_path)
    assert MonteCarloResult.model_validate(web) == MonteCarloResult.model_validate(
        cli["monte_carlo"]
    )
    assert 10 <= len(reports) <= 21 and reports[-1] == 1.0


def test_a_normal_distribution_on_a_share_is_explained_at_its_field(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.APPLICANT))
    general = {
        "name": "Familjestöd",
        "base_year": 2025,
        "horizon_years": 10,
        "discount_rate": "3.5",
        "committees": ["kommunstyrelsen", "socialnamnden", "kultur_och_fritidsnamnden"],
        "deadweight": "normal:20..5",
        "attribution": "0",
        "displacement": "0",
        "share_of_savings": "100",
        "approval_basis": "undiscounted",
    }
    response = client.post(reverse("calculations:general", args=[calculation.pk]), general)
    assert response.status_code == 200
    assert "normalfördelning passar inte för en andel" in " ".join(
        response.context["form"].errors["deadweight"]
    )
    values = outcome({**OUTCOME, "drop_off": "10..30", "attribution": "normal:20..5"}, posts.HVB)
    response = client.post(reverse("calculations:outcome", args=[calculation.pk]), values)
    assert "normalfördelning" in " ".join(response.context["form"].errors["attribution"])
