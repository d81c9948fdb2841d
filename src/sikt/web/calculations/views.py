"""Pages of an initiative's calculation: start (new, file, example), builder, results,
background runs, review and downloads. Views parse forms and call services only."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sikt.calc import InputError, load_case
from sikt.calc.export.html import report_html
from sikt.calc.export.xlsx import workbook_bytes
from sikt.web import policy, queue
from sikt.web.accounts.models import Committee
from sikt.web.calculations import builder, offers, presentation, selectors, services
from sikt.web.calculations.compute import committee_key
from sikt.web.calculations.forms import (
    CaseFileForm,
    CostForm,
    GeneralForm,
    OutcomeForm,
    PriceIndexFormSet,
    ReviewForm,
    RunForm,
    ScenarioForm,
    TargetGroupForm,
    TrajectoryFormSet,
    TypeCaseForm,
    ValuationFormSet,
    add_case_issues,
)
from sikt.web.calculations.models import Calculation, CalculationRun
from sikt.web.initiatives.models import Initiative
from sikt.web.paging import paginate
from sikt.web.scoped import object_view
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.selectors import library_for

AREA = "satsningar"


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {"active_area": AREA, **context})


def _save(
    request: HttpRequest,
    initiative: Initiative,
    data: dict[str, Any],
    form: Any,
    prefix: str,
    fields: dict[str, str] | None = None,
) -> Calculation | None:
    """Save the case through the service; on invalid input put the issues on ``form``."""
    try:
        return services.calculation_save_case(actor=request.user, initiative=initiative, data=data)
    except InputError as error:
        add_case_issues(form, error.issues, prefix, fields)
        return None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    if organization is None:
        raise Http404
    initiatives = policy.scope(
        request.user, Initiative.objects.filter(organization=organization)
    ).select_related("calculation")
    paged = paginate(request, initiatives)
    shown = paged["page"].object_list
    figures = selectors.portfolio_figures(shown)
    rows = [(i, figures.get(i.pk)) for i in shown]
    return _page(request, "calculations/index.html", {"rows": rows, **paged})


@object_view(Initiative)
def for_initiative(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    calculation = Calculation.objects.filter(initiative=initiative).first()
    if calculation is not None:
        return redirect("calculations:detail", pk=calculation.pk)
    return _page(
        request,
        "calculations/start.html",
        {
            "initiative": initiative,
            "can_create": policy.can(
                request.user, policy.Action.CREATE, initiative, model=Calculation
            ),
        },
    )


def _general_form(
    request: HttpRequest,
    initiative: Initiative,
    data: dict[str, Any],
    committee_map: dict,
    initial: dict[str, Any] | None = None,
) -> GeneralForm:
    committees = list(
        Committee.objects.filter(organization=initiative.organization, is_active=True)
    )
    return GeneralForm(
        request.POST or None,
        initial={**builder.initial_general(data), **(initial or {})},
        committees=builder.committee_choices(committees, committee_map),
        external=builder.external_choices(data),
    )


def _apply_general(form: GeneralForm, data: dict[str, Any]) -> dict[str, Any]:
    return builder.apply_general(
        data,
        form.cleaned_data,
        dict(form.fields["committees"].choices),
        dict(form.fields["external"].choices),
    )


GENERAL_FIELDS = {"discounting": "discount_rate", "bearers": "committees", "adjustments": "name"}


@object_view(Initiative)
def new(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    policy.require(request.user, policy.Action.CREATE, initiative, model=Calculation)
    if Calculation.objects.filter(initiative=initiative).exists():
        return redirect("calculations:for-initiative", pk=initiative.pk)
    data = builder.new_case(
        initiative.title, initiative.start_date, initiative.end_date, initiative.price_year
    )
    named = [initiative.owner_committee, *initiative.result_committees.all()]
    named += list(initiative.cost_committees.all())
    keys = list(dict.fromkeys(committee_key(c.name) for c in named if c is not None))
    form = _general_form(request, initiative, data, {}, {"committees": keys})
    if request.method == "POST" and form.is_valid():
        calculation = _save(
            request, initiative, _apply_general(form, data), form, "", GENERAL_FIELDS
        )
        if calculation is not None:
            messages.success(request, _("The calculation was created. Add costs and outcomes."))
            return redirect("calculations:detail", pk=calculation.pk)
    return _page(
        request,
        "calculations/edit.html",
        {"form": form, "initiative": initiative, "heading": _("General settings")},
    )


@object_view(Initiative)
def import_case(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    existing = Calculation.objects.filter(initiative=initiative).first()
    if existing is None:
        policy.require(request.user, policy.Action.CREATE, initiative, model=Calculation)
    else:
        policy.require(request.user, policy.Action.CHANGE, existing)
    form = CaseFileForm(
        request.POST or None, request.FILES or None, examples=services.example_keys()
    )
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["example"]:
                data = services.example_data(form.cleaned_data["example"])
            else:
                data = _uploaded_case(form.cleaned_data["file"], initiative)
            data["organisation"] = initiative.organization.name
            calculation = services.calculation_save_case(
                actor=request.user, initiative=initiative, data=data
            )
        except InputError as error:
            add_case_issues(form, error.issues, "\0", source=error.source)
        else:
            messages.success(request, _("The case was imported and calculated."))
            return redirect("calculations:detail", pk=calculation.pk)
    return _page(
        request,
        "calculations/import.html",
        {"form": form, "initiative": initiative, "calculation": existing},
    )


def _uploaded_case(upload: Any, initiative: Initiative) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"case{Path(upload.name).suffix.lower()}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return services.case_file_data(path, upload.name, initiative)


@object_view(Calculation)
def detail(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    stored = selectors.stored_result(calculation)
    return _page(
        request,
        "calculations/detail.html",
        {
            "calculation": calculation,
            "initiative": calculation.initiative,
            "case": calculation.case,
            "view": presentation.build(calculation, stored),
            "stored": stored,
            "run": selectors.latest_run(calculation),
            "reviews": calculation.reviews.select_related("reviewer"),
            "can_change": policy.can(request.user, policy.Action.CHANGE, calculation),
            "can_review": policy.can(request.user, policy.Action.REVIEW, calculation),
            "type_case_offers": offers.type_case_offers(request.user, calculation),
            "run_form": RunForm(),
        },
    )


def _edit(
    request: HttpRequest, calculation: Calculation, form: Any, heading: str, **extra: Any
) -> HttpResponse:
    return _page(
        request,
        "calculations/edit.html",
        {
            "form": form,
            "calculation": calculation,
            "initiative": calculation.initiative,
            "heading": heading,
            **extra,
        },
    )


@object_view(Calculation)
def general(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    policy.require(request.user, policy.Action.CHANGE, calculation)
    data = calculation.case
    form = _general_form(request, calculation.initiative, data, calculation.committee_map)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            request, calculation.initiative, _apply_general(form, data), form, "", GENERAL_FIELDS
        )
        if saved is not None:
            messages.success(request, _("The calculation was saved and recalculated."))
            return redirect("calculations:detail", pk=calculation.pk)
    return _edit(request, calculation, form, _("General settings"))


def _index(request: HttpRequest, data: dict[str, Any], section: str) -> int | None:
    raw = request.GET.get("rad")
    if raw is None:
        return None
    try:
        index = int(raw)
    except ValueError:
        raise Http404 from None
    if not 0 <= index < len(data.get(section, [])):
        raise Http404
    return index


@object_view(Calculation)
def cost(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    policy.require(request.user, policy.Action.CHANGE, calculation)
    data = calculation.case
    index = _index(request, data, "costs")
    form = _cost_form(request, data, index)
    if request.method == "POST" and "delete" in request.POST and index is not None:
        if _save(request, calculation.initiative, builder.remove(data, "costs", index), form, ""):
            messages.success(request, _("The cost item was removed."))
            return redirect("calculations:detail", pk=calculation.pk)
    elif request.method == "POST" and form.is_valid():
        prefix = f"costs[{len(data.get('costs', [])) if index is None else index}]"
        new_data = builder.apply_cost(data, index, form.cleaned_data)
        if _save(request, calculation.initiative, new_data, form, prefix):
            messages.success(request, _("The cost item was saved."))
            return redirect("calculations:detail", pk=calculation.pk)
    return _edit(
        request,
        calculation,
        form,
        _("Cost item"),
        deletable=index is not None,
        preview=_preview_url(calculation, "kostnad", index),
    )


def _cost_form(request: HttpRequest, data: dict[str, Any], index: int | None) -> CostForm:
    return CostForm(
        request.POST if request.method == "POST" else None,
        initial=builder.initial_cost(data, index) if index is not None else {},
        bearers=builder.bearer_choices(data),
        years=builder.years(data),
    )


def _target_group_form(request: HttpRequest, data: dict[str, Any]) -> TargetGroupForm:
    return TargetGroupForm(
        request.POST if request.method == "POST" else None,
        initial=builder.initial_target_group(data),
        years=builder.years(data),
    )


def _preview_url(calculation: Calculation, part: str, index: int | None = None) -> str:
    query = {"del": part} if index is None else {"del": part, "rad": index}
    return f"{reverse('calculations:preview', args=[calculation.pk])}?{urlencode(query)}"


@object_view(Calculation)
def preview(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    """The net present value per bearer with what is typed in an edit form, not saved: the
    edit pages post here (HTMX) as the user types. Deterministic only; Monte Carlo runs on
    save."""
    policy.require(request.user, policy.Action.CHANGE, calculation)
    if request.method != "POST":
        return render(request, "calculations/_preview.html", {"rows": None})
    data = calculation.case
    part = request.GET.get("del")
    new_data = None
    if part == "kostnad":
        index = _index(request, data, "costs")
        form: Any = _cost_form(request, data, index)
        if form.is_valid():
            new_data = builder.apply_cost(data, index, form.cleaned_data)
    elif part == "malgrupp":
        form = _target_group_form(request, data)
        if form.is_valid():
            new_data = builder.apply_target_group(data, form.cleaned_data)
    elif part in LINE_PARTS:
        section, forms_of, apply = LINE_PARTS[part]
        index = _index(request, data, section)
        form, lines = forms_of(request, calculation, data, index)
        if form.is_valid() and lines.is_valid():
            new_data = apply(data, index, form.cleaned_data, lines.lines())
    else:
        raise Http404
    return render(
        request,
        "calculations/_preview.html",
        {"rows": presentation.preview(calculation, new_data)},
    )


@object_view(Calculation)
def target_group(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    policy.require(request.user, policy.Action.CHANGE, calculation)
    data = calculation.case
    form = _target_group_form(request, data)
    if request.method == "POST" and form.is_valid():
        new_data = builder.apply_target_group(data, form.cleaned_data)
        if _save(request, calculation.initiative, new_data, form, "target_group"):
            messages.success(request, _("The target group was saved."))
            return redirect("calculations:detail", pk=calculation.pk)
    return _edit(
        request, calculation, form, _("Target group"), preview=_preview_url(calculation, "malgrupp")
    )


def _unit_cost_choices(calculation: Calculation, data: dict[str, Any]) -> list[tuple[str, str]]:
    entries = UnitCostEntry.objects.filter(
        organization=calculation.initiative.organization
    ).order_by("name_sv")
    library = [
        (e.key, f"{e.name_sv} – {e.amount_text} {e.unit_text} ({e.price_year_text or '?'})")
        for e in entries
    ]
    return builder.unit_cost_choices(data, library)


def _line_kwargs(calculation: Calculation, data: dict[str, Any]) -> dict[str, Any]:
    """What each valuation or trajectory line's form needs: unit costs, bearers, composites."""
    composite = UnitCostEntry.objects.filter(
        organization=calculation.initiative.organization, composite=True
    ).values_list("key", flat=True)
    return {
        "unit_costs": _unit_cost_choices(calculation, data),
        "bearers": builder.bearer_choices(data),
        "composite": builder.composite_keys(data, set(composite)),
    }


