"""Write paths of shared models: publish a version, adopt a version, choose to share summaries.

Each action checks the policy, runs in one transaction and writes its audit records there;
notifications go out when the transaction commits (:mod:`sikt.web.notifications`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from sikt.calc import InputError
from sikt.calc.unit_costs import unit_cost_from_row
from sikt.web import policy
from sikt.web.accounts.models import Membership, Organization
from sikt.web.audit import services as audit
from sikt.web.calculations import services as calculations
from sikt.web.calculations.models import Calculation, TypeCaseSource
from sikt.web.initiatives.models import Initiative
from sikt.web.notifications import notify
from sikt.web.sharing import content as package
from sikt.web.sharing.models import Adoption, SharedModel, SharedModelVersion, SharingSetting
from sikt.web.sharing.rules import NEW_VERSION_KIND, TOLD_OF_NEW_VERSIONS
from sikt.web.unitcosts import services as unit_costs
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.rows import values_from_cost


@transaction.atomic
def shared_model_create(
    *, actor: Any, organization: Organization, title: str, description: str = ""
) -> SharedModel:
    """Start a model the organisation will publish versions of."""
    policy.require(actor, policy.Action.CREATE, organization, model=SharedModel)
    if SharedModel.objects.filter(organization=organization, title=title).exists():
        raise ValidationError(
            {"title": _("Your organisation already publishes a model with this title.")}
        )
    return audit.create(
        actor, SharedModel(organization=organization, title=title, description=description)
    )


def _check_package(
    organization: Organization, entries: list[UnitCostEntry], initiative: Initiative | None
) -> None:
    if any(entry.organization_id != organization.pk for entry in entries):
        raise ValidationError(_("Only your own organisation's unit costs can be published."))
    if initiative is not None and initiative.organization_id != organization.pk:
        raise ValidationError(_("Only your own organisation's initiatives can be published."))


def _tell_adopters(version: SharedModelVersion) -> None:
    """Notify the adopters of earlier versions (coordinators and economists)."""
    organizations = set(
        Adoption.objects.filter(version__shared_model=version.shared_model)
        .exclude(version=version)
        .values_list("organization_id", flat=True)
    )
    url = reverse("sharing:model", args=[version.shared_model.pk])
    for organization_id in organizations:
        members = Membership.objects.filter(
            organization_id=organization_id, role__in=TOLD_OF_NEW_VERSIONS
        ).select_related("user", "organization")
        users = [member.user for member in members]
        if users:
            notify(
                users=users,
                kind=NEW_VERSION_KIND,
                title=_("%(publisher)s published version %(number)s of “%(title)s”")
                % {
                    "publisher": version.shared_model.organization.name,
                    "number": version.number,
                    "title": version.shared_model.title,
                },
                url=url,
                organization=members[0].organization,
            )


def _type_cases(
    organization: Organization, unit_costs: list[UnitCostEntry], chosen: list[tuple[Any, str]]
) -> tuple[list[dict[str, Any]], list[UnitCostEntry]]:
    """The chosen type cases as shared items, and the unit costs to publish: those chosen plus
    the library's that the type cases' lines use (one missing from the library refuses all)."""
    items = []
    for calculation, key in chosen:
        if calculation.initiative.organization_id != organization.pk:
            raise ValidationError(_("Only your own organisation's type cases can be published."))
        item = package.type_case_of(calculation, key)
        if item is None:
            raise ValidationError(
                _("The calculation of “%(title)s” has no type case “%(key)s”.")
                % {"title": calculation.initiative.title, "key": key}
            )
        items.append(item)
    needed = set().union(*(package.library_keys(item) for item in items))
    library = {
        entry.key: entry
        for entry in UnitCostEntry.objects.filter(organization=organization, key__in=needed)
    }
    missing = sorted(needed - set(library))
    if missing:
        raise ValidationError(
            _(
                "A type case uses unit costs that are neither in its calculation nor in your "
                "unit-cost library: %(keys)s."
            )
            % {"keys": ", ".join(missing)}
        )
    chosen_keys = {entry.key for entry in unit_costs}
    extra = [entry for key, entry in sorted(library.items()) if key not in chosen_keys]
    return items, [*unit_costs, *extra]


@transaction.atomic
def version_publish(
    *,
    actor: Any,
    shared_model: SharedModel,
    source_description: str,
    changes: str = "",
    unit_costs: list[UnitCostEntry],
    initiative: Initiative | None = None,
    type_cases: list[tuple[Any, str]] | None = None,
) -> SharedModelVersion:
    """Publish the next version of ``shared_model`` from the publisher's own unit costs,
    (optionally) one initiative's logic model and evaluation design, and type cases of its
    calculations (``(calculation, type-case key)``; the library unit costs they use are
    published with them). Earlier versions stay as they were; adopters of an earlier version
    are told."""
    policy.require(actor, policy.Action.CREATE, shared_model, model=SharedModelVersion)
    SharedModel.objects.select_for_update().get(pk=shared_model.pk)
    _check_package(shared_model.organization, unit_costs, initiative)
    items, unit_costs = _type_cases(shared_model.organization, unit_costs, type_cases or [])
    content = package.build(unit_costs, initiative, items)
    if package.is_empty(content):
        raise ValidationError(
            _("Choose at least one unit cost, type case or an initiative's logic model.")
        )
    digest = package.digest(content)
    latest = shared_model.versions.order_by("-number").first()
    if latest is not None and latest.content_sha256 == digest:
        raise ValidationError(
            _("Nothing has changed since version %(number)s.") % {"number": latest.number}
        )
    number = (shared_model.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = audit.create(
        actor,
        SharedModelVersion(
            shared_model=shared_model,
            number=number,
            source_description=source_description,
            changes=changes,
            content=content,
            content_sha256=digest,
            published_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
    )
    _tell_adopters(version)
    return version


def _copy_unit_costs(
    actor: Any, organization: Organization, rows: list[dict[str, str]]
) -> dict[str, list[str]]:
    """Create or update the organisation's unit costs from the package's rows (validated
    first: one bad row and nothing is written)."""
    try:
        costs = [unit_cost_from_row(row) for row in rows]
    except InputError as error:
        raise ValidationError(str(error)) from None
    existing = {
        entry.key: entry
        for entry in UnitCostEntry.objects.filter(
            organization=organization, key__in=[cost.key for cost in costs]
        )
    }
    summary: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
    for cost in costs:
        entry = existing.get(cost.key)
        if entry is None:
            unit_costs.unit_cost_create(actor=actor, organization=organization, cost=cost)
            summary["created"].append(cost.key)
            continue
        values = values_from_cost(cost)
        if all(getattr(entry, name) == value for name, value in values.items()):
            summary["unchanged"].append(cost.key)
            continue
        unit_costs.unit_cost_update(actor=actor, entry=entry, cost=cost)
        summary["updated"].append(cost.key)
    return summary


@transaction.atomic
def version_adopt(
    *, actor: Any, organization: Organization, version: SharedModelVersion
) -> Adoption:
    """Copy ``version`` into the organisation: its unit costs into the organisation's own
    library (new keys created, the same keys updated to the published figures) and the whole
    package — type cases included, each with the initiative it comes from — as the
    organisation's copy, recording publisher, model and version."""
    policy.require(actor, policy.Action.CREATE, organization, model=Adoption)
    if version.shared_model.organization_id == organization.pk:
        raise ValidationError(_("Your organisation publishes this model; it cannot adopt it."))
    if Adoption.objects.filter(organization=organization, version=version).exists():
        raise ValidationError(
            _("Your organisation has already adopted version %(number)s.")
            % {"number": version.number}
        )
    summary = _copy_unit_costs(actor, organization, version.content.get("unit_costs", []))
    summary["type_cases"] = [item["name"] for item in version.content.get("type_cases", [])]
    return audit.create(
        actor,
        Adoption(
            organization=organization,
            version=version,
            publisher_name=version.shared_model.organization.name,
            model_title=version.shared_model.title,
            version_number=version.number,
            content=version.content,
            summary=summary,
            adopted_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
    )


def sharing_setting_of(organization: Organization) -> SharingSetting:
    """The organisation's setting, unsaved and off when never chosen."""
    return SharingSetting.objects.filter(organization=organization).first() or SharingSetting(
        organization=organization
    )


@transaction.atomic
def sharing_setting_save(
    *, actor: Any, organization: Organization, share_summaries: bool
) -> SharingSetting:
    """Turn sharing of evaluation summaries on or off (audited)."""
    setting = sharing_setting_of(organization)
    policy.require(actor, policy.Action.CHANGE, setting)
    if setting.pk is None:
        setting.share_summaries = share_summaries
        return audit.create(actor, setting)
    return audit.update(actor, setting, share_summaries=share_summaries)


def type_case_candidates(user: Any, adoption: Adoption) -> list[Calculation]:
    """The organisation's calculations ``user`` may change now (drafts: a decided
    calculation is locked), by initiative title."""
    calculations = (
        Calculation.objects.filter(initiative__organization=adoption.organization)
        .select_related("initiative")
        .order_by("initiative__title", "pk")
    )
    return [c for c in calculations if policy.can(user, policy.Action.CHANGE, c)]


def type_case_use(
    *, actor: Any, adoption: Adoption, index: int, calculation: Calculation
) -> TypeCaseSource:
    """Copy the adopted version's type case number ``index`` into one of the organisation's
    calculations through the calculations area (:func:`calculations.type_case_copy`), with
    the adoption's provenance."""
    items = adoption.content.get("type_cases", [])
    if not 0 <= index < len(items):
        raise ValidationError(_("This version has no such type case."))
    if calculation.initiative.organization_id != adoption.organization_id:
        raise ValidationError(_("The calculation belongs to another organisation."))
    return calculations.type_case_copy(
        actor=actor,
        calculation=calculation,
        item=items[index],
        origin=calculations.TypeCaseOrigin(
            publisher=adoption.publisher_name,
            model=adoption.model_title,
            version=adoption.version_number,
        ),
    )
