"""Lost updates (issue 13 item 6): the second of two people saving one record is told."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.db import models
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.design.forms import LogicElementForm, LogicModelForm, RiskForm
from sikt.web.design.models import LogicModel
from sikt.web.initiatives.forms import IdeaForm, PlanForm
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.locking import FIELD
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_logic_element, make_risk, make_user

pytestmark = pytest.mark.django_db


def post_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser sends for ``form`` as it was loaded."""
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "on" if value is True else str(value)
    return data


Case = Callable[[Organization], tuple[models.Model, str, forms.BaseForm, str]]


def idea(organization: Organization) -> tuple[models.Model, str, forms.BaseForm, str]:
    initiative = make_initiative(organization, "Tidiga insatser")
    form = IdeaForm(instance=initiative, organization=organization)
    return initiative, reverse("initiatives:idea-edit", args=[initiative.pk]), form, "title"


def plan(organization: Organization) -> tuple[models.Model, str, forms.BaseForm, str]:
    initiative = make_initiative(organization)
    form = PlanForm(instance=initiative, ruleset=ruleset_for(organization))
    return initiative, reverse("initiatives:plan-edit", args=[initiative.pk]), form, "purpose"


def purpose(organization: Organization) -> tuple[models.Model, str, forms.BaseForm, str]:
    initiative = make_initiative(organization)
    model = LogicModel.objects.create(initiative=initiative, purpose="Färre placeringar")
    url = reverse("design:section-purpose", args=[initiative.pk])
    return model, url, LogicModelForm(instance=model), "purpose"


def step(organization: Organization) -> tuple[models.Model, str, forms.BaseForm, str]:
    element = make_logic_element(organization)
    url = reverse("design:element-edit", args=[element.pk])
    return element, url, LogicElementForm(instance=element), "text"


def risk(organization: Organization) -> tuple[models.Model, str, forms.BaseForm, str]:
    record = make_risk(organization)
    url = reverse("design:risk-edit", args=[record.pk])
    return record, url, RiskForm(instance=record), "description"


@pytest.mark.parametrize("case", [idea, plan, purpose, step, risk], ids=lambda c: c.__name__)
def test_second_save_from_a_stale_form_is_refused_and_keeps_the_input(
    organization: Organization, case: Case
) -> None:
    record, url, form, field = case(organization)
    loaded = post_data(form)  # both open the same form
    assert FIELD in loaded
    first = login(Client(), make_user(organization, Role.COORDINATOR))
    second = login(Client(), make_user(organization, Role.COORDINATOR))

    response = first.post(url, {**loaded, field: "Annas ändring"})
    assert response.status_code == 302, response.content.decode()[:3000]
    response = second.post(url, {**loaded, field: "Bos ändring"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Någon annan sparade ändringar här efter att du öppnade formuläret" in page
    assert "sparat sedan ”Annas ändring”" in page
    assert "Bos ändring" in page  # the second person's input is kept
    record.refresh_from_db()
    assert getattr(record, field) == "Annas ändring"  # nothing lost

    # Saving again after the look carries the current version and replaces it on purpose.
    fresh = re.search(rf'name="{FIELD}" value="([^"]+)"', response.content.decode())
    assert fresh is not None
    again = second.post(url, {**loaded, field: "Bos ändring", FIELD: html.unescape(fresh[1])})
    assert again.status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Bos ändring"


def test_a_forged_version_is_refused(organization: Organization) -> None:
    record, url, form, field = risk(organization)
    client = login(Client(), make_user(organization, Role.COORDINATOR))
    response = client.post(url, {**post_data(form), field: "X", FIELD: "forged"})
    assert response.status_code == 200
    assert "Formuläret kunde inte kontrolleras" in response.content.decode()
    record.refresh_from_db()
    assert getattr(record, field) != "X"
