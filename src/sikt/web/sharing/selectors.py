"""Reads of shared models: the catalogue every organisation browses, and where the user's
organisation stands with each model (which version it adopted, whether a newer one exists)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.calculations.models import Calculation
from sikt.web.calculations.uncertain import format_value
from sikt.web.design.models import DesignKind, Level
from sikt.web.sharing.models import Adoption, SharedModel, SharedModelVersion


@dataclass(frozen=True)
class Standing:
    """A published model as the user's organisation sees it."""

    shared_model: SharedModel
    latest: SharedModelVersion
    #: The organisation's latest adoption of the model, if any.
    adoption: Adoption | None
    own: bool

    @property
    def newer_available(self) -> bool:
        return self.adoption is not None and self.adoption.version_number < self.latest.number


def _adoptions(organization: Organization | None) -> dict[int, Adoption]:
    """``{shared model id: the organisation's latest adoption}``."""
    if organization is None:
        return {}
    latest: dict[int, Adoption] = {}
    for adoption in Adoption.objects.filter(organization=organization).select_related("version"):
        model_id = adoption.version.shared_model_id
        if model_id not in latest or adoption.version_number > latest[model_id].version_number:
            latest[model_id] = adoption
    return latest


def catalogue(user: Any, organization: Organization | None) -> list[Standing]:
    """Every model with at least one published version, the organisation's own first."""
    models = (
        policy.published(user, SharedModel.objects.filter(versions__isnull=False))
        .distinct()
        .select_related("organization")
        .prefetch_related(
            Prefetch("versions", queryset=SharedModelVersion.objects.order_by("-number"))
        )
    )
    adoptions = _adoptions(organization)
    standings = [
        Standing(
            shared_model=model,
            latest=model.versions.all()[0],
            adoption=adoptions.get(model.pk),
            own=organization is not None and model.organization_id == organization.pk,
        )
        for model in models
    ]
    return sorted(standings, key=lambda s: (not s.own, s.shared_model.title.lower()))


def standing(
    user: Any, organization: Organization | None, shared_model: SharedModel
) -> Standing | None:
    """The organisation's standing with one model (``None`` before a first version)."""
    latest = shared_model.versions.order_by("-number").first()
    if latest is None:
        return None
    return Standing(
        shared_model=shared_model,
        latest=latest,
        adoption=_adoptions(organization).get(shared_model.pk),
        own=organization is not None and shared_model.organization_id == organization.pk,
    )


def newer_versions_count(organization: Organization | None) -> int:
    """How many adopted models have a newer version (the badge in the navigation)."""
    adoptions = _adoptions(organization)
    if not adoptions:
        return 0
    latest_numbers: dict[int, int] = {}
    for model_id, number in SharedModelVersion.objects.filter(
        shared_model_id__in=adoptions
    ).values_list("shared_model_id", "number"):
        latest_numbers[model_id] = max(number, latest_numbers.get(model_id, 0))
    return sum(
        1 for model_id, adoption in adoptions.items()
        if latest_numbers.get(model_id, 0) > adoption.version_number
    )  # fmt: skip


@dataclass(frozen=True)
class ContentView:
    """A package as pages show it: unit-cost rows, logic-model levels in reading order."""

    unit_costs: list[dict[str, str]]
    purpose: str
    target_group: str
    levels: list[tuple[str, list[dict[str, Any]]]]
    design: dict[str, str] | None
    type_cases: list[dict[str, Any]]


def _type_case_view(item: dict[str, Any]) -> dict[str, Any]:
    """A shared type case as shown: persons per start year and, per line, the unit cost's
    name and the yearly use without and with the initiative (Swedish numbers)."""
    names = {u["key"]: u.get("name", u["key"]) for u in item.get("unit_costs", [])}
    return {
        "name": item["name"],
        "confidence": item.get("confidence", "B"),
        "persons_per_year": "; ".join(format_value(v) for v in item["persons_per_year"]),
        "lines": [
            {
                "unit_cost": names.get(line["unit_cost"], line["unit_cost"]),
                "key": line["unit_cost"],
                "without": "; ".join(format_value(v) for v in line["without"]),
                "with": "; ".join(format_value(v) for v in line["with"]),
            }
            for line in item["lines"]
        ],
        "source": item.get("source") or {},
    }


def type_case_offers(user: Any, calculation: Calculation) -> list[tuple[str, str]]:
    """The organisation's adoptions holding type cases, as links to add one to
    ``calculation`` (registered with :mod:`sikt.web.calculations.offers`)."""
    adoptions = policy.scope(
        user, Adoption.objects.filter(organization_id=calculation.initiative.organization_id)
    ).order_by("model_title", "-version_number")
    return [
        (
            _("%(model)s, version %(number)s (%(publisher)s)")
            % {
                "model": adoption.model_title,
                "number": adoption.version_number,
                "publisher": adoption.publisher_name,
            },
            f"{reverse('sharing:type-case', args=[adoption.pk])}?kalkyl={calculation.pk}",
        )
        for adoption in adoptions
        if adoption.content.get("type_cases")
    ]


def content_view(content: dict[str, Any]) -> ContentView:
    logic = content.get("logic_model") or {}
    elements = logic.get("elements", [])
    levels = [
        (str(label), [element for element in elements if element["level"] == value])
        for value, label in Level.choices
    ]
    design = content.get("evaluation_design")
    shown_design = None
    if design:
        shown_design = {
            **design,
            "kind": str(dict(DesignKind.choices).get(design["kind"], design["kind"])),
        }
    return ContentView(
        unit_costs=content.get("unit_costs", []),
        purpose=logic.get("purpose", ""),
        target_group=logic.get("target_group", ""),
        levels=[(label, items) for label, items in levels if items],
        design=shown_design,
        type_cases=[_type_case_view(item) for item in content.get("type_cases", [])],
    )
