"""Write paths for calculations: save a case (validate → compute → store), start a background
Monte Carlo run, review. Each is one transaction with an audit record; on invalid input
(:class:`sikt.calc.InputError`) nothing is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from sikt.calc import InputError, example_case_paths, load_case
from sikt.web import policy, queue
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.calculations import compute
from sikt.web.calculations.models import Calculation, CalculationReview, CalculationRun
from sikt.web.initiatives.models import Initiative
from sikt.web.unitcosts.selectors import library_for

#: Draw counts offered for a background run (at most ``sikt.calc.montecarlo.MAX_DRAWS``).
RUN_DRAWS = (100_000, 500_000, 1_000_000)


def _store(calculation: Calculation, computed: compute.Computed) -> None:
    calculation.result = computed.result
    calculation.repayment_plan = computed.repayment_plan
    calculation.sensitivity = computed.sensitivity
    calculation.monte_carlo = computed.monte_carlo
    calculation.computed_at = timezone.now()


def calculation_save_case(
    *, actor: Any, initiative: Initiative, data: dict[str, Any], note: str = ""
) -> Calculation:
    """Create or replace the initiative's case. Validates with ``sikt.calc`` against the
    organisation's library and committees, computes, stores. Raises :class:`InputError`."""
    existing = Calculation.objects.filter(initiative=initiative).first()
    if existing is None:
        policy.require(actor, policy.Action.CREATE, initiative, model=Calculation)
    else:
        policy.require(actor, policy.Action.CHANGE, existing)
    library = library_for(initiative.organization)
    case, mapping = compute.validate(data, initiative.organization, library)
    computed = compute.compute(case, library)
    with transaction.atomic():
        if existing is None:
            calculation = Calculation(
                initiative=initiative, case=computed.case, committee_map=mapping
            )
            _store(calculation, computed)
            return audit.create(actor, calculation)
        _store(existing, computed)
        audit.update(actor, existing, case=computed.case, committee_map=mapping)
        Calculation.objects.filter(pk=existing.pk).update(
            result=existing.result,
            repayment_plan=existing.repayment_plan,
            sensitivity=existing.sensitivity,
            monte_carlo=existing.monte_carlo,
            computed_at=existing.computed_at,
        )
        if note:
            audit.record(actor=actor, instance=existing, action=AuditEntry.Action.UPDATE, note=note)
        return existing


def example_data(key: str) -> dict[str, Any]:
    """A worked example case (``placeringar-unga`` …) as data; ``KeyError`` if unknown."""
    from sikt.calc import case_to_dict

    paths = {path.stem: path for path in example_case_paths()}
    return case_to_dict(load_case(paths[key]))


def example_keys() -> list[tuple[str, str]]:
    """(key, name) of the worked example cases."""
    return [(path.stem, load_case(path).name) for path in example_case_paths()]


def case_file_data(path: Path, name: str, initiative: Initiative) -> dict[str, Any]:
    """Read and validate a YAML/JSON case file against the organisation's library; errors
    name ``name`` (the file the user chose)."""
    from sikt.calc import case_to_dict

    try:
        return case_to_dict(load_case(path, library_for(initiative.organization)))
    except InputError as error:
        raise InputError(name, error.issues) from None


def calculation_start_run(
    *, actor: Any, calculation: Calculation, draws: int, seed: int = compute.SEED
) -> CalculationRun:
    """Queue a Monte Carlo run with ``draws`` draws as a background task; raises
    :class:`sikt.web.queue.QueueFull` when the user already has the most runs allowed."""
    from sikt.web.calculations.tasks import run_monte_carlo_task

    policy.require(actor, policy.Action.CHANGE, calculation)
    if draws not in RUN_DRAWS:
        raise ValueError(draws)
    queue.check_capacity(actor)
    with transaction.atomic():
        run = CalculationRun.objects.create(
            calculation=calculation,
            draws=draws,
            seed=seed,
            case=calculation.case,
            requested_by=actor,
        )
        audit.record(
            actor=actor,
            instance=calculation,
            action=AuditEntry.Action.UPDATE,
            note=f"Monte Carlo {draws} draws queued",
        )
    organization = calculation.initiative.organization
    transaction.on_commit(
        lambda: queue.enqueue(run_monte_carlo_task, run.pk, user=actor, organization=organization)
    )
    return run


def calculation_review(
    *, actor: Any, calculation: Calculation, verdict: str, comment: str
) -> CalculationReview:
    """Record an economist's review (reviewed / needs changes) with a comment, tied to the
    version of the calculation reviewed: a later edit means it no longer counts."""
    from sikt.web.calculations.frozen import calculation_hash

    policy.require(actor, policy.Action.REVIEW, calculation)
    return audit.create(
        actor,
        CalculationReview(
            calculation=calculation,
            reviewer=actor,
            verdict=verdict,
            comment=comment,
            content_hash=calculation_hash(calculation),
        ),
    )


def seed_calculation_for(initiative: Initiative, example_key: str) -> Calculation:
    """Attach a worked example case (mapped onto the demo committees) with computed results.

    For the demo: the organisation must have the example's committees (Exempelby kommun has
    them) and the starter unit-cost library (``seed_demo`` adds it). Idempotent: an existing
    calculation is returned unchanged.
    """
    existing = Calculation.objects.filter(initiative=initiative).first()
    if existing is not None:
        return existing
    data = example_data(example_key)
    data["organisation"] = initiative.organization.name
    library = library_for(initiative.organization)
    case, mapping = compute.validate(data, initiative.organization, library)
    computed = compute.compute(case, library)
    calculation = Calculation(initiative=initiative, case=computed.case, committee_map=mapping)
    _store(calculation, computed)
    return audit.create(None, calculation)
