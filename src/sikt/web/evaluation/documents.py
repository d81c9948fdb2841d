"""The final report (*slutrapport*) as decision material, assembled as one
:class:`~sikt.web.reports.document.DecisionDocument` and laid out by the reports area's own
renderers (screen, PDF, DOCX), so the three never disagree on a number (issue 11 item 5;
004 §7, appendix A). The implementation plan is :mod:`sikt.web.evaluation.plan_document`.

Written in Swedish whatever the reader's language, like the decision material. The results come
from the stored runs (the latest finished estimate leads; every finished run is listed),
process fidelity and reach from the follow-up's approved reports, the economic results from the
latest economic evaluation.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.text import slugify

from sikt.numbers import format_number, format_percent
from sikt.web.design.models import ComparisonDesign, Stakeholder, TargetGroup
from sikt.web.evaluation import implementation, presentation
from sikt.web.evaluation.models import (
    ComponentAssessment,
    EvaluationRun,
    InterviewNote,
)
from sikt.web.followup.models import ProgressReport
from sikt.web.followup.selectors.initiative import activity_rows
from sikt.web.followup.states import ReportState
from sikt.web.initiatives.models import Initiative
from sikt.web.reports.document import (
    Block,
    Bullets,
    DecisionDocument,
    Facts,
    Paragraph,
    Section,
    Table,
)

FINAL_REPORT = "slutrapport"
IMPLEMENTATION_PLAN = "implementeringsplan"


def file_stem(kind: str, document: DecisionDocument) -> str:
    return f"{kind}-{document.reference}-{slugify(document.title)[:60] or 'satsning'}"


def document_of(initiative: Initiative, subtitle: str, sections: list[Section]) -> DecisionDocument:
    return DecisionDocument(
        title=initiative.title,
        subtitle=subtitle,
        organization=initiative.organization.name,
        state=str(initiative.state_label),
        reference=initiative.pk,
        generated_on=timezone.localdate(),
        key_figures=None,
        sections=sections,
    )


# --- the final report --------------------------------------------------------------------


def summary_blocks(initiative: Initiative, run: EvaluationRun | None) -> list[Block]:
    design = ComparisonDesign.objects.filter(initiative=initiative).first()
    period = (
        f"{initiative.start_date:%Y-%m-%d} – {initiative.end_date:%Y-%m-%d}"
        if initiative.start_date and initiative.end_date
        else "–"
    )
    items = [
        ("Projektperiod", period),
        ("Jämförelsealternativ", design.get_kind_display() if design else "Inte angivet"),
    ]
    if run is None:
        return [Facts(items), Paragraph("Ingen effektskattning har körts ännu.", note=True)]
    view = presentation.run_view(run)
    items += [
        ("Metod", view.method),
        ("Skattad effekt", view.estimate),
        (f"{view.level} % konfidensintervall", view.interval),
    ]
    if view.verdict is not None:
        items.append(("Framgångskriteriet", view.verdict.label))
    blocks: list[Block] = [Facts(items)]
    if view.verdict is not None:
        blocks.append(Paragraph(view.verdict.explanation))
    return blocks


def _results(initiative: Initiative, run: EvaluationRun | None) -> list[Block]:
    runs = list(
        EvaluationRun.objects.filter(
            dataset__initiative=initiative, status=EvaluationRun.Status.DONE
        )
        .select_related("dataset", "criterion__indicator")
        .order_by("created_at", "id")
    )
    if not runs or run is None:
        return [Paragraph("Inga färdiga skattningar finns.", note=True)]
    rows = []
    for each in runs:
        view = presentation.run_view(each)
        n_treated, n_control = (view.sizes[-1][1], view.sizes[-1][2]) if view.sizes else ("", "")
        rows.append(
            [
                f"{each.created_at:%Y-%m-%d}",
                each.get_estimator_display(),
                f"v{each.dataset.version}",
                view.estimate,
                view.interval,
                n_treated,
                n_control,
                view.verdict.label if view.verdict else "–",
            ]
        )
    main = presentation.run_view(run)
    blocks: list[Block] = [
        Table(
            "Skattningar mot jämförelsegruppen",
            [
                "Körning",
                "Metod",
                "Data",
                "Effekt",
                "Intervall",
                "Deltagare",
                "Jämförelse",
                "Framgångskriterium",
            ],
            rows,
            numeric=frozenset({3, 5, 6}),
        )
    ]
    if main.balance:
        blocks.append(
            Table(
                "Balans före och efter (standardiserad skillnad)",
                ["Bakgrundsvariabel", "Före", "Efter"],
                [[b["covariate"], b["smd_before"], b["smd_after"]] for b in main.balance],
                numeric=frozenset({1, 2}),
            )
        )
    if main.sensitivity:
        blocks.append(Paragraph("Känslighetsanalys: " + " ".join(main.sensitivity)))
    if main.caveats:
        blocks.append(Bullets(main.caveats))
    return blocks


def _fidelity(initiative: Initiative) -> list[Block]:
    """Activities done against plan and participants against the planned reach, from the
    follow-up's approved reports only."""
    blocks: list[Block] = []
    activities = [
        row
        for row in activity_rows(initiative, initiative.end_date)
        if row.plan is not None or row.done
    ]
    if activities:
        blocks.append(
            Table(
                "Genomförandetrohet: aktiviteter enligt plan och genomförda (godkända rapporter)",
                ["Aktivitet", "Enhet", "Planerat", "Genomfört", "Andel"],
                [
                    [
                        row.element.text,
                        row.plan.unit if row.plan else "",
                        "–" if row.planned is None else format_number(row.planned, decimals=0),
                        format_number(row.done, decimals=0),
                        "–" if row.share is None else format_percent(row.share),
                    ]
                    for row in activities
                ],
                numeric=frozenset({2, 3, 4}),
            )
        )
    latest = (
        ProgressReport.objects.filter(
            initiative=initiative,
            state=ReportState.APPROVED,
            participants_total__isnull=False,
        )
        .order_by("-period_end", "-id")
        .first()
    )
    target = TargetGroup.objects.filter(initiative=initiative).first()
    planned = target.reached_estimate if target else None
    if latest is not None:
        reached = latest.participants_total or 0
        items = [
            ("Deltagare totalt (godkänd rapport)", presentation.count(reached)),
            ("Till och med", f"{latest.period_end:%Y-%m-%d}"),
        ]
        if planned:
            items.append(("Planerad räckvidd", format_number(planned)))
            items.append(("Andel av planerad räckvidd", format_percent(reached / planned)))
        blocks.append(Facts(items))
    if not blocks:
        blocks.append(
            Paragraph("Det finns inga godkända uppföljningsvärden för satsningen.", note=True)
        )
    return blocks


