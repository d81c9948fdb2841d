"""The product's areas, as shown in the main navigation.

An area whose pages are not built yet has ``url_name=None`` and gets an honest "not yet
available" page describing what will come, instead of a dead link or an empty screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    slug: str
    title: Promise
    summary: Promise
    url_name: str | None = None


AREAS: tuple[Area, ...] = (
    Area(
        "behov",
        _("Needs"),
        _(
            "Cross-sector needs analysis: key indicators, comparisons with similar "
            "municipalities, variation by sex, age and area, maps and flow analyses."
        ),
        url_name="needs:list",
    ),
    Area(
        "satsningar",
        _("Initiatives"),
        _(
            "Ideas, applications and project plans with logic models, criteria, risks, "
            "calculations and decision documents — from idea to decision."
        ),
        url_name="initiatives:list",
    ),
    Area(
        "fond",
        _("Fund"),
        _(
            "The social investment fund: allocations, payouts in arrears and repayments "
            "from the committees."
        ),
        url_name="funds:overview",
    ),
    Area(
        "uppfoljning",
        _("Follow-up"),
        _(
            "Process and outcome measures, reach, attrition and resource use of running "
            "initiatives."
        ),
        url_name="followup:steering",
    ),
    Area(
        "utvardering",
        _("Evaluation"),
        _(
            "Effect and economic evaluation against the chosen comparison alternative, "
            "component analysis and implementation plans."
        ),
        url_name="evaluation:index",
    ),
    Area(
        "enhetskostnader",
        _("Unit costs"),
        _(
            "The organisation's library of unit costs with sources, price years and "
            "confidence, used by every calculation."
        ),
        url_name="unitcosts:list",
    ),
    Area(
        "delning",
        _("Shared models"),
        _(
            "Models other organisations publish — unit costs, logic-model templates, "
            "evaluation designs — and the knowledge bank of shared evaluation summaries."
        ),
        url_name="sharing:list",
    ),
    Area(
        "rapporter",
        _("Reports"),
        _("Decision material, portfolio overviews and the annual aggregated evaluation."),
        url_name="reports:portfolio",
    ),
)

AREAS_BY_SLUG = {area.slug: area for area in AREAS}
