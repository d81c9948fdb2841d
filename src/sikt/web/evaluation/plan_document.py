"""The implementation plan (*implementeringsplan*, 004 §8) as decision material, laid out by the
reports area's renderers like the final report (:mod:`sikt.web.evaluation.documents`).

Before the implementation decision it shows the current plan; once the decision is taken, the
plan frozen with it (:func:`~sikt.web.evaluation.implementation.decided_plan`) and the estimate
it rested on, so the document never changes after the decision.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation

from sikt.numbers import format_money, format_number
from sikt.web.evaluation import implementation
from sikt.web.evaluation.documents import component_blocks, document_of, summary_blocks
from sikt.web.evaluation.models import EconomicEvaluation, EvaluationRun, Rollout
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.reports.document import Block, Bullets, DecisionDocument, Facts, Paragraph, Section


def _money(value: Any) -> str:
    return "–" if value is None else format_money(Decimal(str(value)))


def _plan_sections(data: dict[str, Any]) -> list[Section]:
    cost = Decimal(data["full_scale_cost"])
    replaced = None if data["replaced_cost"] is None else Decimal(data["replaced_cost"])
    size = int(data["target_group_size"])
    rollout = str(Rollout(data["rollout"]).label)
    time_frame = f"{data['starts_on']} – {data['complete_on']}"
    costs: list[tuple[str, str]] = [
        ("Hela målgruppen per år", f"{format_number(size)} personer"),
        (f"Kostnad i full skala per år ({data['price_year']} års priser)", _money(cost)),
        ("Kostnad per person och år", _money(cost / size)),
        ("Kostnad för det som ersätts per år", _money(replaced)),
        ("Nettokostnad per år", _money(cost - (replaced or Decimal(0)))),
    ]
    economic = (
        EconomicEvaluation.objects.filter(pk=data["economic_evaluation"]).first()
        if data.get("economic_evaluation")
        else None
    )
    if economic is not None:
        costs.append(
            (
                "Jämför: kostnad i full skala enligt den ekonomiska utvärderingen "
                "(kalkylens målgrupp, alla år)",
                _money(economic.figures.get("full_scale_cost")),
            )
        )
    blocks: list[Block] = [Facts(costs)]
    if data["cost_basis"]:
        blocks.append(Paragraph(data["cost_basis"]))
    rollout_blocks: list[Block] = [
        Facts([("Införande", rollout), ("Tidsram", time_frame)]),
    ]
    if data["phases"]:
        rollout_blocks.append(Bullets(list(data["phases"])))
    return [
        Section(
            "summary",
            "Förslag",
            [
                Facts(
                    [
                        ("Verksamhet som tar över", data["receiving_operation"]),
                        ("Införande", rollout),
                        ("Tidsram", time_frame),
                        ("Kostnad i full skala per år", _money(cost)),
                    ]
                )
            ],
        ),
        Section("cost", "Kostnad i full skala för hela målgruppen", blocks),
        Section("financing", "Finansiering", [Paragraph(data["financing"])]),
        Section("rollout", "Införande och tidsram", rollout_blocks),
        Section(
            "replaces", "Vad det ersätter i ordinarie verksamhet", [Paragraph(data["replaces"])]
        ),
    ]


def implementation_plan_for(initiative: Initiative) -> DecisionDocument | None:
    """The implementation plan in Swedish — as frozen with the implementation decision once it
    is taken, the current plan before; ``None`` when there is neither a plan nor a decision."""
    with translation.override("sv"):
        decision, frozen = implementation.decided_plan(initiative)
        data = frozen if decision is not None else implementation.plan_data(initiative)
        if data is None and decision is None:
            return None
        sections = [] if data is None else _plan_sections(data)
        if data is not None:
            run = (
                EvaluationRun.objects.filter(pk=data["run"]).first()
                if frozen and data.get("run")
                else implementation.main_run(initiative)
            )
            sections.append(
                Section(
                    "evaluation",
                    "Underlag från utvärderingen",
                    summary_blocks(initiative, run) + component_blocks(initiative),
                )
            )
        if decision is not None:
            sections.append(_decision_section(decision, frozen is not None))
        return document_of(initiative, "Implementeringsplan", sections)


def _decision_section(decision: Decision, frozen: bool) -> Section:
    return Section(
        "decision",
        "Beslut om implementering",
        [
            Facts(
                [
                    ("Beslutsdatum", f"{decision.decided_on:%Y-%m-%d}"),
                    ("Beslutande organ", decision.get_body_display()),
                    ("Paragraf", decision.minute_reference or "–"),
                    ("Diarienummer", decision.registration_number or "–"),
                ]
            ),
            Paragraph(
                "Planen ovan är den som frystes när beslutet fattades."
                if frozen
                else "Beslutet fattades utan en implementeringsplan i Sikt.",
                note=not frozen,
            ),
        ],
    )


def no_plan_document(initiative: Initiative) -> DecisionDocument:
    """What the plan's files hold before anyone has written the plan."""
    with translation.override("sv"):
        note = Paragraph("Ingen implementeringsplan är skriven ännu.", note=True)
        return document_of(
            initiative, "Implementeringsplan", [Section("summary", "Förslag", [note])]
        )
