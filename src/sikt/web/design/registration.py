"""Plug the design area into the initiative workflow (called from ``DesignConfig.ready``):
the plan requirements it answers, the sections of a frozen application version, the design a
decision freezes (and a rejected or withdrawn amendment restores), and the links
on the initiative's detail page (which are also the sections reviewers comment on)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sikt.web.design import snapshots
from sikt.web.design.frozen import FREEZER_KEY, frozen_design, restore_design
from sikt.web.design.requirements import DESIGN_REQUIREMENTS, IMPACT_STATEMENT
from sikt.web.initiatives import freezing, requirements, sections
from sikt.web.initiatives import snapshots as versions

#: ``(key, label, snapshot provider, page)`` in the order they appear, after the idea (10),
#: plan (20) and criteria (30) of the initiatives app.
DESIGN_SECTIONS = (
    ("logic_model", _("Logic model"), snapshots.logic_model_fields, "design:logic-model"),
    (
        "target_group",
        _("Target group"),
        snapshots.target_group_fields,
        "design:section-target-group",
    ),
    ("evaluation_design", _("Evaluation design"), snapshots.evaluation_fields, "design:evaluation"),
    ("risks", _("Risks"), snapshots.risk_fields, "design:risks"),
    (
        "project_organisation",
        _("Project organisation"),
        snapshots.organisation_fields,
        "design:section-organisation",
    ),
    (
        "impact_statements",
        _("Impact statements"),
        snapshots.impact_fields,
        "design:section-impact",
    ),
    (
        "communication_plan",
        _("Communication plan"),
        snapshots.communication_fields,
        "design:communication",
    ),
    (
        "implementation_plan",
        _("Implementation and maintenance plan"),
        snapshots.implementation_fields,
        "design:section-implementation",
    ),
)


def register_all() -> None:
    freezing.register(FREEZER_KEY, frozen_design, restore_design)
    for requirement in (*DESIGN_REQUIREMENTS, IMPACT_STATEMENT):
        requirements.register(requirement.key, requirement.label, requirement.check)
    sections.register("design", _("Design overview"), "design:overview", order=39)
    for order, (key, label, provide, url_name) in enumerate(DESIGN_SECTIONS, start=40):
        versions.register(key, label, provide, order=order)
        sections.register(key, label, url_name, order=order)
