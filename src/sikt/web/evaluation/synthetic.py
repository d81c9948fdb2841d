"""Generated, fictional outcome records for the demo and the tests (never real people).

A matched-comparison situation: participation depends on age and earlier placements (so the
raw difference is biased), the outcome — a placement within a year (0/1) — falls with
participation by ``effect`` (a risk difference) and rises with earlier placements.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import numpy as np

from sikt.web.evaluation.importing import GROUP, OUTCOME, PERSON

COVARIATES = ("alder", "tidigare_placeringar", "flicka")


def generate(
    n: int = 240, *, seed: int = 11, effect: float = -0.15
) -> tuple[list[str], list[list[Any]]]:
    """``n`` people: columns person, grupp, utfall and :data:`COVARIATES`."""
    rng = np.random.default_rng(seed)
    age = rng.integers(12, 18, size=n)
    earlier = rng.poisson(1.0, size=n)
    girl = rng.integers(0, 2, size=n)
    logit = -1.2 + 0.25 * (age - 15) + 0.5 * earlier
    treated = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    base = np.clip(0.25 + 0.08 * earlier + 0.02 * (age - 15), 0.02, 0.95)
    risk = np.clip(base + effect * treated, 0.01, 0.99)
    outcome = rng.random(n) < risk
    rows = [
        [f"demo-{i + 1:05d}", int(treated[i]), int(outcome[i]), int(age[i]), int(earlier[i]),
         int(girl[i])]
        for i in range(n)
    ]  # fmt: skip
    return [PERSON, GROUP, OUTCOME, *COVARIATES], rows


def csv_bytes(columns: list[str], rows: list[list[Any]]) -> bytes:
    """The records as a semicolon CSV, as a Swedish Excel would save them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [str(v).replace(".", ",") if isinstance(v, float) and math.isfinite(v) else v
             for v in row]
        )  # fmt: skip
    return out.getvalue().encode("utf-8")
