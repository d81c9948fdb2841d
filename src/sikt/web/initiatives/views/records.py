"""Comments on sections of an application and its frozen versions, compared side by side."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.initiatives import services, snapshots
from sikt.web.initiatives.forms import CommentForm
from sikt.web.initiatives.models import Comment, Initiative
from sikt.web.initiatives.sections import comment_sections
from sikt.web.scoped import object_view


@object_view(Initiative)
def comments(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    can_comment = policy.can(request.user, policy.Action.CREATE, initiative, model=Comment)
    form = CommentForm(request.POST if "text" in request.POST else None)
    if request.method == "POST" and "resolve" in request.POST:
        comment = initiative.comments.filter(pk=request.POST.get("resolve")).first()
        if comment is None:
            raise Http404
        services.comment_set_resolved(
            actor=request.user, comment=comment, resolved=request.POST.get("resolved") == "1"
        )
        return redirect("initiatives:comments", pk=initiative.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_create(actor=request.user, initiative=initiative, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The comment was saved."))
            return redirect("initiatives:comments", pk=initiative.pk)
    elif request.method == "POST" and not form.is_bound:
        policy.require(request.user, policy.Action.CREATE, initiative, model=Comment)
    labels = dict(comment_sections())
    grouped = [
        (
            key,
            labels[key],
            [c for c in initiative.comments.select_related("author") if c.section == key],
        )
        for key in labels
    ]
    return render(
        request,
        "initiatives/comments.html",
        {
            "initiative": initiative,
            "form": form,
            "grouped": [group for group in grouped if group[2]],
            "can_comment": can_comment,
            "can_resolve": policy.can(
                request.user, policy.Action.CHANGE, initiative, model=Comment
            ),
            "active_area": "satsningar",
        },
    )


@object_view(Initiative)
def versions(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    frozen = list(initiative.versions.select_related("created_by"))
    by_number = {version.number: version for version in frozen}
    comparison = older = newer = None
    try:
        a, b = int(request.GET.get("a", 0)), int(request.GET.get("b", 0))
    except ValueError:
        a = b = 0
    if a in by_number and b in by_number and a != b:
        older, newer = by_number[min(a, b)], by_number[max(a, b)]
        comparison = snapshots.compare(older.content, newer.content)
    return render(
        request,
        "initiatives/versions.html",
        {
            "initiative": initiative,
            "versions": frozen,
            "comparison": comparison,
            "older": older,
            "newer": newer,
            "active_area": "satsningar",
        },
    )
