"""The qualitative parts, the final report, the implementation plan and the implementation
decision as an evaluator, a coordinator and the board meet them (issue 11 items 4–6)."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.audit.models import AuditEntry
from sikt.web.design import models as design
from sikt.web.evaluation.implementation import FREEZER_KEY
from sikt.web.evaluation.models import ComponentAssessment, ImplementationPlan, InterviewNote
from sikt.web.followup import services as followup
from sikt.web.followup.selectors.expected import ValueInput
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.initiatives.services import TransitionRefused, initiative_transition
from sikt.web.initiatives.states import InitiativeState as S
from sikt.web.locking import FIELD
from tests.web.conftest import login
from tests.web.evaluation.test_evaluation import demo_csv, run, upload
from tests.web.factories import make_indicator, make_logic_element, make_user
from tests.web.reports.conftest import docx_text, pdf_text, plain

pytestmark = pytest.mark.django_db


def _state(initiative: Initiative, state: S) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(state=state)
    initiative.refresh_from_db()


@pytest.fixture
def stakeholder(initiative: Initiative) -> design.Stakeholder:
    return design.Stakeholder.objects.create(
        initiative=initiative,
        name="Förskolans personal",
        relation="Möter familjerna varje dag",
        method=design.CollectionMethod.FOCUS_GROUP,
        information="Hur föräldrarna tog emot stödet",
    )


PLAN = {
    "receiving_operation": "Socialnämnden, familjeenheten",
    "target_group_size": "400",
    "full_scale_cost": "2 400 000",
    "price_year": "2026",
    "cost_basis": "Fyra familjebehandlare och handledning",
    "financing": "Inom socialnämndens ram genom omfördelning",
    "rollout": "phased",
    "phases": "2027: Norra Exempelby\n2028: hela kommunen",
    "starts_on": "2027-01-01",
    "complete_on": "2028-12-31",
    "replaces": "Köpta öppenvårdsinsatser",
    "replaced_cost": "900 000",
}


def test_component_analysis_and_notes_are_recorded_edited_and_audited(
    analyst_client: Client, initiative: Initiative, stakeholder: design.Stakeholder
) -> None:
    _state(initiative, S.ENDED)
    activity = make_logic_element(
        initiative.organization, level=design.Level.ACTIVITIES, initiative=initiative
    )
    response = analyst_client.post(
        reverse("evaluation:component-new", args=[initiative.pk]),
        {
            "component": "Hembesök",
            "element": activity.pk,
            "verdict": "worked",
            "why": "Familjerna öppnade sig hemma",
            "context": "Familjer med små barn i Norra Exempelby",
        },
    )
    assert response.status_code == 302
    component = ComponentAssessment.objects.get(initiative=initiative)
    response = analyst_client.post(
        reverse("evaluation:note-new", args=[initiative.pk]),
        {
            "kind": "focus_group",
            "held_on": "2026-05-04",
            "topic": "Föräldragrupperna",
            "stakeholders": [stakeholder.pk],
            "participants": "7",
            "notes": "Grupperna uppskattades men tiderna passade inte alla.",
        },
    )
    assert response.status_code == 302
    note = InterviewNote.objects.get(initiative=initiative)
    assert list(note.stakeholders.all()) == [stakeholder]
    page = analyst_client.get(reverse("evaluation:qualitative", args=[initiative.pk]))
    text = page.content.decode()
    for expected in ("Hembesök", "Fungerade", "Föräldragrupperna", "Förskolans personal"):
        assert expected in text, expected
    # Two evaluators open the same component; the second save is refused as a conflict.
    form = analyst_client.get(reverse("evaluation:component-edit", args=[component.pk]))
    stamp = form.context["form"][FIELD].value()
    data = {
        "component": "Hembesök",
        "element": activity.pk,
        "verdict": "partly",
        "why": "Bara när tiden räckte",
        "context": "",
        FIELD: stamp,
    }
    assert (
        analyst_client.post(reverse("evaluation:component-edit", args=[component.pk]), data)
    ).status_code == 302
    stale = analyst_client.post(
        reverse("evaluation:component-edit", args=[component.pk]),
        {**data, "verdict": "did_not_work"},
    )
    assert stale.status_code == 200 and "Någon annan" in stale.content.decode()
    component.refresh_from_db()
    assert component.verdict == "partly"
    actions = set(
        AuditEntry.objects.filter(object_id=str(component.pk)).values_list("action", flat=True)
    )
    assert {AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE} <= actions
    assert AuditEntry.objects.filter(
        object_id=str(note.pk), changes__has_key="stakeholders"
    ).exists()


def test_notes_are_for_evaluators_and_the_records_close_after_the_decision(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    _state(initiative, S.EVALUATED)
    login(client, make_user(organization, Role.VIEWER, username="lasare"))
    page = client.get(reverse("evaluation:qualitative", args=[initiative.pk]))
    assert page.status_code == 200 and "Intervjuer och fokusgrupper" not in page.content.decode()
    assert client.get(reverse("evaluation:note-new", args=[initiative.pk])).status_code == 403
    assert client.get(reverse("evaluation:component-new", args=[initiative.pk])).status_code == 403
    login(client, make_user(organization, Role.ANALYST, username="utvarderare"))
    assert client.get(reverse("evaluation:note-new", args=[initiative.pk])).status_code == 200
    _state(initiative, S.PLAN_DRAFT)
    closed = client.get(reverse("evaluation:note-new", args=[initiative.pk]))
    assert "Kan inte ändras nu" in closed.content.decode()
    assert client.post(reverse("evaluation:note-new", args=[initiative.pk])).status_code == 403


def test_plan_form_reads_swedish_numbers_and_the_plan_document_shows_them(
    coordinator_client: Client, initiative: Initiative
) -> None:
    _state(initiative, S.RUNNING)
    edit = reverse("evaluation:plan-edit", args=[initiative.pk])
    # Only after the project period: the page says why, a forged save is refused.
    assert "efter projektperioden" in coordinator_client.get(edit).content.decode()
    assert coordinator_client.post(edit, PLAN).status_code == 403
    _state(initiative, S.EVALUATED)
    bad = coordinator_client.post(edit, {**PLAN, "phases": "", "complete_on": "2026-01-01"})
    assert bad.status_code == 200 and not ImplementationPlan.objects.exists()
    text = bad.content.decode()
    assert "Beskriv faserna" in text and "inte komma före" in text
    assert coordinator_client.post(edit, PLAN).status_code == 302
    plan = ImplementationPlan.objects.get(initiative=initiative)
    assert plan.full_scale_cost == 2_400_000 and plan.replaced_cost == 900_000
    page = plain(
        coordinator_client.get(reverse("evaluation:plan", args=[initiative.pk])).content.decode()
    )
    pdf = pdf_text(
        coordinator_client.get(reverse("evaluation:plan-pdf", args=[initiative.pk])).content
    )
    docx = docx_text(
        coordinator_client.get(reverse("evaluation:plan-docx", args=[initiative.pk])).content
    )
    # 2 400 000 kr a year for 400 people: 6 000 kr each; net of the 900 000 kr replaced.
    for figure in ("2 400 000 kr", "6 000 kr", "1 500 000 kr", "I faser", "Norra Exempelby"):
        assert figure in page and figure in pdf and figure in docx, figure


def test_implementation_decision_freezes_the_plan_and_follow_up_continues(
    client: Client,
    coordinator_client: Client,
    organization: Organization,
    initiative: Initiative,
    coordinator: User,
) -> None:
    _state(initiative, S.EVALUATED)
    assert (
        coordinator_client.post(
            reverse("evaluation:plan-edit", args=[initiative.pk]), PLAN
        ).status_code
        == 302
    )
    board = make_user(organization, Role.DECISION_MAKER, username="ks")
    initiative_transition(
        actor=board,
        initiative=initiative,
        transition_key="decide_implementation",
        minute_reference="§ 12",
        registration_number="KS-2026-1",
    )
    decision = Decision.objects.get(initiative=initiative, transition="decide_implementation")
    frozen = decision.frozen[FREEZER_KEY]
    assert frozen["full_scale_cost"] == "2400000" and frozen["rollout"] == "phased"
    # The plan is closed for changes now; the document reads the frozen plan.
    edit = reverse("evaluation:plan-edit", args=[initiative.pk])
    assert coordinator_client.post(edit, PLAN).status_code == 403
    ImplementationPlan.objects.filter(initiative=initiative).update(full_scale_cost=1)
    page = coordinator_client.get(reverse("evaluation:plan", args=[initiative.pk])).content.decode()
    assert "2 400 000 kr" in plain(page) and "§ 12" in page

    # Ordinary operations report the same indicator after the decision.
    element = make_logic_element(organization, initiative=initiative)
    indicator = make_indicator(organization, element, name="Andel familjer i stöd")
    today = dt.date.today()
    report = followup.report_add(
        actor=coordinator,
        initiative=initiative,
        title="Ordinarie verksamhet",
        period_start=today,
        period_end=today + dt.timedelta(days=90),
        due_on=today + dt.timedelta(days=100),
    )
    followup.report_values_save(
        actor=None,
        report=report,
        values=[ValueInput(indicator.pk, report.period_start, value=Decimal("0.42"))],
    )
    followup.report_submit(actor=None, report=report)
    followup.report_approve(actor=coordinator, report=report)
    page = coordinator_client.get(
        reverse("evaluation:implementation", args=[initiative.pk])
    ).content.decode()
    assert "Andel familjer i stöd" in page and "0,42" in page


def test_final_report_numbers_equal_the_screen(
    analyst_client: Client,
    initiative: Initiative,
    criterion: design.SuccessCriterion,
    stakeholder: design.Stakeholder,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert upload(analyst_client, initiative, demo_csv()).status_code == 302
    evaluation = run(
        analyst_client, initiative, django_capture_on_commit_callbacks, criterion=criterion.pk
    )
    ComponentAssessment.objects.create(
        initiative=initiative, component="Föräldragrupper", verdict="partly", why="Tiderna"
    )
    screen = analyst_client.get(reverse("evaluation:run", args=[evaluation.pk]))
    estimate = screen.context["view"].estimate
    interval = screen.context["view"].interval
    report = plain(
        analyst_client.get(
            reverse("evaluation:final-report", args=[initiative.pk])
        ).content.decode()
    )
    pdf = pdf_text(
        analyst_client.get(reverse("evaluation:final-report-pdf", args=[initiative.pk])).content
    )
    for text in (estimate, plain(interval), "Föräldragrupper", "Förskolans personal"):
        assert text in report and text in pdf, text
    assert "Komponentanalys" in pdf and "Genomförandetrohet" in pdf
    docx = docx_text(
        analyst_client.get(reverse("evaluation:final-report-docx", args=[initiative.pk])).content
    )
    assert estimate in docx and "Föräldragrupper" in docx


def test_the_implementation_decision_needs_a_complete_plan(
    client: Client, coordinator: User, organization: Organization, initiative: Initiative
) -> None:
    _state(initiative, S.EVALUATED)
    board = make_user(organization, Role.DECISION_MAKER, username="ks")
    with pytest.raises(TransitionRefused) as refused:
        initiative_transition(
            actor=board, initiative=initiative, transition_key="decide_implementation"
        )
    assert "Implementeringsplan" in " ".join(refused.value.messages)
    initiative.refresh_from_db()
    assert initiative.state == S.EVALUATED
    # The board's step form and the initiative's checklist say what is missing and link to
    # the plan's page (which the board may read) instead of offering the decision; there,
    # those who write the plan find its form.
    login(client, board)
    plan = reverse("evaluation:plan", args=[initiative.pk])
    step = client.get(
        reverse("initiatives:step", args=[initiative.pk]),
        {"transition": "decide_implementation"},
    ).content.decode()
    assert "kan inte tas ännu" in step and f'href="{plan}"' in step
    assert 'name="minute_reference"' not in step
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert f'href="{plan}"' in detail
    assert client.get(plan).status_code == 200
    edit = reverse("evaluation:plan-edit", args=[initiative.pk])
    assert f'href="{edit}"' in login(Client(), coordinator).get(plan).content.decode()
    forged = client.post(
        reverse("initiatives:step", args=[initiative.pk]),
        {
            "transition": "decide_implementation",
            "submitted": "1",
            "decided_on": "2026-11-02",
            "body": "executive_board",
        },
        follow=True,
    )
    assert not Decision.objects.filter(initiative=initiative)
    assert "Saknas: Implementeringsplan" in forged.content.decode()
    # A plan that breaks a rule of the form (phased without phases, written past it) is not
    # complete either; the completed plan lets the decision through.
    values = {
        "receiving_operation": "Socialnämnden",
        "target_group_size": 400,
        "full_scale_cost": Decimal(2_400_000),
        "price_year": 2026,
        "financing": "Inom ram",
        "rollout": "phased",
        "phases": "",
        "starts_on": dt.date(2027, 1, 1),
        "complete_on": dt.date(2028, 12, 31),
        "replaces": "Köpta insatser",
    }
    plan = ImplementationPlan.objects.create(initiative=initiative, **values)
    with pytest.raises(TransitionRefused):
        initiative_transition(
            actor=board, initiative=initiative, transition_key="decide_implementation"
        )
    ImplementationPlan.objects.filter(pk=plan.pk).update(phases="2027: Norra\n2028: alla")
    initiative_transition(
        actor=board, initiative=initiative, transition_key="decide_implementation"
    )
    initiative.refresh_from_db()
    assert initiative.state == S.IMPLEMENTATION_DECIDED


def test_a_decision_recorded_without_a_plan_before_the_rule_says_so(
    coordinator_client: Client, initiative: Initiative
) -> None:
    # Implementation decisions recorded before the plan was required froze no plan.
    _state(initiative, S.IMPLEMENTATION_DECIDED)
    Decision.objects.create(
        initiative=initiative,
        transition="decide_implementation",
        outcome=S.IMPLEMENTATION_DECIDED,
        decided_on=dt.date(2026, 5, 1),
        body="executive_board",
    )
    page = coordinator_client.get(reverse("evaluation:plan", args=[initiative.pk]))
    assert "utan en implementeringsplan" in page.content.decode()
    pdf = pdf_text(
        coordinator_client.get(reverse("evaluation:plan-pdf", args=[initiative.pk])).content
    )
    assert "Beslut om implementering" in pdf and "utan en implementeringsplan" in pdf


def test_ordinary_operations_page_charts_each_indicator_over_time(
    coordinator_client: Client,
    organization: Organization,
    initiative: Initiative,
    coordinator: User,
) -> None:
    _state(initiative, S.EVALUATED)
    assert (
        coordinator_client.post(
            reverse("evaluation:plan-edit", args=[initiative.pk]), PLAN
        ).status_code
        == 302
    )
    element = make_logic_element(organization, initiative=initiative)
    indicator = make_indicator(
        organization,
        element,
        name="Andel familjer i stöd",
        unit="%",
        baseline_value="20",
        baseline_date=dt.date(2023, 12, 1),
        target_value="40",
    )
    board = make_user(organization, Role.DECISION_MAKER, username="ks")
    decided_on = dt.date.today() - dt.timedelta(days=30)
    initiative_transition(
        actor=board,
        initiative=initiative,
        transition_key="decide_implementation",
        decided_on=decided_on,
    )
    url = reverse("evaluation:implementation", args=[initiative.pk])
    # No approved values yet: the chart says so instead of drawing an empty axis.
    empty = coordinator_client.get(url).content.decode()
    assert 'aria-label="Andel familjer i stöd: Inga värden ännu"' in empty

    def approved(start: dt.date, end: dt.date, value: str) -> None:
        report = followup.report_add(
            actor=coordinator,
            initiative=initiative,
            title=f"Rapport {end}",
            period_start=start,
            period_end=end,
            due_on=end + dt.timedelta(days=10),
        )
        followup.report_values_save(
            actor=None,
            report=report,
            values=[ValueInput(indicator.pk, report.period_start, value=Decimal(value))],
        )
        followup.report_submit(actor=None, report=report)
        followup.report_approve(actor=coordinator, report=report)

    project_end = decided_on - dt.timedelta(days=10)
    operations_end = decided_on + dt.timedelta(days=20)
    approved(project_end - dt.timedelta(days=90), project_end, "36")
    approved(decided_on + dt.timedelta(days=1), operations_end, "38.5")
    page = coordinator_client.get(url).content.decode()
    label = re.search(r'<svg role="img" aria-label="([^"]+)"', page)
    assert label is not None
    text = html.unescape(label.group(1))
    assert f"Projektet: {project_end.isoformat()} 36" in text
    assert f"Ordinarie verksamhet: {operations_end.isoformat()} 38,5" in text
    # (The design app's catalogue names them "Utgångsvärde" and "Målvärde".)
    assert re.search(r"; Utgångs\w+ 20; Mål\w* 40; ", text)
    assert f"Implementering beslutad {decided_on.isoformat()}" in text
    svg_text = re.findall(r"<text[^>]*>([^<]*)</text>", page)
    assert "Godkänt värde (%)" in svg_text and "Rapportperiodens slut" in svg_text
