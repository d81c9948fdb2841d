"""The steering group's page: every followed initiative with its light and reasons, a trend
sparkline, the next report due and its flags, red first, filterable by committee (issue 10
item 3).

Every followed initiative is lit with a fixed number of queries (:func:`~sikt.web.followup.
selectors.overview.glances`), and the lights are kept between requests until something is
written in the organisation or the day changes; the page picks the initiatives the filter and
the user's scope allow (one query) and prints :data:`PAGE_SIZE` rows a page (the counts by
light are of them all), so opening it under load costs little (issue 13).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sikt.numbers import format_decimal
from sikt.web import policy
from sikt.web.followup import charts, labels
from sikt.web.followup.forms import SteeringFilterForm
from sikt.web.followup.selectors.overview import Glance, followed, glances
from sikt.web.followup.services import schedules_ensure
from sikt.web.followup.status import Light
from sikt.web.followup.views.common import LIGHT_CLASSES
from sikt.web.initiatives import fundfacts
from sikt.web.initiatives.states import InitiativeState
from sikt.web.scoped import request_organization

#: Rows a page.
PAGE_SIZE = 50


def _sparkline(glance: Glance) -> str:
    series = glance.series
    if series is None:
        return ""
    values = [value for _day, value in series.points]
    label = _("%(indicator)s: from %(first)s to %(last)s %(unit)s") % {
        "indicator": series.name,
        "first": format_decimal(values[0]),
        "last": format_decimal(values[-1]),
        "unit": series.unit,
    }
    return charts.sparkline(values, label)


@dataclass(frozen=True)
class SteeringRow:
    """One initiative's row, ready to print: the page translates and formats its words once
    per page, not once per row (the page shows hundreds of initiatives)."""

    glance: Glance
    title: str
    state: str
    committee: str
    light: str
    #: The reasons beside the light ("" when the light alone says it all).
    reasons: str
    sparkline: str
    overdue_since: str
    next_due: str


def _rows(found: list[Glance]) -> list[SteeringRow]:
    """The rows of ``found``, in its order."""
    states = dict(InitiativeState.choices)
    lights = {
        light: render_to_string(
            "followup/_light.html",
            {"status": {"css": LIGHT_CLASSES[light], "label": labels.light_label(light)}},
        )
        for light in Light
    }
    overdue = _("overdue since %(day)s")
    rows = []
    for glance in found:
        text = labels.status_text(glance.status)
        rows.append(
            SteeringRow(
                glance=glance,
                title=glance.title,
                state=str(states.get(glance.state, glance.state)),
                committee=glance.committee,
                light=lights[glance.status.light],
                reasons="" if text == labels.light_label(glance.status.light) else text,
                sparkline=mark_safe(_sparkline(glance)),
                overdue_since=overdue % {"day": glance.oldest_overdue.isoformat()}
                if glance.oldest_overdue
                else "",
                next_due=glance.next_due.isoformat() if glance.next_due else "",
            )
        )
    return rows


@login_required
def steering_page(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request, policy.Action.VIEW)
    form = SteeringFilterForm(request.GET or None, organization=organization)
    initiatives = followed(request.user, organization)
    if form.is_valid() and form.cleaned_data.get("committee"):
        initiatives = initiatives.filter(owner_committee=form.cleaned_data["committee"])
    schedules_ensure(initiatives)
    shown = set(initiatives.values_list("pk", flat=True))
    found = [glance for glance in glances(organization) if glance.pk in shown]
    counts = Counter(glance.status.light for glance in found)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "followup/steering.html",
        {
            "form": form,
            "rows": _rows(list(page.object_list)),
            "page": page,
            "page_query": urlencode({k: v for k, v in request.GET.items() if k != "sida"}),
            "summary": [
                (labels.light_label(light), counts.get(light, 0))
                for light in (Light.RED, Light.YELLOW, Light.GREEN, Light.GREY)
            ],
            "has_fund": fundfacts.has_fund(),
            "active_area": "uppfoljning",
        },
    )
