"""Economic evaluation: the decided calculation recomputed with the estimated effect, cost per
unit of effect, results per perspective, and the repayment revision proposed to the fund."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations import frozen
from sikt.web.evaluation import importing, services, synthetic
from sikt.web.evaluation.models import EconomicEvaluation, EvaluationRun
from sikt.web.funds.models import RepaymentRevision
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_user


@pytest.fixture
def finished_run(
    organization: Organization, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> EvaluationRun:
    calculation = make_calculation(organization)
    monkeypatch.setattr(
        frozen, "decided_calculation", lambda initiative: frozen.frozen_calculation(initiative)
    )
    analyst = make_user(organization, Role.ANALYST)
    content = synthetic.csv_bytes(*synthetic.generate(200))
    records = importing.read_records(content, "utfall.csv", organization)
    dataset = services.dataset_store(
        actor=analyst, initiative=calculation.initiative, records=records, file_name="utfall.csv"
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(
            actor=analyst, dataset=dataset, estimator="diff_in_means", options={}
        )
    run.refresh_from_db()
    assert run.status == EvaluationRun.Status.DONE
    return run


def test_economic_evaluation_sets_realised_against_planned_and_proposes_to_the_fund(
    organization: Organization, finished_run: EvaluationRun
) -> None:
    economist = login(Client(), make_user(organization, Role.ECONOMIST))
    page = economist.get(reverse("evaluation:economic-new", args=[finished_run.pk]))
    assert "Undvikna HVB-placeringar" in page.content.decode()
    response = economist.post(
        reverse("evaluation:economic-new", args=[finished_run.pk]), {"outcome": "hvb"}
    )
    evaluation = EconomicEvaluation.objects.get()
    assert response.status_code == 302
    figures = evaluation.figures
    assert figures["realised_effect"] == pytest.approx(-finished_run.result["estimate"])
    assert figures["cost_per_avoided_event"] == pytest.approx(
        figures["investment_cost"] / (figures["realised_effect"] * figures["participants"])
    )
    page = economist.get(reverse("evaluation:economic", args=[evaluation.pk])).content.decode()
    for text in ("Kostnad per undviken händelse", "Socialnämnden", "Samhälle", "Reviderad"):
        assert text in page, text
    economist.post(reverse("evaluation:economic-propose", args=[evaluation.pk]))
    revisions = RepaymentRevision.objects.filter(initiative=finished_run.dataset.initiative)
    assert revisions.exists()
    assert all(r.state == RepaymentRevision.State.PROPOSED for r in revisions)
    assert {r.source for r in revisions} == {f"Ekonomisk utvärdering {evaluation.pk}"}


def test_without_a_decided_calculation_nothing_is_saved(
    organization: Organization, finished_run: EvaluationRun, monkeypatch: Any
) -> None:
    monkeypatch.setattr(frozen, "decided_calculation", lambda initiative: None)
    economist = login(Client(), make_user(organization, Role.ECONOMIST))
    page = economist.post(
        reverse("evaluation:economic-new", args=[finished_run.pk]), {"outcome": "hvb"}
    ).content.decode()
    assert "ingen kalkyl som frystes" in page or "Välj" in page
    assert not EconomicEvaluation.objects.exists()
