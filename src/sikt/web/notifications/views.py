"""The inbox, opening a message, and choosing which messages come by which way."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikt.web.notifications import selectors, services
from sikt.web.paging import paginate


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    found = selectors.inbox_of(request.user)
    return render(
        request,
        "notifications/inbox.html",
        {
            "unread": found.filter(read_at__isnull=True).count(),
            **paginate(request, found),
        },
    )


@login_required
def open_notification(request: HttpRequest) -> HttpResponse:
    """Mark the message read and follow its link (``?id=``; only the recipient's own)."""
    try:
        notification = selectors.inbox_of(request.user).get(pk=int(request.GET.get("id", "")))
    except (ValueError, selectors.Notification.DoesNotExist):
        raise Http404 from None
    target = services.notification_open(user=request.user, notification=notification)
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All messages are marked as read."))
    return redirect("notifications:inbox")


@login_required
def choices(request: HttpRequest) -> HttpResponse:
    """Per kind: whether it reaches the inbox and whether it also comes by e-mail."""
    rows = selectors.choices_of(request.user)
    if request.method == "POST":
        wanted = {
            kind.key: (
                request.POST.get(f"{kind.key}-in_app") == "on",
                request.POST.get(f"{kind.key}-by_email") == "on",
            )
            for kind, _in_app, _by_email in rows
        }
        services.notification_choices_save(user=request.user, wanted=wanted)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:choices")
    return render(
        request,
        "notifications/choices.html",
        {"rows": rows, "has_email": bool(getattr(request.user, "email", ""))},
    )
