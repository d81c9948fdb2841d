"""Build the decision document of an initiative from its records (the one selector).

The sections follow what Uppsala's guideline asks the steering group and the executive board
to decide on (003 steps 4–6) and SKL's "Säkerställ följande" (004 §5): summary, need, target
group, logic model, criteria assessment, costs and benefits, repayment plan, risks and the
recommendation with the decisions so far. The document is a public record in Swedish, so it is
always assembled in Swedish whatever language the reader's screen uses (as the frozen
application versions are, :data:`sikt.web.initiatives.snapshots.SNAPSHOT_LANGUAGE`).

Numbers come from the calculation stored by the calculations app (never recomputed here), so
the document shows exactly what the results page shows.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikt import numbers
from sikt.web.calculations.selectors import StoredResult, latest_result_for
from sikt.web.design.selectors import DesignSummary, design_summary_for
from sikt.web.initiatives.models import (
    CriterionAssessment,
    Decision,
    Initiative,
    SelectionScore,
)
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.selectors import current_grant
from sikt.web.initiatives.states import DecisionBody, InitiativeState
from sikt.web.reports import formatting as f
from sikt.web.reports.document import (
    Block,
    Bullets,
    DecisionDocument,
    Facts,
    KeyFigures,
    Paragraph,
    Section,
    Table,
)
from sikt.web.reports.economy import economy_sections, key_figures

LANGUAGE = "sv"


def _committees(manager: object) -> str:
    names = [committee.name for committee in manager.order_by("name")]  # type: ignore[attr-defined]
    return ", ".join(names) or f.DASH


def _period(initiative: Initiative) -> str:
    if initiative.start_date is None:
        return f.DASH
    return f"{f.date(initiative.start_date)} – {f.date(initiative.end_date)}"


def _summary(initiative: Initiative, design: DesignSummary, figures: KeyFigures | None) -> Section:
    facts = [
        (_("Initiative"), initiative.title),
        (_("Organisation"), initiative.organization.name),
        (_("State"), initiative.state_label),
        (_("Owning committee"), f.text(initiative.owner_committee)),
        (_("Project owner"), f.text(initiative.owner_name)),
        (_("Time period"), _period(initiative)),
        (_("Total cost"), numbers.format_money(initiative.total_cost_sek)),
        (
            _("Amount applied for from the fund"),
            numbers.format_money(initiative.requested_amount_sek),
        ),
        (_("Price year"), f.text(initiative.price_year)),
    ]
    blocks: list[Block] = [Facts(facts)]
    purpose = design.logic_model.purpose or initiative.purpose
    if purpose:
        blocks.insert(0, Paragraph(purpose))
    if figures is not None:
        blocks.append(
            Facts(
                [
                    (_("Net present value, organisation"), figures.npv_organisation),
                    (_("Net present value, society"), figures.npv_society),
                    (_("Probability of profit (organisation)"), figures.probability_positive),
                    (_("Break-even effect"), figures.break_even),
                    (_("Repayment to the fund, total"), figures.repayment_total),
                ]
            )
        )
    else:
        blocks.append(Paragraph(_("There is no cost and benefit calculation yet."), note=True))
    return Section("summary", _("Summary"), blocks)


def _need(initiative: Initiative) -> Section:
    return Section(
        "need",
        _("Need"),
        [
            Facts(
                [
                    (_("Problem"), f.text(initiative.problem)),
                    (_("Affected operations"), f.text(initiative.affected_operations)),
                    (
                        _("Committees affected by the results"),
                        _committees(initiative.result_committees),
                    ),
                    (
                        _("Committees affected by the costs"),
                        _committees(initiative.cost_committees),
                    ),
                    (_("Needs analysis"), f.text(initiative.needs_analysis_reference)),
                    (
                        _("Partners outside the organisation"),
                        ", ".join(initiative.partner_lines()) or f.DASH,
                    ),
                ]
            )
        ],
    )


def _target_group(initiative: Initiative, design: DesignSummary) -> Section:
    blocks: list[Block] = []
    if initiative.target_group:
        blocks.append(Paragraph(initiative.target_group))
    group = design.target_group
    if group is not None:
        ages = (
            f"{f.text(group.age_from)}–{f.text(group.age_to)} {_('years')}"
            if group.age_from is not None or group.age_to is not None
            else f.DASH
        )
        blocks.append(
            Facts(
                [
                    (_("Description"), f.text(group.description)),
                    (_("Diagnosis"), f.text(group.diagnosis)),
                    (_("Risk factor"), f.text(group.risk_factor)),
                    (_("Area"), f.text(group.area)),
                    (_("Age"), ages),
                    (_("Current intervention"), f.text(group.current_intervention)),
                    (_("Estimated size"), numbers.format_number(group.size_estimate)),
                    (_("Reached by the initiative"), numbers.format_number(group.reached_estimate)),
                ]
            )
        )
    if not blocks:
        blocks.append(Paragraph(_("The target group is not described yet."), note=True))
    return Section("target_group", _("Target group"), blocks)


def _logic_model(design: DesignSummary) -> Section:
    model = design.logic_model
    if model.is_empty:
        return Section(
            "logic_model",
            _("Logic model"),
            [Paragraph(_("There is no logic model yet."), note=True)],
        )
    blocks: list[Block] = []
    if model.purpose:
        blocks.append(Paragraph(f"{_('Purpose and long-term goal')}: {model.purpose}"))
    chain = [
        [str(level.label), element.text, f.text(element.assumptions)]
        for level in model.levels
        for element in level.elements
    ]
    blocks.append(
        Table(
            _("The chain from resources to long-term goals"),
            [_("Level"), _("Description"), _("Assumptions and threats")],
            chain,
        )
    )
    indicators = [
        [
            indicator.name,
            str(indicator.get_kind_display()),
            indicator.unit,
            numbers.format_decimal(indicator.baseline_value),
            numbers.format_decimal(indicator.target_value),
            str(indicator.get_frequency_display()),
            indicator.data_source,
        ]
        for indicator in model.indicators
    ]
    if indicators:
        blocks.append(
            Table(
                _("Indicators"),
                [
                    _("Indicator"),
                    _("Type"),
                    _("Unit"),
                    _("Baseline"),
                    _("Target"),
                    _("Frequency"),
                    _("Data source"),
                ],
                indicators,
                numeric=frozenset({3, 4}),
            )
        )
    comparison = design.comparison_design
    if comparison is not None:
        blocks.append(
            Facts(
                [
                    (_("Comparison alternative"), str(comparison.get_kind_display())),
                    (_("Rationale"), f.text(comparison.rationale)),
                ]
            )
        )
    return Section("logic_model", _("Logic model"), blocks)


def _criteria(initiative: Initiative) -> Section:
    ruleset = ruleset_for(initiative.organization)
    assessments = {
        a.criterion: a for a in CriterionAssessment.objects.filter(initiative=initiative)
    }
    rows = []
    for criterion in ruleset.base_criteria:
        found = assessments.get(criterion)
        if found is None:
            verdict, justification = _("Not assessed"), f.DASH
        else:
            verdict = _("Met") if found.is_met else _("Not met")
            justification = f.text(found.justification)
        rows.append([criterion, verdict, justification])
    blocks: list[Block] = []
    if rows:
        met = sum(
            1 for a in assessments.values() if a.is_met and a.criterion in ruleset.base_criteria
        )
        blocks.append(
            Paragraph(
                _("%(met)s of %(count)s base criteria are assessed as met.")
                % {"met": met, "count": len(rows)}
            )
        )
        blocks.append(
            Table(_("Base criteria"), [_("Criterion"), _("Assessment"), _("Justification")], rows)
        )
    scores: dict[str, list[int]] = {}
    for criterion, score in SelectionScore.objects.filter(initiative=initiative).values_list(
        "criterion", "score"
    ):
        scores.setdefault(criterion, []).append(score)
    score_rows = []
    for criterion in ruleset.selection_criteria:
        given = scores.get(criterion, [])
        mean = sum(given) / len(given) if given else None
        score_rows.append(
            [
                criterion,
                ", ".join(str(score) for score in given) or f.DASH,
                numbers.format_number(mean, decimals=1),
            ]
        )
    if score_rows:
        blocks.append(
            Table(
                _("Selection criteria (scores 1–5 per steering-group member, unweighted)"),
                [_("Criterion"), _("Scores"), _("Mean")],
                score_rows,
                numeric=frozenset({2}),
            )
        )
    if not blocks:
        blocks.append(Paragraph(_("The rule set has no criteria."), note=True))
    return Section("criteria", _("Criteria assessment"), blocks)


def _risks(design: DesignSummary) -> Section:
    if not design.risks:
        return Section("risks", _("Risks"), [Paragraph(_("No risks are listed yet."), note=True)])
    rows = [
        [
            str(risk.number),
            risk.description,
            str(risk.get_probability_display()),
            str(risk.get_impact_display()),
            str(risk.priority.label),
            risk.action,
            risk.owner,
        ]
        for risk in design.risks
    ]
    blocks: list[Block] = [
        Table(
            _("Risk analysis"),
            [
                _("No."),
                _("Risk"),
                _("Probability"),
                _("Impact"),
                _("Priority"),
                _("Action"),
                _("Owner"),
            ],
            rows,
        )
    ]
    matrix_rows = []
    for row in design.risk_matrix:
        cells = [
            f"{', '.join(str(r.number) for r in cell.risks) or f.DASH} ({cell.priority.label})"
            for cell in row.cells
        ]
        matrix_rows.append([str(row.impact.label), *cells])
    probabilities = [str(cell.probability.label) for cell in design.risk_matrix[0].cells]
    blocks.append(
        Table(
            _("Risk matrix: risk numbers by impact (rows) and probability (columns)"),
            [_("Impact / probability"), *probabilities],
            matrix_rows,
        )
    )
    if design.stop_criteria:
        blocks.append(Paragraph(_("Stop criteria")))
        blocks.append(
            Bullets(
                [
                    f"{criterion.get_reason_display()}: {criterion.condition}"
                    for criterion in design.stop_criteria
                ]
            )
        )
    return Section("risks", _("Risks"), blocks)


#: What the latest decision on an amendment says (the amendment's number is filled in).
AMENDMENT_TEXTS: dict[str, Any] = {
    InitiativeState.RECOMMENDED: gettext_lazy(
        "The steering group recommends that the executive board approves amendment %(number)s."
    ),
    InitiativeState.APPROVED: gettext_lazy(
        "The executive board has approved amendment %(number)s."
    ),
    InitiativeState.REJECTED: gettext_lazy(
        "The executive board has rejected amendment %(number)s; the earlier decision stands."
    ),
}


def _recommendation_text(initiative: Initiative, decisions: list[Decision]) -> str:
    latest = decisions[-1] if decisions else None
    if latest is not None and latest.amendment is not None and latest.outcome in AMENDMENT_TEXTS:
        return str(AMENDMENT_TEXTS[latest.outcome]) % {"number": latest.amendment.number}
    steering = [d for d in decisions if d.body == DecisionBody.STEERING_GROUP]
    board = [d for d in decisions if d.body == DecisionBody.EXECUTIVE_BOARD]
    if board and board[-1].outcome == InitiativeState.APPROVED:
        return _("The executive board has approved the initiative.")
    if board and board[-1].outcome == InitiativeState.REJECTED:
        return _("The executive board has rejected the initiative.")
    if steering and steering[-1].outcome == InitiativeState.RECOMMENDED:
        return _("The steering group recommends that the executive board approves the initiative.")
    if steering and steering[-1].outcome == InitiativeState.NOT_RECOMMENDED:
        return _("The steering group does not recommend the initiative.")
    return _("The steering group has not yet made a recommendation (state: %(state)s).") % {
        "state": initiative.state_label
    }


def _grant(initiative: Initiative) -> list[Block]:
    """The grant in force: project number, conditions and the amount per year."""
    grant = current_grant(initiative)
    if grant is None:
        return []
    years = list(grant.years.all())
    rows = [[str(row.year), numbers.format_money(row.amount_sek)] for row in years]
    rows.append([_("Total"), numbers.format_money(sum(row.amount_sek for row in years))])
    return [
        Facts(
            [
                (_("Project number"), grant.project_number),
                (_("Conditions of the grant"), f.text(grant.conditions)),
            ]
        ),
        Table(
            _("Amount granted per year"),
            [_("Year"), _("Amount")],
            rows,
            numeric=frozenset({1}),
            total_row=True,
        ),
    ]


def _decision_label(decision: Decision) -> str:
    """The outcome, and for a decision on an amendment which one."""
    label = str(decision.get_outcome_display())
    if decision.amendment is None:
        return label
    return _("%(outcome)s (amendment %(number)s)") % {
        "outcome": label,
        "number": decision.amendment.number,
    }


def _recommendation(initiative: Initiative) -> Section:
    decisions = list(Decision.objects.filter(initiative=initiative).select_related("amendment"))
    blocks: list[Block] = [
        Paragraph(_recommendation_text(initiative, decisions)),
        *_grant(initiative),
    ]
    rows = [
        [
            f.date(decision.decided_on),
            str(decision.get_body_display()),
            _decision_label(decision),
            f.text(decision.minute_reference),
            f.text(decision.registration_number),
            f.text(decision.reason),
        ]
        for decision in decisions
    ]
    if rows:
        blocks.append(
            Table(
                _("Decisions so far"),
                [
                    _("Date"),
                    _("Body"),
                    _("Decision"),
                    _("Paragraph"),
                    _("Registration number"),
                    _("Reason"),
                ],
                rows,
            )
        )
    else:
        blocks.append(Paragraph(_("No decisions have been taken yet."), note=True))
    return Section("recommendation", _("Recommendation and decisions"), blocks)


def decision_document_for(initiative: Initiative) -> DecisionDocument:
    """The decision document of ``initiative`` (already scoped by the caller), in Swedish."""
    with translation.override(LANGUAGE):
        design = design_summary_for(initiative)
        stored: StoredResult | None = latest_result_for(initiative)
        figures = key_figures(stored) if stored is not None else None
        sections = [
            _summary(initiative, design, figures),
            _need(initiative),
            _target_group(initiative, design),
            _logic_model(design),
            _criteria(initiative),
            *economy_sections(stored),
            _risks(design),
            _recommendation(initiative),
        ]
        return DecisionDocument(
            title=initiative.title,
            subtitle=_("Decision material for the steering group and the executive board"),
            organization=initiative.organization.name,
            state=initiative.state_label,
            reference=initiative.pk,
            generated_on=timezone.localdate(),
            key_figures=figures,
            sections=sections,
        )
