"""Rule-set templates: Uppsala's guideline (003) as the shipped default, and others to start from.

Values follow the organisations' published guidelines as summarised in DOMAIN.md §4b (details
vary by year; the coordinator adjusts them). Criteria texts are the organisation's own data, so
they are kept in Swedish as written in the guideline. Uppsala's base and selection criteria are
quoted from its guideline (KSN-2016-2186, "Grundkriterier", "Urvalskriterier"); the other
templates start from SKL's selection grounds (004 §4), since DOMAIN.md records no criteria lists
for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives.states import DeadlineMode, Process, RepaymentModel

UPPSALA_BASE_CRITERIA = [
    "Uppfyller kommunens syfte och mål med sociala investeringar",
    "Innebär förbättringsarbete i förhållande till ordinarie verksamhet genom metodprövning, "
    "metodutveckling eller social innovation",
    "Leder till ekonomisk hushållning och minskade resursbehov i framtiden",
    "Beskriver tydligt och trovärdigt vilka effekter som kan förväntas, under vilken tidsperiod "
    "de förväntas inträffa samt hur och med vilken frekvens de ska mätas",
    "En konsekvensbeskrivning utifrån ett jämställdhets- och barnperspektiv finns",
    "Är utvärderingsbar: effekterna är möjliga att beräkna, värdera och mäta",
    "Redovisar en trovärdig kalkyl för kostnader och intäkter, samt hur de sociala effekterna "
    "omvandlas till ekonomiska effekter för kommunen",
    "Redovisar en tydlig och trovärdig plan för hur satsningen kan implementeras i den ordinarie "
    "verksamheten vid avslut",
    "Beskriver tydligt nödvändigt underhåll efter projekttidens slut och eventuella "
    "följdinvesteringar, med en trovärdig kalkyl för finansieringen",
]

UPPSALA_SELECTION_CRITERIA = [
    "Effektivitet: större hälsorelaterad eller social effekt per satsad krona och långsiktig "
    "kostnadseffektivitet för kommunen",
    "Uppföljning och utvärdering: kan följas upp, utvärderas och effekterna beräknas med god "
    "säkerhet",
    "Varaktighet: förvaltar effekten under längre tid, med underhåll och följdinvesteringar",
    "Implementeringsbarhet: goda förutsättningar att implementeras i ordinarie verksamhet",
    "Riktar sig direkt eller indirekt till barn, unga och unga vuxna",
]

SKL_BASE_CRITERIA = [
    "Avgränsad insats som i förhållande till ordinarie arbetssätt förväntas ge bättre utfall "
    "för målgruppen",
    "Förväntas leda till minskade samhällsekonomiska kostnader på sikt",
    "Bygger på evidens eller beprövad erfarenhet",
    "Går att följa upp och utvärdera mot ett jämförelsealternativ",
]

SKL_SELECTION_CRITERIA = [
    "Svarar mot prioriterade behov i behovsanalysen",
    "Förväntad effektstorlek",
    "Förutsättningar att implementeras i ordinarie verksamhet",
    "Politiska prioriteringar",
    "Bidrar till balans i portföljen (verksamheter, målgrupper, tidsperspektiv)",
]


@dataclass(frozen=True)
class Template:
    key: str
    label: Promise
    values: dict[str, Any]


TEMPLATES: tuple[Template, ...] = (
    Template(
        "uppsala",
        _("Uppsala municipality (guideline 2016, default)"),
        {
            "eligible_applicants": "Alla nämnder och av kommunen majoritetsägda bolag. Vid "
            "samarbete med civilsamhället ligger hela ansvaret på de nämnder och bolag som söker.",
            "min_partners": 1,
            "annual_cap_sek": None,
            "max_funding_share_percent": None,
            "max_length_months": None,
            "process": Process.TWO_STAGE,
            "deadline_mode": DeadlineMode.ROLLING,
            "fixed_deadlines": [],
            "answer_months": 1,
            "base_criteria": UPPSALA_BASE_CRITERIA,
            "selection_criteria": UPPSALA_SELECTION_CRITERIA,
            "repayment_model": RepaymentModel.COMMITTEE_PLAN,
        },
    ),
    Template(
        "lulea",
        _("Luleå municipality"),
        {
            "eligible_applicants": "Kommunens förvaltningar och bolag.",
            "min_partners": 1,
            "annual_cap_sek": Decimal(1_000_000),
            "max_funding_share_percent": 70,
            "max_length_months": 36,
            "process": Process.ONE_STAGE,
            "deadline_mode": DeadlineMode.ROLLING,
            "fixed_deadlines": [],
            "answer_months": 1,
            "base_criteria": SKL_BASE_CRITERIA,
            "selection_criteria": SKL_SELECTION_CRITERIA,
            "repayment_model": RepaymentModel.NONE,
        },
    ),
    Template(
        "gavleborg",
        _("Region Gävleborg"),
        {
            "eligible_applicants": "Minst två aktörer tillsammans, t.ex. kommuner, regionen "
            "och idéburna organisationer.",
            "min_partners": 2,
            "annual_cap_sek": Decimal(500_000),
            "max_funding_share_percent": 50,
            "max_length_months": 36,
            "process": Process.TWO_STAGE,
            "deadline_mode": DeadlineMode.ROLLING,
            "fixed_deadlines": [],
            "answer_months": 1,
            "base_criteria": SKL_BASE_CRITERIA,
            "selection_criteria": SKL_SELECTION_CRITERIA,
            "repayment_model": RepaymentModel.NONE,
        },
    ),
    Template(
        "norrkoping",
        _("Norrköping municipality"),
        {
            "eligible_applicants": "Kommunens nämnder och förvaltningar.",
            "min_partners": 1,
            "annual_cap_sek": None,
            "max_funding_share_percent": None,
            "max_length_months": None,
            "process": Process.TWO_STAGE,
            "deadline_mode": DeadlineMode.ROLLING,
            "fixed_deadlines": [],
            "answer_months": 1,
            "base_criteria": SKL_BASE_CRITERIA,
            "selection_criteria": SKL_SELECTION_CRITERIA,
            "repayment_model": RepaymentModel.BUDGET_FRAME_CUT,
        },
    ),
)

TEMPLATES_BY_KEY = {template.key: template for template in TEMPLATES}
DEFAULT_TEMPLATE = "uppsala"


def template_values(key: str) -> dict[str, Any]:
    """A fresh copy of a template's values (lists copied, so edits never touch the template)."""
    values = TEMPLATES_BY_KEY[key].values
    return {
        name: list(value) if isinstance(value, list) else value for name, value in values.items()
    }
