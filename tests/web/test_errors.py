"""Error pages a user sees with debug off, and a database that goes away mid-request."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Committee, Organization, Role, User
from sikt.web.audit.models import AuditEntry
from tests.web.conftest import login
from tests.web.factories import make_committee, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production_like(settings: Any) -> Any:
    settings.DEBUG = False
    return settings


def test_unknown_page_is_the_swedish_404_not_the_debug_page(
    production_like: Any, client: Client, viewer: User
) -> None:
    response = login(client, viewer).get("/finns-inte/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Sidan hittades inte" in page
    assert "Using the URLconf" not in page and "&lt;int:pk&gt;" not in page


def test_a_fault_gives_the_swedish_500_page(
    production_like: Any, viewer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr("sikt.web.shell.workqueue.items_for", broken)
    client = login(Client(raise_request_exception=False), viewer)
    response = client.get(reverse("shell:home"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in page and "inget av det du just gjorde sparades" in page
    assert "boom" not in page and "Traceback" not in page


def test_database_lost_mid_write_gives_clean_page_and_no_partial_record(
    production_like: Any, organization: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    coordinator = make_user(organization, Role.COORDINATOR)
    committee = make_committee(organization, "Socialnämnden")
    entries = AuditEntry.objects.count()

    def gone(**kwargs: Any) -> None:  # the connection drops after the record was saved
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("sikt.web.audit.services.record", gone)
    client = login(Client(raise_request_exception=False), coordinator)
    response = client.post(
        reverse("shell:committee-edit", args=[committee.pk]),
        {"name": "Omdöpt nämnd", "kind": committee.kind, "description": ""},
    )
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Databasen svarar inte" in page and "inget av det du just gjorde sparades" in page
    assert Committee.objects.get(pk=committee.pk).name == "Socialnämnden"
    assert AuditEntry.objects.count() == entries


def test_system_administrator_menu_has_only_usable_entries(
    production_like: Any, client: Client, organization: Organization
) -> None:
    admin = make_user(None, is_superuser=True, username="driftadmin")
    login(client, admin)
    page = client.get(reverse("shell:home")).content.decode()
    assert "systemadministratör utan roll" in page and "sikt createorg" in page
    links = set(re.findall(r'href="(/[^"#]*)"', page)) - {"/"}
    assert links, "the page links somewhere"
    for link in sorted(links):
        if link.startswith("/static/"):
            continue
        response = client.get(link, follow=True)
        assert response.status_code == 200, link
    assert reverse("shell:area", args=["satsningar"]) not in page


def test_dev_start_serves_with_debug_off_on_the_chosen_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        import dev
    finally:
        sys.path.remove(str(ROOT))
    calls: list[list[str]] = []
    environ: dict[str, str] = {}
    monkeypatch.setattr(dev.os, "environ", environ)
    monkeypatch.setattr(dev, "bootstrap", lambda: None)
    monkeypatch.setattr(dev.subprocess, "run", lambda args, **kw: calls.append(list(args)))
    monkeypatch.setattr(dev.os, "chdir", lambda path: None)
    monkeypatch.setattr(dev.os, "execv", lambda path, args: calls.append(list(args)))
    assert dev.start(["--port", "8123"]) == 0
    assert calls[0][-1] == "demo"
    assert calls[1][1:] == ["serve", "--port", "8123"]
    assert environ["SIKT_DEBUG"] == "false"
    assert dev.start(["--porte", "1"]) == 2
