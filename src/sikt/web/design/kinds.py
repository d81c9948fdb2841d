"""The kinds of design records the generic views handle, and the page regions they live in.

A *list kind* (risks, stakeholders, indicators …) is created under a parent (the initiative or
a logic-model element), edited and deleted through the object's own URL, and shown in a
*region* of a page that HTMX re-renders after each change. A *section* is the one record of its
kind an initiative has (target group, comparison alternative, plans), edited on its own page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sikt.web.design import forms as design_forms
from sikt.web.design import rules, selectors, services
from sikt.web.design.models import (
    CommunicationItem,
    ComparisonDesign,
    FollowUpPlan,
    ImpactStatement,
    ImplementationOutline,
    Indicator,
    LogicElement,
    LogicModel,
    ProjectOrganisation,
    Risk,
    Stakeholder,
    StopCriterion,
    SuccessCriterion,
    TargetGroup,
)
from sikt.web.initiatives.models import Initiative

# --- regions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    key: str
    template: str
    page: str
    models: tuple[type[models.Model], ...]
    context: Callable[[Initiative], dict[str, Any]]


def _logic_context(initiative: Initiative) -> dict[str, Any]:
    return {"logic": selectors.logic_model_for(initiative)}


def _risk_context(initiative: Initiative) -> dict[str, Any]:
    risks = selectors.risks_for(initiative)
    return {"risks": risks, "matrix": selectors.risk_matrix(risks)}


REGIONS = {
    region.key: region
    for region in (
        Region(
            "logic-model",
            "design/_logic_model_region.html",
            "design:logic-model",
            (LogicElement, Indicator),
            _logic_context,
        ),
        Region("risks", "design/_risks_region.html", "design:risks", (Risk,), _risk_context),
        Region(
            "stop-criteria",
            "design/_stop_criteria_region.html",
            "design:risks",
            (StopCriterion,),
            lambda initiative: {"stop_criteria": selectors.stop_criteria_for(initiative)},
        ),
        Region(
            "success-criteria",
            "design/_success_criteria_region.html",
            "design:evaluation",
            (SuccessCriterion,),
            lambda initiative: {
                "success_criteria": selectors.success_criteria_for(initiative),
                "has_outcome_indicators": selectors.outcome_indicators_for(initiative).exists(),
            },
        ),
        Region(
            "stakeholders",
            "design/_stakeholders_region.html",
            "design:evaluation",
            (Stakeholder,),
            lambda initiative: {"stakeholders": selectors.stakeholders_for(initiative)},
        ),
        Region(
            "communication",
            "design/_communication_region.html",
            "design:communication",
            (CommunicationItem,),
            lambda initiative: {"communication": selectors.communication_plan_for(initiative)},
        ),
    )
}


def region_context(region: Region, initiative: Initiative, user: Any) -> dict[str, Any]:
    """The region's data plus what the user may do in it."""
    context = region.context(initiative)
    context["initiative"] = initiative
    context["region"] = region.key
    context["can_edit"] = {
        model.__name__: rules.can_edit(user, initiative, model) for model in region.models
    }
    return context


# --- list kinds ----------------------------------------------------------------------------


def _default_create(actor: Any, initiative: Initiative, form: forms.ModelForm) -> models.Model:
    return services.design_record_create(actor=actor, initiative=initiative, instance=form.instance)


def _element_create(actor: Any, initiative: Initiative, form: forms.ModelForm) -> models.Model:
    return services.logic_element_create(actor=actor, initiative=initiative, **form.cleaned_data)


@dataclass(frozen=True)
class ItemKind:
    key: str
    model: type[models.Model]
    form: type[forms.ModelForm]
    region: str
    title_new: Promise
    title_edit: Promise
    parent: type[models.Model] = Initiative
    create: Callable[[Any, Initiative, forms.ModelForm], models.Model] = _default_create
    initial: Callable[[models.Model, dict[str, str]], dict[str, Any]] = field(
        default=lambda parent, query: {}
    )

    def new_instance(self, parent: models.Model) -> models.Model:
        if self.parent is LogicElement:
            return self.model(element=parent)
        if self.model is SuccessCriterion:
            return self.model()
        return self.model(initiative=parent)

    def form_kwargs(self, initiative: Initiative) -> dict[str, Any]:
        if self.model in (SuccessCriterion,):
            return {"initiative": initiative}
        return {}


def _element_initial(parent: models.Model, query: dict[str, str]) -> dict[str, Any]:
    return {"level": query.get("level", "")}


def _risk_initial(parent: models.Model, query: dict[str, str]) -> dict[str, Any]:
    assert isinstance(parent, Initiative)
    return {"number": services.next_risk_number(parent)}


