"""Effect evaluation as an evaluator meets it: upload, validation, run, result, reproduction."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sikt.analysis.identity import luhn_check_digit
from sikt.web.accounts.models import Organization, Role
from sikt.web.design.models import ComparisonDesign, DesignKind, SuccessCriterion
from sikt.web.evaluation import synthetic
from sikt.web.evaluation.models import EvaluationRun, OutcomeDataset
from sikt.web.initiatives.models import Initiative
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_user


def personnummer(index: int) -> str:
    body = f"0801{(index % 28) + 1:02d}{index:03d}"
    return f"20{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


CLEAR = personnummer(3)


def upload(client: Client, initiative: Initiative, content: bytes, name: str = "utfall.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("evaluation:upload", args=[initiative.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def demo_csv(n: int = 160) -> bytes:
    return synthetic.csv_bytes(*synthetic.generate(n))


def run(client: Client, initiative: Initiative, capture: Any, **data: Any) -> EvaluationRun:
    dataset = OutcomeDataset.objects.filter(initiative=initiative).first()
    assert dataset is not None
    form = {
        "dataset": dataset.pk,
        "estimator": "matching",
        "covariates": list(synthetic.COVARIATES),
        "estimand": "ATT",
        **data,
    }
    with capture(execute=True):
        response = client.post(reverse("evaluation:run-new", args=[initiative.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return EvaluationRun.objects.latest("id")


def test_identity_numbers_are_pseudonymised_on_import_and_never_stored(
    analyst_client: Client, initiative: Initiative
) -> None:
    columns, rows = synthetic.generate(40)
    numbers = [personnummer(i) for i in range(len(rows))]
    content = synthetic.csv_bytes(
        ["personnummer", *columns[1:]], [[numbers[i], *row[1:]] for i, row in enumerate(rows)]
    )
    response = upload(analyst_client, initiative, content)
    assert response.status_code == 302
    dataset = OutcomeDataset.objects.get(initiative=initiative)
    stored = str(dataset.rows)
    assert not any(n.replace("-", "")[2:] in stored or n in stored for n in numbers)
    assert dataset.columns[0] == "person" and len(dataset.rows[0][0]) == 32
    assert (dataset.version, dataset.n_treated + dataset.n_control) == (1, 40)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"person;grupp;alder\na;1;3\n", "utfall"),
        (b"person;grupp;utfall\na;1;1\nb;1;x\nc;0;1\nd;0;0\n", "rad/row 3, utfall"),
        (b"person;grupp;utfall\na;1;1\nb;0;1\nc;0;0\n", "minst 2"),
        (b"person;grupp;utfall\na;1;1\nb;1;0\na;0;1\nd;0;0\n", "rad/row 4, person"),
        (
            f"person;grupp;utfall\n{CLEAR};1;1\nb;1;0\nc;0;1\nd;0;0\n".encode(),
            "personnummer i klartext",
        ),
    ],
    ids=["missing column", "non-numeric outcome", "group of one", "duplicate key", "clear number"],
)
def test_bad_data_is_explained_by_row_and_column_and_nothing_is_stored(
    analyst_client: Client, initiative: Initiative, content: bytes, expected: str
) -> None:
    response = upload(analyst_client, initiative, content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Inget sparades" in page and expected in page
    assert not OutcomeDataset.objects.exists()


def test_clear_number_is_not_echoed_in_the_error(
    analyst_client: Client, initiative: Initiative
) -> None:
    number = personnummer(7)
    content = f"person;grupp;utfall\n{number};1;1\nb;1;0\nc;0;1\nd;0;0\n".encode()
    page = upload(analyst_client, initiative, content).content.decode()
    assert "rad/row 2, person" in page and number not in page


def test_matching_run_shows_estimate_diagnostics_sensitivity_and_verdict(
    analyst_client: Client,
    initiative: Initiative,
    criterion: SuccessCriterion,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert upload(analyst_client, initiative, demo_csv()).status_code == 302
    evaluation = run(
        analyst_client, initiative, django_capture_on_commit_callbacks, criterion=criterion.pk
    )
    assert evaluation.status == EvaluationRun.Status.DONE, evaluation.error
    page = analyst_client.get(reverse("evaluation:run", args=[evaluation.pk])).content.decode()
    for heading in ("Resultat", "Balans", "Överlapp", "Känslighet", "riskkvot"):
        assert heading in page, heading
    assert evaluation.result["n_treated"] > 0 and len(evaluation.result["balance"]) == 4
    assert any(word in page for word in ("Uppnått", "Ej uppnått", "Osäkert"))
    assert 'role="img"' in page  # Love plot and overlap chart


def test_rerun_with_the_same_inputs_reproduces_the_numbers(
    analyst_client: Client, initiative: Initiative, django_capture_on_commit_callbacks: Any
) -> None:
    upload(analyst_client, initiative, demo_csv())
    first = run(analyst_client, initiative, django_capture_on_commit_callbacks, estimator="aipw")
    with django_capture_on_commit_callbacks(execute=True):
        analyst_client.post(reverse("evaluation:run-repeat", args=[first.pk]))
    second = EvaluationRun.objects.latest("id")
    assert second.pk != first.pk and second.inputs_sha256 == first.inputs_sha256
    assert second.result["estimate"] == first.result["estimate"]
    page = analyst_client.get(reverse("evaluation:run", args=[second.pk])).content.decode()
    assert 'id="reproduced"' in page


def test_small_groups_are_suppressed(
    analyst_client: Client, initiative: Initiative, django_capture_on_commit_callbacks: Any
) -> None:
    rows = "\n".join(
        [f"t{i};1;{i % 2};{i}" for i in range(3)] + [f"c{i};0;{i % 2};{i}" for i in range(20)]
    )
    upload(analyst_client, initiative, f"person;grupp;utfall;alder\n{rows}\n".encode())
    evaluation = run(
        analyst_client,
        initiative,
        django_capture_on_commit_callbacks,
        estimator="aipw",
        covariates=["alder"],
    )
    page = analyst_client.get(reverse("evaluation:run", args=[evaluation.pk])).content.decode()
    assert "färre än 5" in page


def test_only_evaluators_upload_and_everyone_reads_results(
    client: Client,
    organization: Organization,
    initiative: Initiative,
    analyst_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    upload(analyst_client, initiative, demo_csv())
    evaluation = run(analyst_client, initiative, django_capture_on_commit_callbacks)
    viewer = login(Client(), make_user(organization, Role.VIEWER))
    assert upload(viewer, initiative, demo_csv()).status_code == 403
    assert viewer.get(reverse("evaluation:run", args=[evaluation.pk])).status_code == 200
    area = viewer.get(reverse("evaluation:index")).content.decode()
    assert initiative.title in area
    assert (
        "Utfallsdata"
        not in viewer.get(reverse("evaluation:initiative", args=[initiative.pk])).content.decode()
    )


def test_the_area_lists_only_the_organisation_the_user_works_in(
    client: Client,
    organization: Organization,
    other_organization: Organization,
    initiative: Initiative,
) -> None:
    from sikt.web.accounts import services as accounts

    theirs = make_initiative(other_organization, title="Annan kommuns satsning")
    ComparisonDesign.objects.create(
        initiative=theirs, kind=DesignKind.RCT, rationale="Lottning", baseline_plan="Register"
    )
    user = make_user(organization, Role.VIEWER)
    accounts.membership_grant(
        actor=None, user=user, organization=other_organization, role=Role.VIEWER
    )
    login(client, user)
    page = client.get(reverse("evaluation:index")).content.decode()
    assert initiative.title in page and theirs.title not in page
    client.post(reverse("shell:switch-organization"), {"organization": other_organization.pk})
    page = client.get(reverse("evaluation:index")).content.decode()
    assert theirs.title in page and initiative.title not in page
