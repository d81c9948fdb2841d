"""Designs measured over periods on the web: before–after, difference-in-differences, and the
comparison with an earlier implementation (SKL 004 appendix A's weaker alternatives).

The estimates are checked against independent computations: the difference of group mean
changes (a balanced two-period panel's DiD, Angrist & Pischke 2009 §5.2), scipy's paired t-test
and scipy's Welch test from summary statistics.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse
from scipy import stats as scipy_stats

from sikt.web.design import models as design
from sikt.web.evaluation import compute
from sikt.web.evaluation.models import EvaluationRun, OutcomeDataset
from sikt.web.initiatives.models import Initiative
from tests.web.evaluation.test_evaluation import personnummer, upload

pytestmark = pytest.mark.django_db


def _design(initiative: Initiative, kind: str) -> None:
    design.ComparisonDesign.objects.filter(initiative=initiative).update(kind=kind)


def _panel(n: int = 30, seed: int = 4) -> pd.DataFrame:
    """Two measurements per person; the initiative group improves by 2 more than the others."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        group = int(i < n // 2)
        level = rng.normal(10, 2)
        rows.append((f"p{i}", group, 2023, round(level + rng.normal(0, 1), 3)))
        after = level + 1 + 2 * group + rng.normal(0, 1)
        rows.append((f"p{i}", group, 2025, round(after, 3)))
    return pd.DataFrame(rows, columns=["person", "grupp", "period", "utfall"])


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(sep=";", index=False).encode()


def _run(client: Client, initiative: Initiative, capture: Any, **data: Any) -> Any:
    dataset = OutcomeDataset.objects.filter(initiative=initiative).first()
    assert dataset is not None
    with capture(execute=True):
        return client.post(
            reverse("evaluation:run-new", args=[initiative.pk]),
            {"dataset": dataset.pk, "estimand": "ATT", **data},
        )


def test_every_comparison_alternative_has_an_estimator() -> None:
    for kind in design.DesignKind:
        assert compute.estimators_for(kind), kind


def test_difference_in_differences_on_panel_data_equals_the_change_in_group_means(
    analyst_client: Client, initiative: Initiative, django_capture_on_commit_callbacks: Any
) -> None:
    _design(initiative, design.DesignKind.PARALLEL_GROUP)
    panel = _panel()
    assert upload(analyst_client, initiative, _csv(panel)).status_code == 302
    dataset = OutcomeDataset.objects.get(initiative=initiative)
    assert dataset.has_periods and dataset.covariates == []
    assert (dataset.n_treated, dataset.n_control) == (15, 15)
    response = _run(analyst_client, initiative, django_capture_on_commit_callbacks, estimator="did")
    assert response.status_code == 302, response.content.decode()[:3000]
    evaluation = EvaluationRun.objects.latest("id")
    assert evaluation.status == EvaluationRun.Status.DONE, evaluation.error
    means = panel.groupby(["grupp", "period"])["utfall"].mean()
    expected = (means[1, 2025] - means[1, 2023]) - (means[0, 2025] - means[0, 2023])
    assert evaluation.result["estimate"] == pytest.approx(expected, abs=1e-9)
    page = analyst_client.get(reverse("evaluation:run", args=[evaluation.pk])).content.decode()
    assert "Skillnad-i-skillnader" in page


