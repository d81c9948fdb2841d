"""Every object URL the project registers answers 404 to a user of another organisation.

The test walks the URL configuration, so views added by later work are covered automatically:
a URL with parameters must either be an :func:`sikt.web.scoped.object_view` (with a factory in
``tests/web/factories.py``), the audit-history view, or be listed in NOT_OBJECT_URLS with a reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from tests.web.conftest import login
from tests.web.factories import RECORD_FACTORIES, make_user
from tests.web.urlconf import walk

#: Parameterised URLs that do not name a record, with the reason.
NOT_OBJECT_URLS = {
    "shell:area": "a navigation area slug, not a record",
    "password_reset_confirm": "a signed token, not a record",
    "audit:history": "checked separately for every model below",
    "sharing:model": "a published model: every organisation may read it (tests/web/sharing)",
    "sharing:version": "a published version: every organisation may read it (tests/web/sharing)",
    "sharing:adopt": "adopts a published version into the user's own organisation",
    "account:token-revoke": "the user's own API token; another's is 404 (tests/web/api)",
}

#: The open API's endpoints answer JSON with a token, not a session: their cross-organisation
#: 404s are tested in tests/web/api (schemathesis as users of two organisations) and by the
#: authorisation matrix.
API_NAMESPACE = "api:"


def parameterised_urls() -> list[tuple[str, Any]]:
    found = []
    for name, pattern in walk():
        if pattern.pattern.converters or (
            getattr(pattern.pattern, "regex", None) and pattern.pattern.regex.groupindex
        ):
            found.append((name, pattern.callback))
    return found


def test_every_parameterised_url_is_accounted_for() -> None:
    unaccounted = [
        name
        for name, callback in parameterised_urls()
        if name not in NOT_OBJECT_URLS
        and not name.startswith(API_NAMESPACE)
        and not hasattr(callback, "scoped_model")
    ]
    assert unaccounted == [], "object URLs must use sikt.web.scoped.object_view"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "callback"),
    [item for item in parameterised_urls() if hasattr(item[1], "scoped_model")],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_object_url_of_another_organization_is_404(
    client: Client,
    organization: Organization,
    other_organization: Organization,
    name: str,
    callback: Any,
) -> None:
    model = callback.scoped_model
    assert model in RECORD_FACTORIES, (
        f"add a factory for {model.__name__} in tests/web/factories.py"
    )
    foreign = RECORD_FACTORIES[model](other_organization)
    own = RECORD_FACTORIES[model](organization)
    login(client, make_user(organization, *Role))
    assert client.get(reverse(name, kwargs={"pk": foreign.pk})).status_code == 404
    assert client.post(reverse(name, kwargs={"pk": foreign.pk})).status_code == 404
    assert client.get(reverse(name, kwargs={"pk": own.pk})).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(RECORD_FACTORIES), ids=lambda model: model.__name__)
def test_history_of_another_organizations_record_is_404(
    client: Client, organization: Organization, other_organization: Organization, model: Any
) -> None:
    foreign = RECORD_FACTORIES[model](other_organization)
    own = RECORD_FACTORIES[model](organization)
    login(client, make_user(organization, *Role))
    label = model._meta.label_lower
    assert client.get(reverse("audit:history", args=[label, foreign.pk])).status_code == 404
    assert client.get(reverse("audit:history", args=[label, own.pk])).status_code == 200


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client: Client, organization: Organization) -> None:
    for name, callback in parameterised_urls():
        if hasattr(callback, "scoped_model"):
            record = RECORD_FACTORIES[callback.scoped_model](organization)
            response = client.get(reverse(name, kwargs={"pk": record.pk}))
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