OUTCOME_FIELDS = {"effect": "effect_value", "drop_off": "drop_off"}


def _outcome_forms(
    request: HttpRequest, calculation: Calculation, data: dict[str, Any], index: int | None
) -> tuple[OutcomeForm, ValuationFormSet]:
    bound = request.POST if request.method == "POST" else None
    form = OutcomeForm(
        bound,
        initial=builder.initial_outcome(data, index) if index is not None else {},
        years=builder.years(data),
    )
    valuations = ValuationFormSet(
        bound,
        initial=builder.initial_valuations(data, index) if index is not None else None,
        prefix="varde",
        form_kwargs=_line_kwargs(calculation, data),
    )
    return form, valuations


def _add_line_issues(
    form: forms.Form, lines: Any, issues: list[Any], prefix: str, section: str
) -> None:
    """Issues about line ``j`` (``{prefix}.{section}[j]``) go to that row of the line table,
    the rest to the form."""
    rest = []
    for issue in issues:
        match = re.match(rf"{re.escape(prefix)}\.{section}\[(\d+)\]", issue.path)
        row = int(match.group(1)) if match else -1
        if match and 0 <= row < len(lines.forms):
            add_case_issues(lines.forms[row], [issue], match.group(0))
        else:
            rest.append(issue)
    add_case_issues(form, rest, prefix, OUTCOME_FIELDS)


