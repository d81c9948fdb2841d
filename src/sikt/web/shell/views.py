"""Start page, navigation areas, the organisation page and committees."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikt.web import policy
from sikt.web.accounts import services
from sikt.web.accounts.middleware import SESSION_KEY
from sikt.web.accounts.models import Committee, Membership, User
from sikt.web.audit.models import PersonalDataAccess
from sikt.web.scoped import object_view
from sikt.web.shell import workqueue
from sikt.web.shell.areas import AREAS_BY_SLUG
from sikt.web.shell.forms import CommitteeForm

#: How many work-queue items the start page shows before linking to the whole queue.
HOME_QUEUE_SIZE = 15


def _queue_rows(items: list[workqueue.WorkItem]) -> list[dict[str, object]]:
    return [{"item": item, "label": workqueue.kind_label(item.kind)} for item in items]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    items = workqueue.items_for(request.user, request.organization)  # type: ignore[attr-defined]
    return render(
        request,
        "shell/home.html",
        {
            "work_rows": _queue_rows(items[:HOME_QUEUE_SIZE]),
            "work_total": len(items),
            "work_overdue": sum(item.overdue for item in items),
        },
    )


@login_required
def work_queue(request: HttpRequest) -> HttpResponse:
    """Everything waiting for the user in the current organisation, most urgent first."""
    items = workqueue.items_for(request.user, request.organization)  # type: ignore[attr-defined]
    return render(
        request,
        "shell/work_queue.html",
        {"work_rows": _queue_rows(items), "work_total": len(items)},
    )


@login_required
def area(request: HttpRequest, slug: str) -> HttpResponse:
    found = AREAS_BY_SLUG.get(slug)
    if found is None:
        raise Http404
    if found.url_name:
        return redirect(found.url_name)
    return render(request, "shell/area.html", {"area": found})


@login_required
def organization_detail(request: HttpRequest) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    if organization is None:
        raise Http404
    committees = policy.scope(request.user, Committee.objects.filter(organization=organization))
    memberships = None
    if policy.can(request.user, policy.Action.MANAGE_MEMBERS, organization):
        memberships = (
            Membership.objects.filter(organization=organization)
            .select_related("user")
            .order_by("user__username", "role")
        )
    return render(
        request,
        "shell/organization.html",
        {
            "organization": organization,
            "committees": committees,
            "memberships": memberships,
            "can_change_committees": policy.can(
                request.user, policy.Action.CREATE, organization, model=Committee
            ),
            "can_see_access_log": policy.can(
                request.user, policy.Action.VIEW, organization, model=PersonalDataAccess
            ),
        },
    )


@require_POST
@login_required
def switch_organization(request: HttpRequest) -> HttpResponse:
    try:
        chosen = int(request.POST.get("organization", ""))
    except ValueError:
        raise Http404 from None
    if chosen not in policy.organization_ids(request.user):
        raise Http404
    request.session[SESSION_KEY] = chosen
    return redirect("shell:home")


@object_view(Committee)
def committee_detail(request: HttpRequest, committee: Committee) -> HttpResponse:
    return render(
        request,
        "shell/committee_detail.html",
        {
            "committee": committee,
            "can_change": policy.can(request.user, policy.Action.CHANGE, committee),
        },
    )


@object_view(Committee)
def committee_edit(request: HttpRequest, committee: Committee) -> HttpResponse:
    policy.require(request.user, policy.Action.CHANGE, committee)
    form = CommitteeForm(request.POST or None, instance=Committee.objects.get(pk=committee.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_update(
                actor=cast(User, request.user), committee=committee, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The committee was saved."))
            return redirect("shell:committee-detail", pk=committee.pk)
    return render(request, "shell/committee_form.html", {"committee": committee, "form": form})
