"""Development agreements (issue 9 item 4): sprints approved by the funder alone, tranches
payable only after approval, remaining money reported and the unused part owed back — and an
agreement visible to exactly its funder and participants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sikt.web import policy
from sikt.web.accounts.models import Organization, Role
from sikt.web.agreements import selectors, services
from sikt.web.agreements.models import Agreement, SprintProgress, SprintState, Tranche
from sikt.web.audit.models import AuditEntry
from tests.web.conftest import login
from tests.web.factories import (
    make_agreement,
    make_agreement_repayment,
    make_organization,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(organization: Organization) -> Agreement:
    return make_agreement(organization)


def _progress(agreement: Agreement) -> SprintProgress:
    return SprintProgress.objects.get(participation__agreement=agreement)


def _participant(agreement: Agreement) -> Organization:
    return agreement.participations.get().organization


def test_funder_creates_agreement_and_sprints_in_the_browser(
    client: Client, organization: Organization, other_organization: Organization
) -> None:
    login(client, make_user(organization, Role.COORDINATOR))
    response = client.post(
        reverse("agreements:create"),
        {
            "title": "Aktion 2017",
            "reference_number": "359144",
            "starts_on": "2017-03-01",
            "ends_on": "2017-12-31",
            "repayment_due_on": "2018-01-31",
            "participant": other_organization.pk,
        },
    )
    agreement = Agreement.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/overenskommelser/{agreement.pk}/"
    )
    response = client.post(
        reverse("agreements:sprint-new", kwargs={"pk": agreement.pk}),
        {
            "deadline": "2017-04-15",
            "deliverables": "Projektplan beslutad\n\n  Styrgrupp på plats  \n",
            "tranche": "100 000,50",
        },
    )
    assert response.status_code == 302
    sprint = agreement.sprints.get()
    assert sprint.number == 1 and sprint.tranche == Decimal("100000.50")
    assert list(sprint.deliverables.values_list("text", flat=True)) == [
        "Projektplan beslutad",
        "Styrgrupp på plats",
    ]
    tranche = Tranche.objects.get(progress__sprint=sprint)
    assert tranche.amount == Decimal("100000.50") and not tranche.payable
    page = client.get(reverse("agreements:detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "Projektplan beslutad" in page and "Annan kommun" in page


def test_deadline_outside_the_agreement_is_refused(agreement: Agreement) -> None:
    funder = make_user(agreement.funder, Role.COORDINATOR)
    with pytest.raises(ValidationError):
        services.sprint_add(
            actor=funder,
            agreement=agreement,
            deadline=dt.date(2018, 2, 1),
            title="",
            deliverables=["x"],
        )


def test_sprint_submitted_by_participant_and_approved_by_funder_alone(
    agreement: Agreement,
) -> None:
    progress = _progress(agreement)
    worker = make_user(_participant(agreement), Role.PROJECT_LEADER)
    participant_coordinator = make_user(_participant(agreement), Role.COORDINATOR)
    funder = make_user(agreement.funder, Role.COORDINATOR)
    deliverables = list(progress.sprint.deliverables.all())

    # Not every deliverable ticked: the sprint cannot be submitted.
    services.deliverables_mark(actor=worker, progress=progress, done=deliverables[:1])
    with pytest.raises(ValidationError):
        services.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
    # The funder may not tick the participant's checklist nor submit for it.
    with pytest.raises(PermissionDenied):
        services.deliverables_mark(actor=funder, progress=progress, done=deliverables)
    services.deliverables_mark(actor=worker, progress=progress, done=deliverables)
    with pytest.raises(PermissionDenied):
        services.sprint_transition(actor=funder, progress=progress, to=SprintState.SUBMITTED)
    services.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
    # Submitted: the checklist is frozen.
    with pytest.raises(ValidationError):
        services.deliverables_mark(actor=worker, progress=progress, done=[])
    # Only the funder approves: not even the participant's coordinator.
    with pytest.raises(PermissionDenied):
        services.sprint_transition(
            actor=participant_coordinator, progress=progress, to=SprintState.APPROVED
        )
    # Returning needs a comment.
    with pytest.raises(ValidationError):
        services.sprint_transition(actor=funder, progress=progress, to=SprintState.RETURNED)
    services.sprint_transition(
        actor=funder, progress=progress, to=SprintState.RETURNED, comment="Bifoga protokollet."
    )
    services.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
    services.sprint_transition(actor=funder, progress=progress, to=SprintState.APPROVED)
    # Approving twice (a double click) is refused, not repeated.
    with pytest.raises(ValidationError):
        services.sprint_transition(actor=funder, progress=progress, to=SprintState.APPROVED)
    progress.refresh_from_db()
    assert progress.state == SprintState.APPROVED and progress.decided_by == funder
    states = [
        entry.changes["state"]
        for entry in AuditEntry.objects.filter(
            action=AuditEntry.Action.TRANSITION, object_id=str(progress.pk)
        ).order_by("id")
    ]
    assert states == [
        ["open", "submitted"],
        ["submitted", "returned"],
        ["returned", "submitted"],
        ["submitted", "approved"],
    ]


def test_tranche_is_payable_only_after_approval_and_paid_once(agreement: Agreement) -> None:
    progress = _progress(agreement)
    tranche = progress.tranche
    economist = make_user(agreement.funder, Role.ECONOMIST)
    with pytest.raises(ValidationError):
        services.tranche_pay(
            actor=economist, tranche=tranche, paid_on=dt.date(2017, 5, 2), invoice_reference="F1"
        )
    worker = make_user(_participant(agreement), Role.COORDINATOR)
    services.deliverables_mark(
        actor=worker, progress=progress, done=list(progress.sprint.deliverables.all())
    )
    services.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
    services.sprint_transition(
        actor=make_user(agreement.funder, Role.COORDINATOR),
        progress=progress,
        to=SprintState.APPROVED,
    )
    tranche.refresh_from_db()
    assert tranche.payable
    # The participant cannot record its own tranche paid.
    with pytest.raises(PermissionDenied):
        services.tranche_pay(
            actor=worker, tranche=tranche, paid_on=dt.date(2017, 5, 2), invoice_reference="F1"
        )
    services.tranche_pay(
        actor=economist, tranche=tranche, paid_on=dt.date(2017, 5, 2), invoice_reference="F1"
    )
    with pytest.raises(ValidationError):
        services.tranche_pay(
            actor=economist, tranche=tranche, paid_on=dt.date(2017, 5, 3), invoice_reference="F2"
        )
    tranche.refresh_from_db()
    assert (tranche.paid_on, tranche.invoice_reference) == (dt.date(2017, 5, 2), "F1")
    assert services.paid_to(progress.participation) == Decimal("100000.00")


def test_year_end_remainder_is_owed_to_the_öre(organization: Organization) -> None:
    repayment = make_agreement_repayment(organization)
    participation = repayment.participation
    assert repayment.amount == Decimal("12500.50")
    assert repayment.due_on == dt.date(2018, 1, 31)
    viewer = make_user(participation.organization, Role.VIEWER)
    [row] = selectors.owed_by(viewer, participation.organization)
    assert row.status.repayments_due == Decimal("12500.50")
    assert row.status.paid == Decimal("100000.00")
    assert row.reports_due == [participation.agreement.report_dates.get(year_end=False)]
    # The funder's view shows the same money due.
    [(_agreement, [status])] = selectors.funded_by(
        make_user(organization, Role.VIEWER), organization
    )
    assert status.repayments_due == Decimal("12500.50")
    # Recorded repaid: nothing is owed any more.
    services.repayment_record(
        actor=make_user(organization, Role.ECONOMIST),
        repayment=repayment,
        invoice_reference="SKR-2018-7",
        repaid_on=dt.date(2018, 1, 20),
    )
    [row] = selectors.owed_by(viewer, participation.organization)
    assert row.status.repayments_due == Decimal("0")


def test_more_cannot_remain_than_was_paid(agreement: Agreement) -> None:
    participation = agreement.participations.get()
    worker = make_user(participation.organization, Role.ECONOMIST)
    with pytest.raises(ValidationError):
        services.remaining_report(
            actor=worker,
            participation=participation,
            report_date=agreement.report_dates.first(),
            remaining=Decimal("0.01"),
        )
    services.remaining_report(
        actor=worker,
        participation=participation,
        report_date=agreement.report_dates.get(year_end=True),
        remaining=Decimal("0"),
    )
    # Nothing left at the year end: nothing is owed.
    assert not participation.repayments.exists()


def test_agreement_is_visible_to_exactly_its_funder_and_participants(
    client: Client, agreement: Agreement
) -> None:
    outsider_org = make_organization("Tredje kommun")
    outsider = make_user(outsider_org, *Role)
    participant = make_user(_participant(agreement), Role.VIEWER)
    funder = make_user(agreement.funder, Role.VIEWER)
    progress = _progress(agreement)
    for user, sees in ((funder, True), (participant, True), (outsider, False)):
        assert policy.scope(user, Agreement.objects.all()).exists() is sees
        assert policy.scope(user, SprintProgress.objects.all()).exists() is sees
        assert policy.can(user, policy.Action.VIEW, agreement) is sees
        login(client, user)
        expected = 200 if sees else 404
        for name, pk in (
            ("agreements:detail", agreement.pk),
            ("agreements:progress", progress.pk),
            ("agreements:tranche", progress.tranche.pk),
            ("agreements:remaining", progress.participation.pk),
        ):
            assert client.get(reverse(name, kwargs={"pk": pk})).status_code == expected
    assert selectors.owed_by(outsider, _participant(agreement)) == []
    assert selectors.funded_by(outsider, agreement.funder) == []


def test_a_second_participant_gets_its_own_sprints_and_sees_the_agreement(
    agreement: Agreement,
) -> None:
    first_participant = _participant(agreement)
    second = make_organization("Andra deltagaren")
    services.participant_add(
        actor=make_user(agreement.funder, Role.COORDINATOR),
        agreement=agreement,
        organization=second,
    )
    assert SprintProgress.objects.filter(participation__agreement=agreement).count() == 2
    assert Tranche.objects.filter(progress__participation__organization=second).count() == 1
    user = make_user(second, Role.VIEWER)
    assert list(policy.scope(user, Agreement.objects.all())) == [agreement]
    # Worker of the second participant cannot tick the first participant's checklist.
    worker = make_user(second, Role.COORDINATOR)
    first = SprintProgress.objects.get(participation__organization=first_participant)
    with pytest.raises(PermissionDenied):
        services.deliverables_mark(actor=worker, progress=first, done=[])


def test_only_the_funders_coordinator_changes_the_agreement(
    client: Client, agreement: Agreement
) -> None:
    url = reverse("agreements:sprint-new", kwargs={"pk": agreement.pk})
    login(client, make_user(_participant(agreement), *Role))
    assert client.get(url).status_code == 403
    login(client, make_user(agreement.funder, Role.ECONOMIST))
    assert client.get(url).status_code == 403
    login(client, make_user(agreement.funder, Role.COORDINATOR))
    assert client.get(url).status_code == 200


def test_a_stale_edit_is_a_conflict_not_an_overwrite(client: Client, agreement: Agreement) -> None:
    url = reverse("agreements:edit", kwargs={"pk": agreement.pk})
    login(client, make_user(agreement.funder, Role.COORDINATOR))
    form = client.get(url).context["form"]
    loaded = form["sikt_loaded"].value()
    services.agreement_update(
        actor=make_user(agreement.funder, Role.COORDINATOR), agreement=agreement, title="Nytt namn"
    )
    response = client.post(
        url,
        {
            "title": "Mitt namn",
            "reference_number": "359144",
            "starts_on": "2017-03-01",
            "ends_on": "2017-12-31",
            "repayment_due_on": "2018-01-31",
            "sikt_loaded": loaded,
        },
    )
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.title == "Nytt namn"


def test_sprint_page_steps_through_the_browser(client: Client, agreement: Agreement) -> None:
    progress = _progress(agreement)
    url = reverse("agreements:progress", kwargs={"pk": progress.pk})
    login(client, make_user(_participant(agreement), Role.PROJECT_LEADER))
    ids = [str(pk) for pk in progress.sprint.deliverables.values_list("pk", flat=True)]
    client.post(url, {"step": "submit", "done": ids[:1]})
    progress.refresh_from_db()
    assert progress.state == SprintState.OPEN and progress.done.count() == 1
    client.post(url, {"step": "submit", "done": ids})
    progress.refresh_from_db()
    assert progress.state == SprintState.SUBMITTED
    login(client, make_user(agreement.funder, Role.COORDINATOR))
    client.post(url, {"step": "approve", "comment": "Bra."})
    progress.refresh_from_db()
    assert progress.state == SprintState.APPROVED and progress.comment == "Bra."


def _sprint_form(**values: object) -> dict[str, object]:
    return {
        "deadline": "2017-05-15",
        "title": "Process och organisation",
        "tranche": "120 000",
        "deliverables": "Projektplan beslutad\nBehovsanalys klar",
        **values,
    }


def test_funder_changes_a_sprint_until_it_is_approved(client: Client, agreement: Agreement) -> None:
    sprint = agreement.sprints.get()
    progress = _progress(agreement)
    kept, removed = sprint.deliverables.order_by("id")
    worker = make_user(_participant(agreement), Role.PROJECT_LEADER)
    services.deliverables_mark(actor=worker, progress=progress, done=[kept, removed])
    funder = make_user(agreement.funder, Role.COORDINATOR)
    login(client, funder)
    url = reverse("agreements:sprint-edit", kwargs={"pk": sprint.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, _sprint_form())
    assert response.status_code == 302
    sprint.refresh_from_db()
    assert sprint.deadline == dt.date(2017, 5, 15) and sprint.tranche == Decimal("120000")
    assert list(sprint.deliverables.values_list("text", flat=True)) == [
        "Projektplan beslutad",
        "Behovsanalys klar",
    ]
    # The kept deliverable stays ticked, the new one starts unticked, the tranche follows.
    assert list(progress.done.values_list("text", flat=True)) == ["Projektplan beslutad"]
    assert Tranche.objects.get(progress=progress).amount == Decimal("120000")
    changed = AuditEntry.objects.get(
        content_type__model="sprint", object_id=str(sprint.pk), action="update"
    )
    assert changed.changes["deadline"] == ["2017-04-15", "2017-05-15"]
    assert AuditEntry.objects.filter(action="delete", object_repr="Styrgrupp på plats").exists()

    # Without a tranche the participant's tranche goes; with one again it comes back.
    client.post(url, _sprint_form(tranche=""))
    assert not Tranche.objects.filter(progress=progress).exists()
    client.post(url, _sprint_form(tranche="90 000"))
    assert Tranche.objects.get(progress=progress).amount == Decimal("90000")

    done = list(sprint.deliverables.all())
    services.deliverables_mark(actor=worker, progress=progress, done=done)
    services.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
    # While the funder reviews it, the sprint stays as it was submitted.
    response = client.post(url, _sprint_form(deadline="2017-06-01"))
    assert response.status_code == 200
    assert "har lämnat in sprinten för granskning" in response.content.decode()
    page = client.get(reverse("agreements:detail", kwargs={"pk": agreement.pk})).content.decode()
    assert url not in page
    services.sprint_transition(actor=funder, progress=progress, to=SprintState.APPROVED)
    response = client.post(url, _sprint_form(deadline="2017-06-01"))
    assert response.status_code == 200
    assert "En godkänd sprint kan inte längre ändras." in response.content.decode()
    sprint.refresh_from_db()
    assert sprint.deadline == dt.date(2017, 5, 15)
    page = client.get(reverse("agreements:detail", kwargs={"pk": agreement.pk})).content.decode()
    assert url not in page


def test_only_the_funders_coordinator_changes_a_sprint(
    client: Client, agreement: Agreement
) -> None:
    url = reverse("agreements:sprint-edit", kwargs={"pk": agreement.sprints.get().pk})
    login(client, make_user(_participant(agreement), *Role))
    assert client.get(url).status_code == 403
    assert client.post(url, _sprint_form()).status_code == 403
    login(client, make_user(agreement.funder, Role.ECONOMIST))
    assert client.get(url).status_code == 403


def test_a_stale_sprint_edit_is_a_conflict_not_an_overwrite(
    client: Client, agreement: Agreement
) -> None:
    sprint = agreement.sprints.get()
    url = reverse("agreements:sprint-edit", kwargs={"pk": sprint.pk})
    login(client, make_user(agreement.funder, Role.COORDINATOR))
    loaded = client.get(url).context["form"]["sikt_loaded"].value()
    services.sprint_update(
        actor=make_user(agreement.funder, Role.COORDINATOR),
        sprint=sprint,
        deadline=dt.date(2017, 4, 30),
        title="Ändrad av någon annan",
        deliverables=["Projektplan beslutad"],
        tranche=Decimal("100000"),
    )
    response = client.post(url, _sprint_form(sikt_loaded=loaded))
    assert response.status_code == 200
    (conflict,) = response.context["form"].errors.as_data()["__all__"]
    assert conflict.code == "edit_conflict"
    sprint.refresh_from_db()
    assert sprint.title == "Ändrad av någon annan" and sprint.deadline == dt.date(2017, 4, 30)


def test_a_stale_checklist_is_a_conflict_and_saving_again_replaces_it(
    client: Client, agreement: Agreement
) -> None:
    sprint = agreement.sprints.get()
    url = reverse("agreements:sprint-edit", kwargs={"pk": sprint.pk})
    login(client, make_user(agreement.funder, Role.COORDINATOR))
    form = client.get(url).context["form"]
    loaded = form["sikt_loaded"].value()
    assert form["loaded_deliverables"].value() == "Projektplan beslutad\nStyrgrupp på plats"
    services.sprint_update(
        actor=make_user(agreement.funder, Role.COORDINATOR),
        sprint=sprint,
        deadline=sprint.deadline,
        title=sprint.title,
        deliverables=["Projektplan beslutad", "Styrgrupp på plats", "Budget antagen"],
        tranche=sprint.tranche,
    )
    mine = _sprint_form(
        deadline="2017-04-15",
        tranche="100 000",
        sikt_loaded=loaded,
        loaded_deliverables=form["loaded_deliverables"].value(),
    )
    response = client.post(url, mine)
    assert response.status_code == 200
    (conflict,) = response.context["form"].errors.as_data()["__all__"]
    assert conflict.code == "deliverables_conflict"
    assert "Budget antagen" in response.content.decode()
    assert sprint.deliverables.count() == 3
    # The form now carries the list saved since: saving again replaces it on purpose.
    again = response.context["form"]
    mine["loaded_deliverables"] = again["loaded_deliverables"].value()
    mine["sikt_loaded"] = again["sikt_loaded"].value()
    assert client.post(url, mine).status_code == 302
    assert list(sprint.deliverables.values_list("text", flat=True)) == [
        "Projektplan beslutad",
        "Behovsanalys klar",
    ]
