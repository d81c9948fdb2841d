"""Every upload in Sikt gets the files Swedish users and attackers send: Windows-1252, UTF-8 with
BOM, semicolon CSV with decimal comma, a binary file, an XLSX bomb. Valid content imports cleanly,
everything else gets a clear message — never a 500 (issue 8 acceptance; issue 13 item 5)."""

from __future__ import annotations

import html
import importlib
import io
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

import sikt.web
from sikt.calc import example_case_paths
from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations.models import Calculation
from sikt.web.evaluation.models import OutcomeDataset
from sikt.web.unitcosts.models import UnitCostEntry
from tests.files.samples import BINARY, utf8_bom, windows_1252, xlsx_bomb
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_user, prepare_for_examples

pytestmark = pytest.mark.django_db

CASE_TEXT = next(p for p in example_case_paths() if p.stem == "placeringar-unga").read_text("utf-8")
UNIT_COSTS_SEMICOLON = (
    "key;name_sv;amount_sek;unit;price_year;bearer;notes\n"
    "hvb_dygn;HVB-placering för unga, vårddygn;4 250,50;kr/vårddygn;2023;"
    "kommun – socialnämnd;Källa: Socialstyrelsen – öppna jämförelser\n"
)


@dataclass
class Endpoint:
    name: str
    url: Callable[[Organization], str]
    role: Role
    imported: Callable[[Organization], bool]
    samples: dict[str, tuple[str, bytes, bool]]


def _case_url(organization: Organization) -> str:
    prepare_for_examples(organization)
    return reverse("calculations:import", args=[make_initiative(organization).pk])


OUTCOMES_SEMICOLON = "person;grupp;utfall;ålder\n" + "".join(
    f"p{i};{i % 2};{10 + i},5;{30 + i}\n" for i in range(12)
)

ENDPOINTS = [
    Endpoint(
        "evaluation outcome data",
        lambda organization: reverse("evaluation:upload", args=[make_initiative(organization).pk]),
        Role.ANALYST,
        lambda organization: OutcomeDataset.objects.filter(
            initiative__organization=organization
        ).exists(),
        {
            "windows-1252": ("utfall.csv", windows_1252(OUTCOMES_SEMICOLON), True),
            "utf-8-bom": ("utfall.csv", utf8_bom(OUTCOMES_SEMICOLON), True),
            "binary": ("utfall.csv", BINARY, False),
            "xlsx-bomb": ("utfall.xlsx", xlsx_bomb(["person", "grupp", "utfall"]), False),
        },
    ),
    Endpoint(
        "calculation case file",
        _case_url,
        Role.APPLICANT,
        lambda organization: Calculation.objects.filter(
            initiative__organization=organization
        ).exists(),
        {
            "windows-1252": ("kalkyl.yaml", windows_1252(CASE_TEXT), True),
            "utf-8-bom": ("kalkyl.yaml", utf8_bom(CASE_TEXT), True),
            "binary": ("kalkyl.yaml", BINARY, False),
            "xlsx-bomb": ("kalkyl.yaml", xlsx_bomb(["name"]), False),
        },
    ),
    Endpoint(
        "unit-cost import",
        lambda organization: reverse("unitcosts:import"),
        Role.ECONOMIST,
        lambda organization: UnitCostEntry.objects.filter(
            organization=organization, key="hvb_dygn", amount_sek=4250.50
        ).exists(),
        {
            "windows-1252": ("kostnader.csv", windows_1252(UNIT_COSTS_SEMICOLON), True),
            "utf-8-bom": ("kostnader.csv", utf8_bom(UNIT_COSTS_SEMICOLON), True),
            "binary": ("kostnader.csv", BINARY, False),
            "xlsx-bomb": (
                "kostnader.xlsx",
                xlsx_bomb(["key", "name_sv", "amount_sek", "unit", "price_year", "bearer"]),
                False,
            ),
        },
    ),
]
CASES = [(e, kind) for e in ENDPOINTS for kind in e.samples]


@pytest.mark.parametrize(("endpoint", "kind"), CASES, ids=[f"{e.name}-{k}" for e, k in CASES])
def test_every_upload_takes_swedish_files_and_refuses_bad_ones_clearly(
    client: Client, organization: Organization, endpoint: Endpoint, kind: str
) -> None:
    url = endpoint.url(organization)
    login(client, make_user(organization, endpoint.role))
    name, data, valid = endpoint.samples[kind]
    upload = io.BytesIO(data)
    upload.name = name
    response = client.post(url, {"file": upload})
    assert response.status_code == (302 if valid else 200)
    assert endpoint.imported(organization) is valid
    if not valid:
        page = html.unescape(response.content.decode())
        assert name in page
        assert any(word in page for word in ("binära data", "inte text", "packas upp"))


def _forms_with_uploads() -> set[str]:
    found = set()
    for module in pkgutil.walk_packages(sikt.web.__path__, "sikt.web."):
        if not module.name.endswith(".forms"):
            continue
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                fields: dict[str, Any] = getattr(value, "base_fields", {})  # mixins have none
                if any(isinstance(f, forms.FileField) for f in fields.values()):
                    found.add(f"{value.__module__}.{value.__name__}")
    return found


def _used_by_a_view(form: str) -> bool:
    """Whether any module of the web layer besides the form's own uses the form class."""
    module, name = form.rsplit(".", 1)
    root = Path(sikt.web.__file__).parent
    own = root.joinpath(*module.split(".")[2:]).with_suffix(".py")
    return any(
        name in path.read_text(encoding="utf-8") for path in root.rglob("*.py") if path != own
    )


def test_the_walk_covers_every_upload_form() -> None:
    walked = {
        "sikt.web.calculations.forms.CaseFileForm",
        "sikt.web.unitcosts.forms.ImportForm",
        "sikt.web.evaluation.forms.UploadForm",
        # walked in tests/web/followup (its fixtures): test_import.py, test_import_files.py
        "sikt.web.followup.forms.ImportForm",
        # walked in tests/web/funds/test_cost_import.py (needs granted projects)
        "sikt.web.funds.forms.CostImportForm",
    }
    unwalked = {form for form in _forms_with_uploads() - walked if _used_by_a_view(form)}
    assert unwalked == set(), "a new upload form: add its endpoint to ENDPOINTS above"
