"""Individual-level measurements and their distributions per group (SKL 004 §3: variation, not
only averages) for the web pages.

A file of one measured value per person is validated and pseudonymised while it is read
(:func:`sikt.analysis.individuals.read_measurements`); only pseudonyms and age bands reach the
organisation's store. The page asks :func:`sikt.analysis.variation.distribution` for the
percentiles, dispersion and shares on each side of the analyst's cut-off per group, every count
suppressed with secondary suppression, and lists the groups whose mean lies furthest from the
overall mean — the groups an average hides. Every view is logged, as for the flow analysis.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sikt import charts
from sikt.analysis.datasets import dataset_table, save_dataset
from sikt.analysis.individuals import read_measurements
from sikt.analysis.suppression import TOTAL
from sikt.analysis.variation import Distribution, GroupStats, distribution
from sikt.files import xlsx_row
from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.audit import personal
from sikt.web.audit import services as audit
from sikt.web.needs.flows import secret_for
from sikt.web.needs.models import MeasurementDataset
from sikt.web.needs.store import store_for

#: At most this many groups are drawn in the chart (the table shows them all).
CHART_GROUPS = 24


def measurement_dataset_upload(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    value_label: str,
    name: str,
    data: bytes,
) -> MeasurementDataset:
    """Validate and pseudonymise a file of measurements and keep it; raises
    :class:`~sikt.analysis.importers.ImportRejected` (rows and rules, never a number) and keeps
    nothing on any error."""
    policy.require(actor, policy.Action.CREATE, organization, model=MeasurementDataset)
    measured = read_measurements(name, data, secret=secret_for(organization))
    with transaction.atomic():
        dataset = audit.create(
            actor,
            MeasurementDataset(
                organization=organization,
                title=title,
                value_label=value_label,
                file_name=name,
                rows=measured.table.num_rows,
                persons=measured.persons,
                dimensions=list(measured.dimensions),
            ),
        )
        save_dataset(store_for(organization), dataset.dataset_name, measured.table)
    return dataset


def distribution_of(
    actor: Any,
    dataset: MeasurementDataset,
    by: Sequence[str],
    *,
    cut: float | None,
    threshold: int,
    export: str = "",
) -> Distribution:
    """The suppressed distribution of the dataset's value per group; the view — or the export
    in format ``export`` — is recorded in the access log of personal data."""
    policy.require(actor, policy.Action.VIEW, dataset)
    unknown = [name for name in by if name not in dataset.dimensions]
    if unknown:
        raise ValueError(f"not a grouping column of the dataset: {', '.join(unknown)}")
    with dataset_table(store_for(dataset.organization), dataset.dataset_name) as table:
        result = distribution(table, "value", list(by), cut=cut, threshold=threshold)
    personal.record_access(
        actor=actor,
        dataset=dataset,
        kind=personal.Kind.EXPORT if export else personal.Kind.VIEW,
        note=(
            (f"Fördelning exporterad ({export.upper()})" if export else "Fördelning visad")
            + f": {' × '.join(by)}"
            + (f", gräns {cut:g}" if cut is not None else "")
            + f", minsta cell {threshold}"
        ),
    )
    return result


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One line of the page's table: the group's name and its published figures."""

    label: str
    level: int
    stats: GroupStats

    @property
    def percentiles(self) -> list[float | None]:
        return [value for _q, value in self.stats.percentiles] or [None] * 5


def group_label(key: Sequence[str], total_label: str) -> str:
    """``K × Norr``; a margin names only its own categories, the grand total ``total_label``."""
    parts = [part for part in key if part != TOTAL]
    return " × ".join(parts) if parts else total_label


def group_rows(result: Distribution, total_label: str) -> list[GroupRow]:
    """The grand total first, then each margin, then the interior cells (in category order)."""
    rows = [
        GroupRow(group_label(g.key, total_label), len(g.key) - g.key.count(TOTAL), g)
        for g in result.groups
    ]
    rows.sort(key=lambda row: (row.level, row.stats.key))
    return rows


def spread_chart(result: Distribution, title: str, value_label: str, labels: Sequence[str]) -> str:
    """P25, median and P75 per interior group (a hidden group or percentile is left out): the
    quartiles are published for groups from 20 persons, P10 and P90 only from 50."""
    return charts.svg(_spread(result, title, value_label, labels), height=3.8)


def spread_png(result: Distribution, title: str, value_label: str, labels: Sequence[str]) -> bytes:
    return charts.png(_spread(result, title, value_label, labels), height=3.8)


def _spread(
    result: Distribution, title: str, value_label: str, labels: Sequence[str]
) -> charts.BarChart:
    level = len(result.dimensions)
    shown = [
        row
        for row in group_rows(result, "")
        if row.level == level and row.stats.n and not row.stats.suppressed
    ][:CHART_GROUPS]
    chosen = {0.25: labels[0], 0.5: labels[1], 0.75: labels[2]}
    series = []
    for quantile, label in chosen.items():
        values = []
        for row in shown:
            value = dict(row.stats.percentiles).get(quantile)
            values.append(math.nan if value is None else round(value, 2))
        series.append((label, tuple(values)))
    return charts.BarChart(
        title=title,
        categories=tuple(row.label for row in shown),
        series=tuple(series),
        value_label=value_label,
        money=False,
    )


def distribution_xlsx(
    result: Distribution, dataset: MeasurementDataset, headings: Sequence[str], total_label: str
) -> bytes:
    """The page's table as an XLSX sheet; suppressed figures stay empty cells."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Fördelning"
    sheet.append(xlsx_row(sheet, [dataset.title, dataset.value_label]))
    sheet.append(xlsx_row(sheet, headings))
    for row in group_rows(result, total_label):
        s = row.stats
        sheet.append(
            xlsx_row(
                sheet,
                [
                    row.label,
                    s.n,
                    s.mean,
                    s.sd,
                    *row.percentiles,
                    s.below,
                    s.share_below,
                    s.at_or_above,
                    s.share_at_or_above,
                ],
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