def _lines_page(
    request: HttpRequest,
    calculation: Calculation,
    section: str,
    forms_of: Any,
    apply: Any,
    texts: dict[str, str],
) -> HttpResponse:
    """Add, edit or remove an item with lines (an outcome with its valuation lines, a type
    case with its lines of service use): ``forms_of`` builds the item's form and line formset,
    ``apply`` writes them into the case."""
    policy.require(request.user, policy.Action.CHANGE, calculation)
    data = calculation.case
    index = _index(request, data, section)
    form, lines = forms_of(request, calculation, data, index)
    if request.method == "POST" and "delete" in request.POST and index is not None:
        if _save(request, calculation.initiative, builder.remove(data, section, index), form, ""):
            messages.success(request, texts["removed"])
            return redirect("calculations:detail", pk=calculation.pk)
    elif request.method == "POST" and form.is_valid() and lines.is_valid():
        prefix = f"{section}[{len(data.get(section, [])) if index is None else index}]"
        new_data = apply(data, index, form.cleaned_data, lines.lines())
        try:
            services.calculation_save_case(
                actor=request.user, initiative=calculation.initiative, data=new_data
            )
        except InputError as error:
            line_section = "valuation" if section == "outcomes" else "lines"
            _add_line_issues(form, lines, error.issues, prefix, line_section)
        else:
            messages.success(request, texts["saved"])
            return redirect("calculations:detail", pk=calculation.pk)
    origin = None
    if section == "type_cases" and index is not None:
        origin = services.type_case_source(calculation, data[section][index]["key"])
    return _edit(
        request,
        calculation,
        form,
        texts["heading"],
        deletable=index is not None,
        origin=origin,
        lines=lines,
        line_template=texts["template"],
        preview=_preview_url(calculation, texts["part"], index),
    )


