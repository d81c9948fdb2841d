"""The follow-up import in the walk of every upload (issue 8 acceptance): a binary file and an
XLSX bomb get a clear message, never a 500; Windows-1252 semicolon CSV with decimal comma is
imported by ``test_import.py``."""

from __future__ import annotations

import html
import io

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import User
from sikt.web.initiatives.models import Initiative
from tests.files.samples import BINARY, xlsx_bomb
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("värden.csv", BINARY, "binära data"),
        ("värden.xlsx", xlsx_bomb(["indikator", "period", "värde"]), "packas upp"),
    ],
    ids=["binary", "xlsx-bomb"],
)
def test_bad_files_get_a_clear_message(
    client: Client, initiative: Initiative, leader: User, name: str, data: bytes, says: str
) -> None:
    report = initiative.progress_reports.order_by("period_end").first()
    assert report is not None
    login(client, leader)
    upload = io.BytesIO(data)
    upload.name = name
    response = client.post(reverse("followup:report-import", args=[report.pk]), {"file": upload})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert says in page
    assert not report.measurements.exists()
