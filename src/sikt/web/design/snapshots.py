"""The design sections of a frozen application version (issue 4 item 9).

Each provider returns ``[(field label, value), …]`` for the workflow's snapshot registry
(:mod:`sikt.web.initiatives.snapshots`), which takes them in Swedish and stores the text, so a
submitted version can be compared field by field with a later one. Labels are stable per
element (level and text), so a changed indicator shows as a changed field.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from sikt.web.design import selectors
from sikt.web.design.models import Indicator
from sikt.web.design.templatetags.design import num
from sikt.web.initiatives.models import Initiative

Fields = list[tuple[Promise | str, Any]]


def indicator_text(indicator: Indicator) -> str:
    """One line per indicator: name, type, unit, baseline → target, frequency and source."""
    parts = [f"{indicator.name} ({indicator.get_kind_display()}, {indicator.unit})"]
    if indicator.baseline_value is not None or indicator.target_value is not None:
        parts.append(f"{num(indicator.baseline_value)} → {num(indicator.target_value)}")
    if indicator.direction:
        parts.append(str(indicator.get_direction_display()).lower())
    parts.append(str(indicator.get_frequency_display()).lower())
    parts.append(indicator.data_source)
    if indicator.instrument:
        parts.append(indicator.instrument)
    breakdown = indicator.disaggregation_labels()
    if breakdown:
        parts.append(_("broken down by") + " " + ", ".join(breakdown).lower())
    return "; ".join(parts)


def logic_model_fields(initiative: Initiative) -> Fields:
    logic = selectors.logic_model_for(initiative)
    fields: Fields = [(_("Overall purpose"), logic.purpose)]
    for view in logic.levels:
        for element in view.elements:
            lines = [indicator_text(indicator) for indicator in element.indicators.all()]
            if element.assumptions:
                lines.append(_("Assumptions and threats:") + " " + element.assumptions)
            fields.append((f"{view.label}: {element.text}", "\n".join(lines) or "–"))
    return fields


def target_group_fields(initiative: Initiative) -> Fields:
    group = selectors.target_group_for(initiative)
    if group is None:
        return [(_("Target group"), None)]
    return [
        (_("Description"), group.description),
        (_("Diagnosis"), group.diagnosis),
        (_("Risk factor"), group.risk_factor),
        (_("Area"), group.area),
        (_("Age"), _age(group.age_from, group.age_to)),
        (_("Current intervention"), group.current_intervention),
        (_("Estimated size"), group.size_estimate),
        (_("Reached by the initiative"), group.reached_estimate),
    ]


def _age(age_from: int | None, age_to: int | None) -> str:
    if age_from is None and age_to is None:
        return ""
    return f"{age_from if age_from is not None else ''}–{age_to if age_to is not None else ''}"


def evaluation_fields(initiative: Initiative) -> Fields:
    design = selectors.comparison_design_for(initiative)
    plan = selectors.follow_up_plan_for(initiative)
    fields: Fields = [
        (_("Comparison alternative"), design.get_kind_display() if design else None),
        (_("Rationale"), design.rationale if design else None),
        (_("Baseline plan"), design.baseline_plan if design else None),
        (_("Baseline measured by"), design.baseline_by if design else None),
    ]
    for criterion in selectors.success_criteria_for(initiative):
        fields.append(
            (
                _("Success criterion: %(indicator)s") % {"indicator": criterion.indicator.name},
                f"{num(criterion.minimum_effect)} {criterion.indicator.unit}",
            )
        )
    fields += [
        (_("What is measured, when and by whom"), plan.measurement_plan if plan else None),
        (_("Evaluation questions"), plan.evaluation_questions if plan else None),
        (_("Reporting frequency"), plan.get_reporting_frequency_display() if plan else None),
        (_("Responsible for follow-up"), plan.responsible if plan else None),
    ]
    for stakeholder in selectors.stakeholders_for(initiative):
        fields.append(
            (
                _("Stakeholder: %(name)s") % {"name": stakeholder.name},
                f"{stakeholder.get_method_display()}: {stakeholder.information}",
            )
        )
    return fields


def risk_fields(initiative: Initiative) -> Fields:
    fields: Fields = []
    for risk in selectors.risks_for(initiative):
        probability = str(risk.get_probability_display()).lower()
        impact = str(risk.get_impact_display()).lower()
        fields.append(
            (
                _("Risk %(number)s") % {"number": risk.number},
                f"{risk.description} — {_('probability')} {probability}, {_('impact')} {impact}, "
                f"{str(risk.priority.label).lower()}; {risk.action} ({risk.owner})",
            )
        )
    for criterion in selectors.stop_criteria_for(initiative):
        fields.append(
            (
                _("Stop criterion: %(reason)s") % {"reason": criterion.get_reason_display()},
                criterion.condition,
            )
        )
    return fields or [(_("Risks"), None)]


def organisation_fields(initiative: Initiative) -> Fields:
    organisation = selectors.project_organisation_for(initiative)
    if organisation is None:
        return [(_("Project organisation"), None)]
    return [
        (_("Owning committee"), organisation.owner_committee),
        (_("Project owner"), organisation.owner),
        (_("Project leader"), organisation.leader),
        (_("Deputy project leader"), organisation.deputy),
        (_("Steering group"), organisation.steering_group_members()),
        (_("Working group"), organisation.working_group_members()),
    ]


def impact_fields(initiative: Initiative) -> Fields:
    statement = selectors.impact_statement_for(initiative)
    return [
        (_("Gender-equality perspective"), statement.gender_equality if statement else None),
        (_("Child perspective"), statement.child if statement else None),
    ]


def communication_fields(initiative: Initiative) -> Fields:
    return [
        (
            f"{item.get_scope_display()}: {item.audience}",
            f"{item.message} — {item.channel}, {item.timing} ({item.responsible})",
        )
        for item in selectors.communication_plan_for(initiative)
    ] or [(_("Communication plan"), None)]


def implementation_fields(initiative: Initiative) -> Fields:
    outline = selectors.implementation_outline_for(initiative)
    if outline is None:
        return [(_("Implementation and maintenance plan"), None)]
    cost = (
        _("%(amount)s SEK per year (%(year)s prices)")
        % {"amount": num(outline.full_scale_cost), "year": outline.price_year}
        if outline.full_scale_cost is not None
        else None
    )
    return [
        (_("Into ordinary operations"), outline.ordinary_operations),
        (_("Full-scale cost"), cost),
        (_("Basis of the cost estimate"), outline.full_scale_cost_basis),
        (_("Financing after the project"), outline.financing),
        (_("Maintenance and follow-on investments"), outline.maintenance),
        (_("What it replaces"), outline.replaces),
    ]