def _economics(initiative: Initiative) -> list[Block]:
    economic = implementation.main_economic(initiative)
    if economic is None:
        return [Paragraph("Ingen ekonomisk utvärdering har gjorts.", note=True)]
    view = presentation.economic_view(economic)
    return [
        Facts(view.effect_rows + view.cost_rows),
        Table(
            "Nettonuvärde på samhälls-, aktörs- och individnivå, planerat och med skattad effekt",
            ["Perspektiv", "Nivå", "Planerat", "Med skattad effekt", "Sannolikhet för vinst"],
            [
                [p["name"], p["level"], p["planned"], p["realised"], p["realised_probability"]]
                for p in view.perspectives
            ],
            numeric=frozenset({2, 3, 4}),
        ),
    ]


def component_blocks(initiative: Initiative) -> list[Block]:
    components = ComponentAssessment.objects.filter(initiative=initiative)
    if not components:
        return [Paragraph("Ingen komponentanalys är gjord.", note=True)]
    return [
        Table(
            "Vilka delar fungerade, vilka inte, varför och i vilket sammanhang",
            ["Komponent", "Fungerade", "Varför", "Sammanhang"],
            [[c.component, c.get_verdict_display(), c.why, c.context or "–"] for c in components],
        )
    ]


def _stakeholders(initiative: Initiative) -> list[Block]:
    stakeholders = Stakeholder.objects.filter(initiative=initiative)
    notes = InterviewNote.objects.filter(initiative=initiative).order_by("held_on", "id")
    blocks: list[Block] = []
    if stakeholders:
        blocks.append(
            Table(
                "Intressentanalys",
                ["Intressent", "Koppling till satsningen", "Metod", "Information"],
                [[s.name, s.relation, s.get_method_display(), s.information] for s in stakeholders],
            )
        )
    if notes:
        blocks.append(
            Table(
                "Intervjuer och fokusgrupper (anteckningarna finns hos utvärderarna)",
                ["Datum", "Slag", "Ämne", "Intressenter"],
                [
                    [
                        f"{n.held_on:%Y-%m-%d}",
                        n.get_kind_display(),
                        n.topic,
                        ", ".join(s.name for s in n.stakeholders.all()) or "–",
                    ]
                    for n in notes
                ],
            )
        )
    return blocks or [Paragraph("Ingen intressentanalys är gjord.", note=True)]


def final_report_for(initiative: Initiative) -> DecisionDocument:
    """The final report in Swedish, from the stored runs and records."""
    with translation.override("sv"):
        run = implementation.main_run(initiative)
        sections = [
            Section("summary", "Sammanfattning", summary_blocks(initiative, run)),
            Section(
                "results",
                "Resultat mot jämförelsealternativ och framgångskriterier",
                _results(initiative, run),
            ),
            Section("fidelity", "Genomförandetrohet och räckvidd", _fidelity(initiative)),
            Section("economics", "Ekonomiskt resultat", _economics(initiative)),
            Section("components", "Komponentanalys", component_blocks(initiative)),
            Section("stakeholders", "Intressenter och underlag", _stakeholders(initiative)),
        ]
        return document_of(initiative, "Slutrapport", sections)
