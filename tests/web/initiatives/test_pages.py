"""The Satsningar pages as users see them: buttons only for the roles in the table, 403 on a
forged step, the checklist, the one-month queue, criteria, scores, comments and versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sikt.web.accounts.models import Organization, Role
from sikt.web.initiatives.models import Comment, Decision, Initiative, RuleSet
from sikt.web.initiatives.services import initiative_transition, ruleset_save
from sikt.web.initiatives.states import InitiativeState, Process
from sikt.web.initiatives.workflow import TRANSITIONS, Transition
from tests.web.conftest import login
from tests.web.factories import make_committee
from tests.web.initiatives.conftest import complete_idea_and_plan, member, set_state

S = InitiativeState


def _detail(initiative: Initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


def _step(initiative: Initiative) -> str:
    return reverse("initiatives:step", args=[initiative.pk])


def test_the_area_leads_to_the_list_of_initiatives(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    login(client, member(organization, Role.VIEWER))
    response = client.get(reverse("shell:area", args=["satsningar"]), follow=True)
    assert response.status_code == 200
    assert "Tidiga insatser i skolan" in response.content.decode()
    assert "Idé (utkast)" in response.content.decode()
    assert reverse("initiatives:new") not in response.content.decode()


def test_applicant_writes_a_new_idea(client: Client, organization: Organization) -> None:
    school = make_committee(organization, "Utbildningsnämnden")
    login(client, member(organization, Role.APPLICANT))
    response = client.post(
        reverse("initiatives:new"),
        {
            "title": "Läxhjälp",
            "problem": "Låg måluppfyllelse.",
            "target_group": "Elever i åk 7–9.",
            "affected_operations": "Skola",
            "result_committees": [school.pk],
            "cost_committees": [school.pk],
            "needs_analysis_reference": "https://example.org/behov",
        },
    )
    initiative = Initiative.objects.get(title="Läxhjälp")
    assert response.status_code == 302 and response["Location"] == _detail(initiative)
    assert list(initiative.result_committees.all()) == [school]
    page = client.get(_detail(initiative)).content.decode()
    assert 'value="submit_idea"' in page, "the complete idea may be submitted"


def test_an_idea_cannot_name_another_organisations_committee(
    client: Client, organization: Organization, other_organization: Organization
) -> None:
    foreign = make_committee(other_organization, "Främmande nämnd")
    login(client, member(organization, Role.APPLICANT))
    response = client.post(
        reverse("initiatives:new"), {"title": "X", "result_committees": [foreign.pk]}
    )
    assert response.status_code == 200
    assert "result_committees_error" in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_viewer_may_not_create_an_idea(client: Client, organization: Organization) -> None:
    login(client, member(organization, Role.VIEWER))
    assert client.get(reverse("initiatives:new")).status_code == 403
    assert client.post(reverse("initiatives:new"), {"title": "X"}).status_code == 403


@pytest.mark.usefixtures("all_requirements_met")
@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.key)
def test_button_hidden_and_forged_step_refused_for_roles_not_in_the_table(
    client: Client, organization: Organization, initiative: Initiative, transition: Transition
) -> None:
    if transition.process == Process.ONE_STAGE:
        ruleset_save(actor=None, organization=organization, process=Process.ONE_STAGE)
    source = sorted(transition.sources)[0]
    set_state(initiative, source)
    others = set(Role) - transition.roles
    login(client, member(organization, *others))
    page = client.get(_detail(initiative)).content.decode()
    assert f'value="{transition.key}"' not in page
    assert f"transition={transition.key}" not in page
    response = client.post(_step(initiative), {"transition": transition.key, "reason": "x"})
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.state == source
    login(client, member(organization, *transition.roles))
    page = client.get(_detail(initiative)).content.decode()
    assert f'value="{transition.key}"' in page or f"transition={transition.key}" in page


def test_checklist_shows_what_is_missing_before_the_plan_can_be_submitted(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    set_state(initiative, S.PLAN_DRAFT)
    login(client, member(organization, Role.APPLICANT))
    page = client.get(_detail(initiative)).content.decode()
    assert "Säkerställ följande" in page
    idea_edit = reverse("initiatives:idea-edit", args=[initiative.pk])
    assert f'Saknas:</strong> <a href="{idea_edit}">Idébeskrivningen är komplett</a>' in page
    assert "Skicka in projektplanen – inte möjligt ännu" in page
    assert 'value="submit_plan"' not in page
    response = client.post(_step(initiative), {"transition": "submit_plan"}, follow=True)
    assert "Saknas: Tidsperiod angiven" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == S.PLAN_DRAFT


def test_plan_form_checks_the_maximum_length_at_the_field(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    ruleset_save(actor=None, organization=organization, max_length_months=24)
    login(client, member(organization, Role.APPLICANT))
    response = client.post(
        reverse("initiatives:plan-edit", args=[initiative.pk]),
        {"purpose": "Syfte", "start_date": "2027-01-01", "end_date": "2029-12-31"},
    )
    assert response.status_code == 200
    assert "högst 24 månader; den här perioden är 36" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.purpose == "" and initiative.start_date is None


def test_plan_form_refuses_a_negative_cost(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    login(client, member(organization, Role.APPLICANT))
    response = client.post(
        reverse("initiatives:plan-edit", args=[initiative.pk]), {"total_cost_sek": "-5"}
    )
    assert "total_cost_sek_error" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.total_cost_sek is None


@pytest.mark.usefixtures("all_requirements_met")
def test_board_decision_is_recorded_through_the_form(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    set_state(initiative, S.RECOMMENDED)
    year = timezone.localdate().year
    login(client, member(organization, Role.DECISION_MAKER))
    form = client.get(_step(initiative), {"transition": "approve"}).content.decode()
    assert "Diarienummer" in form and "Protokollsparagraf" in form
    response = client.post(
        _step(initiative),
        {
            "transition": "approve",
            "submitted": "1",
            "decided_on": "2026-11-18",
            "body": "executive_board",
            "minute_reference": "§ 212",
            "registration_number": "KSN-2026-0412",
            "reason": "",
            f"grant_{year}": "1000000",
            f"grant_{year + 1}": "1200000.50",
            "project_number": "SI-2026-07",
            "conditions": "Redovisning vid varje delårsrapport.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(initiative=initiative)
    assert decision.registration_number == "KSN-2026-0412"
    assert decision.grant.project_number == "SI-2026-07"
    assert [(row.year, row.amount_sek) for row in decision.grant.years.all()] == [
        (year, Decimal("1000000.00")),
        (year + 1, Decimal("1200000.50")),
    ]
    page = client.get(_detail(initiative)).content.decode()
    assert "KSN-2026-0412" in page and "Beviljad av kommunstyrelsen" in page
    assert "SI-2026-07" in page and "Redovisning vid varje delårsrapport." in page
    assert "2\xa0200\xa0001" in page  # the total, rounded to whole kronor


@pytest.mark.usefixtures("all_requirements_met")
def test_an_approval_without_amount_or_project_number_shows_the_errors_and_records_nothing(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    set_state(initiative, S.RECOMMENDED)
    login(client, member(organization, Role.DECISION_MAKER))
    form = client.get(_step(initiative), {"transition": "approve"}).content.decode()
    assert "Beviljat belopp" in form and "Projektnummer" in form
    response = client.post(
        _step(initiative),
        {
            "transition": "approve",
            "submitted": "1",
            "decided_on": "2026-11-18",
            "body": "executive_board",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "project_number_error" in page and f"grant_{timezone.localdate().year}_error" in page
    initiative.refresh_from_db()
    assert initiative.state == S.RECOMMENDED and not Decision.objects.exists()


@pytest.mark.usefixtures("all_requirements_met")
def test_rejecting_without_a_reason_shows_the_error_at_the_field(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    set_state(initiative, S.IDEA_SUBMITTED)
    login(client, member(organization, Role.MANAGEMENT_GROUP))
    response = client.post(
        _step(initiative),
        {
            "transition": "reject_idea",
            "submitted": "1",
            "decided_on": "2026-11-01",
            "body": "management_group",
        },
    )
    assert response.status_code == 200
    assert "reason_error" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == S.IDEA_SUBMITTED


def test_queue_shows_age_due_date_and_overdue_ideas_in_words(
    client: Client, organization: Organization
) -> None:
    from tests.web.factories import make_initiative

    old = make_initiative(organization, "Gammal idé")
    fresh = make_initiative(organization, "Ny idé")
    now = timezone.now()
    Initiative.objects.filter(pk=old.pk).update(
        state=S.IDEA_SUBMITTED, idea_submitted_at=now - dt.timedelta(days=40)
    )
    Initiative.objects.filter(pk=fresh.pk).update(
        state=S.IDEA_SUBMITTED, idea_submitted_at=now - dt.timedelta(days=3)
    )
    login(client, member(organization, Role.COORDINATOR))
    page = client.get(reverse("initiatives:queue")).content.decode()
    rows = page.split("<tr")
    old_row = next(row for row in rows if "Gammal idé" in row)
    fresh_row = next(row for row in rows if "Ny idé" in row)
    # Days are counted between local calendar dates; across the end of summer time that can be
    # 39 for 40 × 24 hours late in the evening, so the expectation is counted the same way.
    days = (timezone.localdate(now) - timezone.localdate(now - dt.timedelta(days=40))).days
    assert "Försenad" in old_row and f">{days}<" in old_row
    assert "Försenad" not in fresh_row and "Dagar kvar" in fresh_row
    assert page.index("Gammal idé") < page.index("Ny idé")
    login(client, member(organization, Role.APPLICANT))
    assert client.get(reverse("initiatives:queue")).status_code == 403


def test_coordinator_edits_the_rule_set_and_the_workflow_follows(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    login(client, member(organization, Role.COORDINATOR))
    page = client.get(reverse("initiatives:ruleset")).content.decode()
    assert "Uppfyller kommunens syfte och mål" in page
    client.post(reverse("initiatives:ruleset-template"), {"template": "lulea"})
    ruleset = RuleSet.objects.get(organization=organization)
    assert ruleset.process == Process.ONE_STAGE and ruleset.max_funding_share_percent == 70
    page = client.get(_detail(initiative)).content.decode()
    assert "transition=start_application" not in page and 'value="start_application"' in page
    assert 'value="submit_idea"' not in page
    response = client.post(
        reverse("initiatives:ruleset"),
        {
            "eligible_applicants": "Alla nämnder",
            "min_partners": "1",
            "process": "two_stage",
            "deadline_mode": "fixed",
            "fixed_deadlines": "2027-10-31\ninte ett datum",
            "answer_months": "1",
            "base_criteria": "Ett\nTvå",
            "selection_criteria": "A",
            "repayment_model": "none",
        },
    )
    assert response.status_code == 200 and "ÅÅÅÅ-MM-DD" in response.content.decode()
    ruleset.refresh_from_db()
    assert ruleset.process == Process.ONE_STAGE, "nothing saved on invalid input"


def test_viewer_reads_but_may_not_change_the_rule_set(
    client: Client, organization: Organization
) -> None:
    login(client, member(organization, Role.VIEWER))
    assert client.get(reverse("initiatives:ruleset")).status_code == 200
    assert client.post(reverse("initiatives:ruleset"), {}).status_code == 403
    assert (
        client.post(reverse("initiatives:ruleset-template"), {"template": "lulea"}).status_code
        == 403
    )
    assert not RuleSet.objects.exists()


def test_base_criteria_must_all_be_met_before_recommending(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    ruleset_save(actor=None, organization=organization, base_criteria=["Ett", "Två"])
    set_state(initiative, S.STEERING_REVIEW)
    login(client, member(organization, Role.STEERING_GROUP))
    url = reverse("initiatives:criteria", args=[initiative.pk])
    response = client.post(url, {"met_0": "on", "justification_0": "", "met_1": "on"})
    assert "justification_0_error" in response.content.decode()
    client.post(url, {"met_0": "on", "justification_0": "Tydligt.", "justification_1": ""})
    page = client.get(_detail(initiative)).content.decode()
    assert "Rekommendera – inte möjligt ännu" in page
    client.post(
        url,
        {"met_0": "on", "justification_0": "Tydligt.", "met_1": "on", "justification_1": "Ja."},
    )
    response = client.post(
        _step(initiative),
        {
            "transition": "recommend",
            "submitted": "1",
            "decided_on": "2026-11-01",
            "body": "steering_group",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == S.RECOMMENDED


def test_selection_scores_are_compared_side_by_side(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    from tests.web.factories import make_initiative

    ruleset_save(actor=None, organization=organization, selection_criteria=["Effektivitet"])
    other = make_initiative(organization, "Konkurrerande ansökan")
    for item in (initiative, other):
        set_state(item, S.STEERING_REVIEW)
    for score in (4, 2):
        login(client, member(organization, Role.STEERING_GROUP))
        client.post(reverse("initiatives:scores", args=[initiative.pk]), {"score_0": str(score)})
    page = client.get(reverse("initiatives:compare")).content.decode()
    assert "Konkurrerande ansökan" in page and "Tidiga insatser i skolan" in page
    assert "Medelvärde: 3" in page
    response = client.post(reverse("initiatives:scores", args=[other.pk]), {"score_0": "9"})
    assert "score_0_error" in response.content.decode()


def test_comments_on_sections_and_resolving_them(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    url = reverse("initiatives:comments", args=[initiative.pk])
    login(client, member(organization, Role.ECONOMIST))
    client.post(url, {"section": "plan", "text": "Budgeten saknar år 3."})
    comment = Comment.objects.get()
    assert comment.section == "plan" and not comment.resolved
    login(client, member(organization, Role.APPLICANT))
    client.post(url, {"resolve": comment.pk, "resolved": "1"})
    comment.refresh_from_db()
    assert comment.resolved
    assert "Åtgärdad" in client.get(url).content.decode()
    login(client, member(organization, Role.VIEWER))
    assert client.post(url, {"section": "plan", "text": "Hej"}).status_code == 403
    assert client.post(url, {"resolve": comment.pk, "resolved": "0"}).status_code == 403


@pytest.mark.usefixtures("all_requirements_met")
def test_returned_and_resubmitted_plan_versions_are_compared(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    complete_idea_and_plan(initiative)
    set_state(initiative, S.PLAN_DRAFT)
    applicant = member(organization, Role.APPLICANT)
    steering = member(organization, Role.STEERING_GROUP)
    initiative_transition(actor=applicant, initiative=initiative, transition_key="submit_plan")
    initiative_transition(
        actor=steering,
        initiative=initiative,
        transition_key="return_for_completion",
        reason="Komplettera budgeten.",
    )
    login(client, applicant)
    client.post(
        reverse("initiatives:plan-edit", args=[initiative.pk]),
        {
            "purpose": "Fler elever klarar behörighet till gymnasiet.",
            "start_date": "2027-01-01",
            "end_date": "2029-12-31",
            "budget_summary": "2 tjänster i tre år, 1 mkr per år.",
            "owner_committee": initiative.owner_committee_id,
            "owner_name": "Förvaltningschef Anna Andersson",
        },
    )
    initiative_transition(actor=applicant, initiative=initiative, transition_key="submit_plan")
    page = client.get(
        reverse("initiatives:versions", args=[initiative.pk]), {"a": 1, "b": 2}
    ).content.decode()
    budget_row = next(row for row in page.split("<tr") if "Budget i sammandrag" in row)
    assert "[ändrat]" in budget_row
    assert "<del>2 tjänster i tre år.</del>" in budget_row
    assert "<ins>2 tjänster i tre år, 1 mkr per år.</ins>" in budget_row
    purpose_row = next(row for row in page.split("<tr") if "Syfte och långsiktigt mål" in row)
    assert "[ändrat]" not in purpose_row


def test_list_shows_the_next_fixed_deadline(client: Client, organization: Organization) -> None:
    login(client, member(organization, Role.APPLICANT))
    assert "hanteras löpande" in client.get(reverse("initiatives:list")).content.decode()
    next_year = timezone.localdate().year + 1
    ruleset_save(
        actor=None,
        organization=organization,
        deadline_mode="fixed",
        fixed_deadlines=["2001-10-31", f"{next_year}-10-31", f"{next_year + 1}-10-31"],
    )
    page = client.get(reverse("initiatives:list")).content.decode()
    assert f"Nästa sista ansökningsdag: {next_year}-10-31." in page