def test_before_after_pairs_each_participant_and_keeps_no_identity_number(
    analyst_client: Client, initiative: Initiative, django_capture_on_commit_callbacks: Any
) -> None:
    _design(initiative, design.DesignKind.BEFORE_AFTER)
    rng = np.random.default_rng(7)
    before = rng.normal(20, 3, size=12).round(2)
    after = (before - 1.5 + rng.normal(0, 1, size=12)).round(2)
    numbers = [personnummer(i) for i in range(12)]
    lines = ["personnummer;period;utfall"]
    lines += [f"{n};före;{b}" for n, b in zip(numbers, before, strict=True)]
    lines += [f"{n};efter;{a}" for n, a in zip(numbers, after, strict=True)]
    assert upload(analyst_client, initiative, "\n".join(lines).encode()).status_code == 302
    dataset = OutcomeDataset.objects.get(initiative=initiative)
    assert not any(n in str(dataset.rows) for n in numbers)
    assert (dataset.n_treated, dataset.n_control) == (12, 0)
    response = _run(
        analyst_client, initiative, django_capture_on_commit_callbacks, estimator="before_after"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    evaluation = EvaluationRun.objects.latest("id")
    assert evaluation.status == EvaluationRun.Status.DONE, evaluation.error
    paired = scipy_stats.ttest_rel(after, before)
    assert evaluation.result["estimate"] == pytest.approx(float(np.mean(after - before)))
    assert evaluation.result["p_value"] == pytest.approx(paired.pvalue, rel=1e-6)
    page = analyst_client.get(reverse("evaluation:run", args=[evaluation.pk])).content.decode()
    assert '<th scope="col">Efter</th><th scope="col">Före</th>' in page
    assert "Jämförelsegrupp" not in page


def test_comparison_with_an_earlier_implementation_uses_its_published_result(
    analyst_client: Client, initiative: Initiative, django_capture_on_commit_callbacks: Any
) -> None:
    _design(initiative, design.DesignKind.EARLIER_IMPLEMENTATION)
    outcomes = [4.0, 5.5, 6.0, 3.5, 5.0, 4.5, 6.5, 5.0]
    rows = "\n".join(f"p{i};1;{str(v).replace('.', ',')}" for i, v in enumerate(outcomes))
    rows += "\nc1;0;9\nc2;0;9"
    upload(analyst_client, initiative, f"person;grupp;utfall\n{rows}\n".encode())
    response = _run(
        analyst_client,
        initiative,
        django_capture_on_commit_callbacks,
        estimator="earlier",
        earlier_mean="4,2",
        earlier_n="40",
        earlier_sd="1,1",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    evaluation = EvaluationRun.objects.latest("id")
    assert evaluation.status == EvaluationRun.Status.DONE, evaluation.error
    y = np.array(outcomes)
    welch = scipy_stats.ttest_ind_from_stats(
        y.mean(), y.std(ddof=1), y.size, 4.2, 1.1, 40, equal_var=False
    )
    assert evaluation.result["estimate"] == pytest.approx(y.mean() - 4.2)
    assert evaluation.result["p_value"] == pytest.approx(welch.pvalue, rel=1e-6)


def test_earlier_implementation_needs_its_result(
    analyst_client: Client, initiative: Initiative, django_capture_on_commit_callbacks: Any
) -> None:
    _design(initiative, design.DesignKind.EARLIER_IMPLEMENTATION)
    upload(analyst_client, initiative, b"person;grupp;utfall\na;1;1\nb;1;0\nc;0;1\nd;0;0\n")
    response = _run(
        analyst_client, initiative, django_capture_on_commit_callbacks, estimator="earlier"
    )
    assert response.status_code == 200
    assert "tidigare genomförandets resultat" in response.content.decode()
    assert not EvaluationRun.objects.exists()


@pytest.mark.parametrize(
    ("content", "estimator", "expected"),
    [
        (_csv(_panel(8)), "aipw", "en rad per person och period"),
        (b"person;grupp;utfall\na;1;1\nb;1;0\nc;0;1\nd;0;0\n", "did", "period"),
    ],
    ids=["group comparison on panel data", "did on one row per person"],
)
def test_an_estimator_that_does_not_fit_the_data_is_refused_before_running(
    analyst_client: Client,
    initiative: Initiative,
    django_capture_on_commit_callbacks: Any,
    content: bytes,
    estimator: str,
    expected: str,
) -> None:
    _design(initiative, design.DesignKind.PARALLEL_GROUP)
    assert upload(analyst_client, initiative, content).status_code == 302
    response = _run(
        analyst_client,
        initiative,
        django_capture_on_commit_callbacks,
        estimator=estimator,
        covariates=[],
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not EvaluationRun.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"person;grupp;period;utfall\na;1;2023;1\na;1;2023;2\nb;0;2023;1\n", "rad/row 3, person"),
        (b"person;grupp;period;utfall\na;1;2023;1\nb;1;2023;2\nc;0;2023;1\nd;0;2023;1\n", "två"),
        (b"person;grupp;period;utfall\na;1;;1\nb;1;2024;2\nc;0;2023;1\n", "rad/row 2, period"),
    ],
    ids=["same person and period twice", "one period only", "period missing"],
)
def test_panel_data_errors_name_row_and_column_and_store_nothing(
    analyst_client: Client, initiative: Initiative, content: bytes, expected: str
) -> None:
    page = upload(analyst_client, initiative, content).content.decode()
    assert "Inget sparades" in page and expected in page
    assert not OutcomeDataset.objects.exists()
