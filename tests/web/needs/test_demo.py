"""The demo's needs analysis: fictional, labelled, the same on every run."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import User
from sikt.web.demo import seed_demo
from sikt.web.needs.demo import NEEDS_TITLE
from sikt.web.needs.models import EventDataset, NeedsAnalysis
from sikt.web.needs.store import store_for
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def test_demo_needs_analysis_is_labelled_linked_and_idempotent(client: Client) -> None:
    organization = seed_demo()
    count = store_for(organization).count()
    seed_demo()
    assert store_for(organization).count() == count > 0
    analysis = NeedsAnalysis.objects.get(title=NEEDS_TITLE)
    assert [i.title for i in analysis.initiatives.all()] == ["Familjestöd i hemmet"]
    login(client, User.objects.get(username="analytiker"))
    page = client.get(reverse("needs:comparison")).content.decode()
    assert "fiktiva värden" in page
    assert "Liknande kommuner (fiktiv grupp)" in page
    index = client.get(reverse("needs:index")).content.decode()
    assert index.count("<svg") == 2 and "Hamnen" in index
    dataset = EventDataset.objects.get(organization=organization)
    flow = client.get(
        reverse("needs:flow", args=[dataset.pk]),
        {"utfall": ["HVB", "SiS"], "referensdatum": "2024-12-31", "ar": 3},
    ).content.decode()
    assert "Omplaceringar: 200" in flow
    # The flow analysis's Sankey diagram is among the record's supporting charts, once.
    chart = analysis.flow_charts.get()
    assert chart.dataset == dataset and [1, "HVB", "SiS", 60] in chart.links
    record = client.get(reverse("needs:detail", args=[analysis.pk])).content.decode()
    assert "Diagram som stöder analysen" in record and "HVB → SiS 60 personer" in record
