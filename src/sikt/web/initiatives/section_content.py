"""The fields of this app's sections of an application, as a reader sees them (used by the
version snapshots and, later, by the decision documents)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikt.web.initiatives.models import CriterionAssessment, Initiative, SelectionScore
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.snapshots import Fields, register


def _names(committees: object) -> list[str]:
    return [committee.name for committee in committees.order_by("name")]  # type: ignore[attr-defined]


def idea_fields(initiative: Initiative) -> Fields:
    return [
        (_("Title"), initiative.title),
        (_("Problem"), initiative.problem),
        (_("Target group"), initiative.target_group),
        (_("Affected operations"), initiative.affected_operations),
        (_("Committees affected by the results"), _names(initiative.result_committees)),
        (_("Committees affected by the costs"), _names(initiative.cost_committees)),
        (_("Needs analysis"), initiative.needs_analysis_reference),
        (_("Partners outside the organisation"), initiative.partner_lines()),
    ]


def plan_fields(initiative: Initiative) -> Fields:
    return [
        (_("Purpose and long-term goal"), initiative.purpose),
        (_("Start date"), initiative.start_date),
        (_("End date"), initiative.end_date),
        (_("Budget summary"), initiative.budget_summary),
        (_("Total cost (SEK)"), initiative.total_cost_sek),
        (_("Amount applied for from the fund (SEK)"), initiative.requested_amount_sek),
        (_("Price year"), initiative.price_year),
        (_("Owning committee"), initiative.owner_committee),
        (_("Project owner"), initiative.owner_name),
    ]


def criteria_fields(initiative: Initiative) -> Fields:
    ruleset = ruleset_for(initiative.organization)
    assessments = {
        a.criterion: a for a in CriterionAssessment.objects.filter(initiative=initiative)
    }
    fields: list[tuple[str, object]] = []
    for criterion in ruleset.base_criteria:
        found = assessments.get(criterion)
        if found is None:
            text = _("Not assessed")
        else:
            verdict = _("Met") if found.is_met else _("Not met")
            text = f"{verdict}: {found.justification}" if found.justification else verdict
        fields.append((criterion, text))
    for criterion in ruleset.selection_criteria:
        scores = list(
            SelectionScore.objects.filter(initiative=initiative, criterion=criterion)
            .order_by("scorer__username")
            .values_list("score", flat=True)
        )
        fields.append((criterion, scores or _("Not scored")))
    return fields


def register_snapshot_providers() -> None:
    """This app's sections of an application version (idea, plan, criteria); called from
    ``AppConfig.ready()`` like every other area's providers."""
    register("idea", gettext_lazy("Idea description"), idea_fields, order=10)
    register("plan", gettext_lazy("Project plan"), plan_fields, order=20)
    register("criteria", gettext_lazy("Criteria assessment"), criteria_fields, order=30)