@object_view(Calculation)
def outcome(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    return _lines_page(
        request,
        calculation,
        "outcomes",
        _outcome_forms,
        builder.apply_outcome,
        {
            "heading": _("Outcome"),
            "saved": _("The outcome was saved."),
            "removed": _("The outcome was removed."),
            "template": "calculations/_valuations.html",
            "part": "utfall",
        },
    )


def _type_case_forms(
    request: HttpRequest, calculation: Calculation, data: dict[str, Any], index: int | None
) -> tuple[TypeCaseForm, TrajectoryFormSet]:
    bound = request.POST if request.method == "POST" else None
    form = TypeCaseForm(
        bound,
        initial=builder.initial_type_case(data, index) if index is not None else {},
        years=builder.years(data),
    )
    trajectories = TrajectoryFormSet(
        bound,
        initial=builder.initial_trajectories(data, index) if index is not None else None,
        prefix="linje",
        form_kwargs={
            **_line_kwargs(calculation, data),
            "span": builder.trajectory_span(data, index),
        },
    )
    return form, trajectories


@object_view(Calculation)
def type_case(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    """A type case (*typfall*): a typical person's use of services without and with the
    initiative, times the persons who start each year."""
    return _lines_page(
        request,
        calculation,
        "type_cases",
        _type_case_forms,
        builder.apply_type_case,
        {
            "heading": _("Type case"),
            "saved": _("The type case was saved."),
            "removed": _("The type case was removed."),
            "template": "calculations/_trajectories.html",
            "part": "typfall",
        },
    )


#: The preview's parts with lines: part → (case section, forms, apply).
LINE_PARTS: dict[str, tuple[str, Any, Any]] = {
    "utfall": ("outcomes", _outcome_forms, builder.apply_outcome),
    "typfall": ("type_cases", _type_case_forms, builder.apply_type_case),
}


@object_view(Calculation)
def scenario(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    policy.require(request.user, policy.Action.CHANGE, calculation)
    data = calculation.case
    index = _index(request, data, "scenarios")
    form = ScenarioForm(
        request.POST if request.method == "POST" else None,
        initial=builder.initial_scenario(data, index) if index is not None else {},
    )
    if request.method == "POST" and "delete" in request.POST and index is not None:
        if _save(
            request, calculation.initiative, builder.remove(data, "scenarios", index), form, ""
        ):
            messages.success(request, _("The scenario was removed."))
            return redirect("calculations:detail", pk=calculation.pk)
    elif request.method == "POST" and form.is_valid():
        prefix = f"scenarios[{len(data.get('scenarios', [])) if index is None else index}]"
        new_data = builder.apply_scenario(data, index, form.cleaned_data)
        if _save(request, calculation.initiative, new_data, form, prefix):
            messages.success(request, _("The scenario was saved."))
            return redirect("calculations:detail", pk=calculation.pk)
    return _edit(request, calculation, form, _("Scenario"), deletable=index is not None)


@object_view(Calculation)
def price_index(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    """The price-index series (year → index) that converts amounts to the price year."""
    policy.require(request.user, policy.Action.CHANGE, calculation)
    data = calculation.case
    formset = PriceIndexFormSet(
        request.POST if request.method == "POST" else None,
        initial=builder.initial_price_index(data),
        prefix="index",
    )
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and formset.is_valid():
        new_data = builder.apply_price_index(data, formset.series())
        if _save(request, calculation.initiative, new_data, form, "price_index"):
            messages.success(request, _("The price index was saved."))
            return redirect("calculations:detail", pk=calculation.pk)
    return _page(
        request,
        "calculations/price_index.html",
        {
            "form": form,
            "formset": formset,
            "calculation": calculation,
            "initiative": calculation.initiative,
        },
    )


@object_view(Calculation)
def start_run(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    policy.require(request.user, policy.Action.CHANGE, calculation)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.calculation_start_run(
                actor=request.user, calculation=calculation, draws=form.cleaned_data["draws"]
            )
        except queue.QueueFull as error:
            form.add_error(None, str(error))
        else:
            return redirect("calculations:detail", pk=calculation.pk)
    return _edit(request, calculation, form, _("Run Monte Carlo simulation"))


@object_view(CalculationRun)
def run_status(request: HttpRequest, run: CalculationRun) -> HttpResponse:
    response = render(request, "calculations/_run.html", {"run": run})
    if run.finished and request.headers.get("HX-Request") and request.GET.get("poll"):
        response["HX-Refresh"] = "true"
    return response


@object_view(Calculation)
def review(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    policy.require(request.user, policy.Action.REVIEW, calculation)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.calculation_review(
            actor=request.user, calculation=calculation, **form.cleaned_data
        )
        messages.success(request, _("The review was saved."))
        return redirect("calculations:detail", pk=calculation.pk)
    return _edit(request, calculation, form, _("Review the calculation"))


def _download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _inputs(calculation: Calculation) -> tuple[Any, Any, selectors.StoredResult]:
    library = library_for(calculation.initiative.organization)
    return load_case(calculation.case, library), library, selectors.stored_result(calculation)


@object_view(Calculation)
def export_xlsx(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    case, library, stored = _inputs(calculation)
    content = workbook_bytes(case, stored.result, library, stored.monte_carlo, stored.plan)
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"kalkyl-{slugify(calculation.initiative.title)}.xlsx",
    )


@object_view(Calculation)
def report(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    case, _library, stored = _inputs(calculation)
    html = report_html(case, stored.result, stored.monte_carlo, stored.sensitivity, stored.plan)
    return _download(
        html, "text/html; charset=utf-8", f"kalkyl-{slugify(calculation.initiative.title)}.html"
    )


@object_view(Calculation)
def case_file(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    text = yaml.safe_dump(calculation.case, allow_unicode=True, sort_keys=False)
    return _download(
        text,
        "application/yaml; charset=utf-8",
        f"kalkyl-{slugify(calculation.initiative.title)}.yaml",
    )
