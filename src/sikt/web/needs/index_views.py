"""The organisation's areas (GeoJSON upload) and the socio-economic index per area with its map
and its association with an outcome (SKL 004 §3, figure 5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt.analysis.geo import GeoError
from sikt.analysis.store import IndicatorStore
from sikt.web import policy
from sikt.web.needs import areas, services
from sikt.web.needs.indicator_forms import AreasForm, IndexForm
from sikt.web.needs.models import NeedsAnalysis
from sikt.web.needs.store import store_for
from sikt.web.needs.views import AREA
from sikt.web.scoped import request_organization


@login_required
def areas_upload(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=NeedsAnalysis)
    form = AreasForm(request.POST or None, request.FILES or None)
    issues: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            layer = services.areas_upload(
                actor=request.user,
                organization=organization,
                name=upload.name,
                data=upload.read(),
                crs=form.cleaned_data["crs"],
            )
        except GeoError as error:
            language = get_language() or "sv"
            issues = [
                {
                    "feature": issue.feature or error.filename,
                    "rule": issue.message.in_language(language),
                }
                for issue in error.issues
            ]
        else:
            messages.success(
                request, _("%(count)d areas were saved.") % {"count": len(layer.shapes)}
            )
            return redirect("needs:index")
    current = areas.layer_for(organization)
    return render(
        request,
        "needs/areas.html",
        {"form": form, "issues": issues, "current": current, "active_area": AREA},
    )


def _years(store: IndicatorStore, codes: list[str]) -> list[int]:
    with store.connect() as con:
        rows = con.execute(
            "SELECT DISTINCT period FROM indicator_value WHERE list_contains(?, area_code) "
            "ORDER BY 1 DESC",
            [codes],
        ).fetchall()
    return [int(row[0]) for row in rows]


#: Words in an indicator's title that suggest each of the guide's four variables.
HINTS = (
    ("utbild", "education"),
    ("förvärvsarbet", "sysselsatt", "employ"),
    ("norden", "nordisk", "nordic"),
    ("inkomst", "income"),
)


def _defaults(local: list[str], titles: dict[str, str]) -> dict[str, str]:
    """Pre-chosen variables (by the words in their titles, else in order) and as outcome the
    first other indicator of the areas."""
    chosen: dict[str, str] = {}
    rest = list(local)
    for number, words in enumerate(HINTS, start=1):
        match = next((i for i in rest if any(w in titles.get(i, i).lower() for w in words)), None)
        if match is not None:
            chosen[f"variabel{number}"] = match
            rest.remove(match)
    for number in range(1, 5):
        if f"variabel{number}" not in chosen and rest:
            chosen[f"variabel{number}"] = rest.pop(0)
    if rest:
        chosen["utfall"] = rest[0]
    return chosen


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    layer = areas.layer_for(organization)
    context: dict[str, object] = {
        "layer": layer,
        "can_load": policy.can(
            request.user, policy.Action.CREATE, organization, model=NeedsAnalysis
        ),
        "active_area": AREA,
    }
    if layer is None:
        return render(request, "needs/index.html", context)
    store = store_for(organization)
    codes = layer.codes()
    with store.connect() as con:
        local = [
            row[0]
            for row in con.execute(
                "SELECT DISTINCT indicator_id FROM indicator_value "
                "WHERE list_contains(?, area_code) ORDER BY 1",
                [codes],
            ).fetchall()
        ]
    titles = {d.id: d.title for d in store.definitions()}
    choices = [(i, f"{titles.get(i, i)} ({i})") for i in local]
    years = _years(store, codes)
    initial = _defaults(local, titles)
    if years:
        initial["ar"] = years[0]  # type: ignore[assignment]
    data = {**initial, **request.GET.dict()} if choices and years else None
    form = IndexForm(data, indicators=choices, years=years)
    context.update(form=form, has_data=bool(choices))
    if data is not None and form.is_valid():
        outcome = form.cleaned_data["utfall"] or None
        page = areas.index_of(store, layer, form.variables(), form.cleaned_data["ar"], outcome)
        names = {s.code: s.name or s.code for s in layer.shapes}
        rows = [
            {
                "name": names[code],
                "code": code,
                "score": page.result.scores.get(code),
                "values": [page.values[v].get(code) for v in page.result.variables],
                "outcome": page.outcome.get(code),
            }
            for code in codes
        ]
        rows.sort(key=lambda row: (row["score"] is None, row["score"] or 0))
        year = form.cleaned_data["ar"]
        context.update(
            page=page,
            rows=rows,
            variables=[titles.get(v, v) for v in page.result.variables],
            outcome_title=titles.get(outcome, outcome) if outcome else "",
            map=mark_safe(
                areas.index_map(
                    layer,
                    page.result.scores,
                    _("Socio-economic index per area, %(year)s") % {"year": year},
                    _("Index 0 (low) – 10 (high)"),
                )
            ),
        )
        if outcome:
            context["scatter"] = mark_safe(
                areas.association_chart(
                    layer,
                    page,
                    _("Index and outcome per area, %(year)s") % {"year": year},
                    _("Socio-economic index"),
                    titles.get(outcome, outcome),
                )
            )
    return render(request, "needs/index.html", context)