ITEM_KINDS = {
    kind.key: kind
    for kind in (
        ItemKind(
            "element",
            LogicElement,
            design_forms.LogicElementForm,
            "logic-model",
            _("New element in the logic model"),
            _("Edit element"),
            create=_element_create,
            initial=_element_initial,
        ),
        ItemKind(
            "indicator",
            Indicator,
            design_forms.IndicatorForm,
            "logic-model",
            _("New indicator"),
            _("Edit indicator"),
            parent=LogicElement,
        ),
        ItemKind(
            "risk",
            Risk,
            design_forms.RiskForm,
            "risks",
            _("New risk"),
            _("Edit risk"),
            initial=_risk_initial,
        ),
        ItemKind(
            "stop-criterion",
            StopCriterion,
            design_forms.StopCriterionForm,
            "stop-criteria",
            _("New stop criterion"),
            _("Edit stop criterion"),
        ),
        ItemKind(
            "success-criterion",
            SuccessCriterion,
            design_forms.SuccessCriterionForm,
            "success-criteria",
            _("New success criterion"),
            _("Edit success criterion"),
        ),
        ItemKind(
            "stakeholder",
            Stakeholder,
            design_forms.StakeholderForm,
            "stakeholders",
            _("New stakeholder"),
            _("Edit stakeholder"),
        ),
        ItemKind(
            "communication",
            CommunicationItem,
            design_forms.CommunicationItemForm,
            "communication",
            _("New communication activity"),
            _("Edit communication activity"),
        ),
    )
}
KIND_BY_MODEL = {kind.model: kind for kind in ITEM_KINDS.values()}

# --- sections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    model: type[models.Model]
    form: type[forms.ModelForm]
    title: Promise
    intro: Promise
    back: str = "design:overview"

    def form_kwargs(self, initiative: Initiative) -> dict[str, Any]:
        if self.model is ProjectOrganisation:
            return {"initiative": initiative}
        return {}

    def initial(self, initiative: Initiative) -> dict[str, Any]:
        """Start a new section from what the idea description already says."""
        if self.model is LogicModel:
            return {"purpose": initiative.purpose}
        if self.model is TargetGroup:
            return {"description": initiative.target_group}
        if self.model is ProjectOrganisation:
            return {
                "owner_committee": initiative.owner_committee_id,
                "owner_name": initiative.owner_name,
            }
        return {}


SECTIONS = {
    section.key: section
    for section in (
        Section(
            "purpose",
            LogicModel,
            design_forms.LogicModelForm,
            _("Overall purpose"),
            _(
                "What should the initiative lead to? The purpose heads the logic model; the "
                "long-term goals make it measurable (SKL guide 004 §4)."
            ),
            back="design:logic-model",
        ),
        Section(
            "target-group",
            TargetGroup,
            design_forms.TargetGroupForm,
            _("Target group"),
            _(
                "Narrow the target group concretely, e.g. “children 6–12 with neuropsychiatric "
                "problems at schools X and Y”: by diagnosis, risk factor, area, age, current "
                "intervention, or a mix (004 §4). The size of the whole group is needed to "
                "estimate the cost of full-scale implementation."
            ),
        ),
        Section(
            "comparison",
            ComparisonDesign,
            design_forms.ComparisonDesignForm,
            _("Comparison alternative"),
            _(
                "What would have happened without the initiative? Choose how the outcome will be "
                "compared, and plan the baseline measurement (004 §5, appendix A)."
            ),
            back="design:evaluation",
        ),
        Section(
            "follow-up",
            FollowUpPlan,
            design_forms.FollowUpPlanForm,
            _("Follow-up and evaluation plan"),
            _(
                "Make sure the right data is followed up in the right way and at the right "
                "frequency, so the initiative can be evaluated on process and on social and "
                "economic effects (Uppsala guideline 003; 004 §5)."
            ),
            back="design:evaluation",
        ),
        Section(
            "organisation",
            ProjectOrganisation,
            design_forms.ProjectOrganisationForm,
            _("Project organisation"),
            _(
                "A cross-sector working group, a project owner who anchors the initiative in the "
                "management, a steering group with the final responsibility, and a project "
                "leader, perhaps with a deputy (004 §5)."
            ),
        ),
        Section(
            "impact",
            ImpactStatement,
            design_forms.ImpactStatementForm,
            _("Impact statements"),
            _(
                "Uppsala's base criteria require an impact statement from a gender-equality and "
                "a child perspective (guideline 003)."
            ),
        ),
        Section(
            "implementation",
            ImplementationOutline,
            design_forms.ImplementationOutlineForm,
            _("Implementation and maintenance plan"),
            _(
                "How the initiative enters ordinary operations if it succeeds, what full scale "
                "costs, how it is financed and maintained after the project, and what it "
                "replaces (003 base criteria; 004 §7)."
            ),
        ),
    )
}
