"""The web's bridge to ``sikt.calc``: validate a case against the organisation, compute, store.

Why: the formulas live in ``sikt.calc`` only; this module adds what the web knows — the
organisation's unit-cost library and which of its committees each committee bearer is — and
turns results into JSON for the database. Committee bearers are matched to the organisation's
Committee records by key: the committee name in lower case with å/ä/ö as a/a/o and spaces and
hyphens as ``_`` (``Kultur- och fritidsnämnden`` → ``kultur_och_fritidsnamnden``), as in the
worked examples.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sikt.calc import (
    BearerKind,
    Case,
    InputError,
    Issue,
    MonteCarloResult,
    RepaymentPlan,
    Result,
    Sensitivity,
    UnitCostLibrary,
    case_to_dict,
    load_case,
    propose_repayment_plan,
    run_deterministic,
    run_monte_carlo,
    run_scenarios,
    run_sensitivity,
)
from sikt.calc.sensitivity import ScenarioResult
from sikt.text import Text
from sikt.web.accounts.models import Committee, Organization
from sikt.web.unitcosts.selectors import library_for

#: Draws of the Monte Carlo run made with every save (≈0.05 s); more draws run in the background.
QUICK_DRAWS = 10_000
SEED = 1


def committee_key(name: str) -> str:
    """The case key of a committee: ``Socialnämnden`` → ``socialnamnden``."""
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_") or "namnd"


def map_committees(case: Case, organization: Organization) -> dict[str, int]:
    """``{bearer key: Committee pk}`` for every committee bearer; raises :class:`InputError`
    naming each committee bearer without a matching active committee."""
    committees = {
        committee_key(c.name): c.pk
        for c in Committee.objects.filter(organization=organization, is_active=True)
    }
    mapping: dict[str, int] = {}
    issues: list[Issue] = []
    for index, bearer in enumerate(case.bearers):
        if bearer.kind is not BearerKind.COMMITTEE:
            continue
        pk = committees.get(bearer.key) or committees.get(committee_key(bearer.name))
        if pk is None:
            issues.append(
                Issue(
                    f"bearers[{index}]",
                    Text(
                        f"ingen nämnd i organisationen motsvarar '{bearer.key}' ({bearer.name}); "
                        "lägg till nämnden eller byt nyckel",
                        f"no committee of the organisation matches '{bearer.key}' "
                        f"({bearer.name}); add the committee or change the key",
                    ),
                )
            )
        else:
            mapping[bearer.key] = pk
    if issues:
        raise InputError("case", issues)
    return mapping


def validate(
    data: Mapping[str, Any], organization: Organization, library: UnitCostLibrary | None = None
) -> tuple[Case, dict[str, int]]:
    """Validate ``data`` with ``sikt.calc.load_case`` against the organisation's library and
    map its committee bearers; raises :class:`InputError` with every issue."""
    library = library if library is not None else library_for(organization)
    case = load_case(data, library)
    return case, map_committees(case, organization)


@dataclass(frozen=True)
class Computed:
    """Everything stored with a calculation, as JSON-ready dicts."""

    case: dict[str, Any]
    result: dict[str, Any]
    repayment_plan: dict[str, Any]
    sensitivity: dict[str, Any]
    monte_carlo: dict[str, Any]


def compute(case: Case, library: UnitCostLibrary) -> Computed:
    """Deterministic result, repayment plan, sensitivity (organisation) and a quick Monte
    Carlo run — all by ``sikt.calc``."""
    result = run_deterministic(case, library)
    plan = propose_repayment_plan(case, result, library)
    sensitivity = run_sensitivity(case, "organisation", library)
    monte_carlo = run_monte_carlo(case, QUICK_DRAWS, SEED, library)
    return Computed(
        case=case_to_dict(case),
        result=result.model_dump(mode="json"),
        repayment_plan=plan.model_dump(mode="json"),
        sensitivity=sensitivity.model_dump(mode="json"),
        monte_carlo=monte_carlo.model_dump(mode="json"),
    )


def preview(data: Mapping[str, Any], organization: Organization) -> Result | None:
    """The deterministic result of ``data`` as typed (nothing stored), or ``None`` while the
    case is not valid yet — for the figures shown during editing."""
    library = library_for(organization)
    try:
        return run_deterministic(load_case(data, library), library)
    except InputError:
        return None


def scenarios(data: Mapping[str, Any], organization: Organization) -> list[ScenarioResult]:
    """The expected case and each scenario of the stored case, deterministically."""
    library = library_for(organization)
    return run_scenarios(load_case(data, library), library)


def simulate(
    case: Case,
    library: UnitCostLibrary,
    draws: int,
    seed: int,
    progress: Callable[[int, int], None],
) -> dict[str, Any]:
    """A Monte Carlo run with about 20 progress reports. The draws are the CLI's for the same
    case and seed (``sikt calc run --draws N --seed S``): the same chunks, only fewer reports."""
    step = max(1, draws // 20)
    reported = [0]

    def report(done: int, total: int) -> None:
        if done - reported[0] >= step or done == total:
            reported[0] = done
            progress(done, total)

    return run_monte_carlo(case, draws, seed, library, progress=report).model_dump(mode="json")


def load_result(data: Mapping[str, Any]) -> Result:
    return Result.model_validate(data)


def load_plan(data: Mapping[str, Any]) -> RepaymentPlan:
    return RepaymentPlan.model_validate(data)


def load_monte_carlo(data: Mapping[str, Any]) -> MonteCarloResult | None:
    return MonteCarloResult.model_validate(data) if data else None


def load_sensitivity(data: Mapping[str, Any]) -> Sensitivity | None:
    return Sensitivity.model_validate(data) if data else None
