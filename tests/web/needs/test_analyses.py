"""Needs-analysis records: who may write them, what they keep, and the link to initiatives."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sikt.analysis.store import IndicatorDefinition
from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.needs.models import NeedsAnalysis
from sikt.web.needs.store import store_for
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_needs_analysis, make_user

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Unga i placering",
    "identified_needs": "Många unga placeras om.",
    "target_group_idea": "Unga 13–17 år med upprepade placeringar",
    "data_sources": "Kolada N15419, 2019–2024",
    "qualitative_sources": "Fokusgrupp med socialsekreterare",
    "conclusions": "Tidigare öppenvårdsinsatser behövs.",
}


def test_analyst_creates_analysis_backed_by_indicators_and_linked_to_an_idea(
    client: Client, organization: Organization
) -> None:
    store_for(organization).define([IndicatorDefinition("N15419", "Gymnasiebehörighet", "%")])
    idea = make_initiative(organization, "Familjestöd tidigt")
    analyst = make_user(organization, Role.ANALYST)
    response = login(client, analyst).post(
        reverse("needs:create"),
        {
            **FORM,
            "indicator_ids": ["N15419"],
            "initiatives": [idea.pk],
            "communicated": "on",
            "communicated_on": "2025-03-04",
        },
    )
    analysis = NeedsAnalysis.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("needs:detail", args=[analysis.pk])
    assert analysis.indicator_ids == ["N15419"]
    assert list(analysis.initiatives.all()) == [idea]
    page = client.get(response["Location"]).content.decode()
    assert "Gymnasiebehörighet (N15419)" in page
    assert "Familjestöd tidigt" in page
    assert "2025-03-04" in page
    assert AuditEntry.objects.filter(object_id=str(analysis.pk), actor=analyst).exists()
    idea_page = client.get(reverse("needs:for-initiative", args=[idea.pk])).content.decode()
    assert "Unga i placering" in idea_page


def test_readers_see_but_cannot_write(client: Client, organization: Organization) -> None:
    analysis = make_needs_analysis(organization)
    login(client, make_user(organization, Role.VIEWER))
    assert client.get(reverse("needs:detail", args=[analysis.pk])).status_code == 200
    assert (
        "Redigera" not in client.get(reverse("needs:detail", args=[analysis.pk])).content.decode()
    )
    assert client.post(reverse("needs:create"), FORM).status_code == 403
    assert client.post(reverse("needs:edit", args=[analysis.pk]), FORM).status_code == 403
    assert NeedsAnalysis.objects.count() == 1


def test_a_stale_form_is_a_conflict_not_an_overwrite(
    client: Client, organization: Organization
) -> None:
    analysis = make_needs_analysis(organization)
    login(client, make_user(organization, Role.COORDINATOR))
    url = reverse("needs:edit", args=[analysis.pk])
    first = client.post(url, {**FORM, "title": "Första", "version": 1})
    assert first.status_code == 302
    second = client.post(url, {**FORM, "title": "Andra", "version": 1})
    assert second.status_code == 200
    assert "Någon annan har sparat" in second.content.decode()
    analysis.refresh_from_db()
    assert (analysis.title, analysis.version) == ("Första", 2)


def test_date_without_the_checklist_tick_is_refused(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    response = client.post(reverse("needs:create"), {**FORM, "communicated_on": "2025-01-01"})
    assert response.status_code == 200
    assert NeedsAnalysis.objects.count() == 0


def test_initiative_page_links_an_analysis_and_the_initiative_shows_the_section(
    client: Client, organization: Organization, other_organization: Organization
) -> None:
    analysis = make_needs_analysis(organization)
    idea = make_initiative(organization, "Läxhjälp")
    login(client, make_user(organization, Role.COORDINATOR))
    detail = client.get(reverse("initiatives:detail", args=[idea.pk])).content.decode()
    assert reverse("needs:for-initiative", args=[idea.pk]) in detail
    foreign = make_needs_analysis(other_organization)
    url = reverse("needs:for-initiative", args=[idea.pk])
    assert client.post(url, {"analysis": foreign.pk}).status_code == 200
    assert not foreign.initiatives.exists()
    assert client.post(url, {"analysis": analysis.pk}).status_code == 302
    assert list(analysis.initiatives.all()) == [idea]


def test_needs_area_in_the_menu_opens_the_list(client: Client, organization: Organization) -> None:
    make_needs_analysis(organization)
    login(client, make_user(organization, Role.VIEWER))
    page = client.get(reverse("shell:area", args=["behov"]), follow=True).content.decode()
    assert "Placeringar av unga" in page
