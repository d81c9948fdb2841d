"""Variation behind the averages in the web app: a measurement file pseudonymised on upload,
the distribution per group against numpy, small groups hidden, exports, access limited and
logged."""

from __future__ import annotations

import io
from datetime import date, timedelta

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sikt.analysis.datasets import dataset_table
from sikt.analysis.identity import luhn_check_digit
from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import PersonalDataAccess
from sikt.web.needs.models import MeasurementDataset
from sikt.web.needs.store import store_for
from sikt.web.shell.templatetags.numbers import number
from tests.web.conftest import login
from tests.web.factories import make_user

pytestmark = pytest.mark.django_db

#: Persons per (sex, area); boys in Norr score lower — the group the overall mean hides — and
#: only three girls live in Öster, a group that must not be shown.
PLAN = {
    ("K", "Norr"): 40,
    ("M", "Norr"): 40,
    ("K", "Söder"): 30,
    ("M", "Söder"): 30,
    ("K", "Öster"): 3,
    ("M", "Öster"): 12,
}


def _number(index: int) -> str:
    born = date(2009, 1, 1) + timedelta(days=index)
    nine = f"{born:%y%m%d}{index % 1000:03d}"
    return f"{born:%Y%m%d}-{nine[6:]}{luhn_check_digit(nine)}"


def merit_csv() -> tuple[bytes, dict[tuple[str, str], list[float]], list[str]]:
    """A fictional class list: personnummer, kön, område, ålder and a merit value."""
    rng = np.random.default_rng(12)
    lines = ["personnummer;kön;område;ålder;värde"]
    values: dict[tuple[str, str], list[float]] = {}
    numbers = []
    for (sex, area), count in PLAN.items():
        shift = -60 if (sex, area) == ("M", "Norr") else 0
        for value in np.round(rng.normal(230 + shift, 25, count), 1):
            number = _number(len(numbers))
            numbers.append(number)
            values.setdefault((sex, area), []).append(float(value))
            lines.append(f"{number};{sex};{area};15;{str(value).replace('.', ',')}")
    return ("\n".join(lines) + "\n").encode("utf-8"), values, numbers


def _upload(client: Client, data: bytes, name: str = "merit.csv") -> object:
    return client.post(
        reverse("needs:variations"),
        {
            "title": "Meritvärden åk 9",
            "value_label": "Meritvärde",
            "file": SimpleUploadedFile(name, data, "text/csv"),
        },
    )


def _clean(page: bytes) -> str:
    return page.decode().replace("\xa0", " ").replace("\u202f", " ")


def test_distribution_per_group_hides_small_groups(
    client: Client, organization: Organization
) -> None:
    analyst = make_user(organization, Role.ANALYST)
    login(client, analyst)
    data, values, numbers = merit_csv()
    response = _upload(client, data)
    dataset = MeasurementDataset.objects.get()
    assert response["Location"] == reverse("needs:variation", args=[dataset.pk])
    assert dataset.persons == len(numbers) and dataset.dimensions == [
        "åldersgrupp",
        "kön",
        "område",
    ]
    with dataset_table(store_for(organization), dataset.dataset_name) as table:
        stored = set(table.to_pyarrow().column("person").to_pylist())
    assert not stored & set(numbers) and not stored & {n.replace("-", "") for n in numbers}

    query = {"grupper": ["kön", "område"], "grans": "180", "minsta": "5"}
    page = _clean(client.get(reverse("needs:variation", args=[dataset.pk]), query).content)
    boys_north = np.array(values[("M", "Norr")])
    row = page[page.index('<th scope="row">M × Norr</th>') :]
    row = row[: row.index("</tr>")]
    assert ">40<" in row and number(np.percentile(boys_north, 50), 1) in row
    north = np.array(values[("K", "Norr")] + values[("M", "Norr")])
    row = page[page.index('<th scope="row">Norr</th>') :]
    row = row[: row.index("</tr>")]
    share = f"{round((north < 180).mean() * 100)} % ({(north < 180).sum()})"
    assert ">80<" in row and share in row
    # Three girls in Öster: hidden, and so is a second cell so that the totals do not tell.
    hidden = page[page.index('<th scope="row">K × Öster</th>') :]
    assert "för få personer" in hidden[: hidden.index("</tr>")]
    assert page.count("för få personer") >= 2
    # The group behind the average is named first.
    behind = page[page.index("Grupper som döljs bakom medelvärdet") :]
    assert behind.index("M × Norr") < behind.index("</ul>")
    assert "<svg" in page
    viewed = PersonalDataAccess.objects.get(kind="view", object_id=str(dataset.pk))
    assert viewed.actor == analyst and "Fördelning visad: kön × område" in viewed.note


def test_exports_give_the_table_and_the_chart(client: Client, organization: Organization) -> None:
    login(client, make_user(organization, Role.COORDINATOR))
    data, values, _numbers = merit_csv()
    _upload(client, data)
    dataset = MeasurementDataset.objects.get()
    query = {"grupper": ["kön", "område"], "grans": "180"}
    xlsx = client.get(reverse("needs:variation-xlsx", args=[dataset.pk]), query)
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    everyone = [v for group in values.values() for v in group]
    assert rows["Alla"][1] == len(everyone)
    assert rows["Alla"][2] == pytest.approx(np.mean(everyone))
    assert rows["K × Öster"][1] is None and rows["M × Norr"][1] == 40
    svg = client.get(reverse("needs:variation-svg", args=[dataset.pk]), query)
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(reverse("needs:variation-png", args=[dataset.pk]), query)
    assert png.content.startswith(b"\x89PNG")
    exports = PersonalDataAccess.objects.filter(kind="export", object_id=str(dataset.pk))
    assert sorted(e.note.split(":")[0] for e in exports) == [
        "Fördelning exporterad (PNG)",
        "Fördelning exporterad (SVG)",
        "Fördelning exporterad (XLSX)",
    ]


def test_a_bad_file_names_the_row_and_saves_nothing(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    good = _number(1)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    data = f"personnummer;kön;värde\n{good};K;210\n{bad};M;220\n{_number(2)};M;tjugo\n"
    page = _clean(_upload(client, data.encode()).content)
    assert "Ingenting sparades" in page and "<td>3</td>" in page and "<td>4</td>" in page
    assert bad not in page and bad.replace("-", "") not in page
    assert MeasurementDataset.objects.count() == 0


def test_too_many_groups_and_too_low_threshold_are_refused(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    data, _values, _numbers = merit_csv()
    _upload(client, data)
    dataset = MeasurementDataset.objects.get()
    url = reverse("needs:variation", args=[dataset.pk])
    page = _clean(client.get(url, {"grupper": ["kön"], "minsta": "2"}).content)
    assert "Fördelning per grupp" not in page and "3" in page
    assert not PersonalDataAccess.objects.exists()


def test_individual_data_is_for_analysts_and_coordinators_only(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    data, _values, _numbers = merit_csv()
    _upload(client, data)
    dataset = MeasurementDataset.objects.get()
    for role in (Role.VIEWER, Role.STEERING_GROUP, Role.ECONOMIST):
        login(client, make_user(organization, role))
        assert client.get(reverse("needs:variations")).status_code == 403
        assert client.get(reverse("needs:variation", args=[dataset.pk])).status_code == 403
        xlsx = reverse("needs:variation-xlsx", args=[dataset.pk])
        assert client.get(xlsx, {"grupper": ["kön"]}).status_code == 403
