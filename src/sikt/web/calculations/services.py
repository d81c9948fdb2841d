"""Write paths for calculations: save a case (validate → compute → store), start a background
Monte Carlo run, review. Each is one transaction with an audit record; on invalid input
(:class:`sikt.calc.InputError`) nothing is saved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt.calc import InputError, example_case_paths, load_case
from sikt.web import policy, queue
from sikt.web.accounts.models import Committee
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.calculations import builder, compute
from sikt.web.calculations.compute import committee_key
from sikt.web.calculations.models import (
    Calculation,
    CalculationReview,
    CalculationRun,
    TypeCaseSource,
)
from sikt.web.initiatives.models import Initiative
from sikt.web.unitcosts.models import UnitCostEntry
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
        kept = [item["key"] for item in computed.case.get("type_cases", [])]
        for source in TypeCaseSource.objects.filter(calculation=existing).exclude(key__in=kept):
            audit.delete(actor, source, note="Typfallet togs bort ur kalkylen")
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


@dataclass(frozen=True)
class TypeCaseOrigin:
    """Where a shared type case comes from: the adoption's provenance."""

    publisher: str
    model: str
    version: int


def type_case_copy(
    *, actor: Any, calculation: Calculation, item: dict[str, Any], origin: TypeCaseOrigin
) -> TypeCaseSource:
    """Copy a shared type case (an adopted model's, :mod:`sikt.web.sharing.content`) into
    ``calculation`` and record where it came from; returns the record (its ``key`` names the
    type case in the case).

    Its bearers are mapped onto the organisation's committees by name (and the case's other
    bearers by kind), its own unit costs added to the case's, the library unit costs its lines
    use taken from the organisation's library (where adopting the model put them). A committee
    bearer without a matching committee, or a unit cost missing from the library, refuses the
    copy with a message naming it and nothing is written. The case is then saved like any
    edit (:func:`calculation_save_case`: the policy and the lock of a decided calculation,
    validation, computation, audit)."""
    policy.require(actor, policy.Action.CHANGE, calculation)
    organization = calculation.initiative.organization
    committees = {
        committee_key(c.name): (c.pk, c.name)
        for c in Committee.objects.filter(organization=organization, is_active=True)
    }
    library = set(
        UnitCostEntry.objects.filter(organization=organization).values_list("key", flat=True)
    )
    copied = builder.copy_type_case(
        calculation.case,
        item,
        committees=committees,
        committee_map=calculation.committee_map,
        library=library,
    )
    problems = []
    if copied.unmatched_bearers:
        problems.append(
            _(
                "No committee of your organisation has the name of these cost bearers of the "
                "type case: %(names)s. Add the committee (or rename yours to match) and try "
                "again; nothing was added."
            )
            % {"names": ", ".join(copied.unmatched_bearers)}
        )
    if copied.missing_unit_costs:
        problems.append(
            _(
                "The type case uses unit costs your unit-cost library does not have: "
                "%(keys)s. Adopting the model adds them; adopt it again or add them."
            )
            % {"keys": ", ".join(copied.missing_unit_costs)}
        )
    if problems:
        raise ValidationError(problems)
    source = item.get("source") or {}
    note = f"Typfall “{item['name']}” från {origin.model} v{origin.version} ({origin.publisher})"
    with transaction.atomic():
        try:
            calculation_save_case(
                actor=actor, initiative=calculation.initiative, data=copied.data, note=note
            )
        except InputError as error:
            language = get_language() or "sv"
            raise ValidationError(
                [f"{issue.path}: {issue.message.in_language(language)}" for issue in error.issues]
            ) from None
        TypeCaseSource.objects.filter(calculation=calculation, key=copied.key).delete()
        return audit.create(
            actor,
            TypeCaseSource(
                calculation=calculation,
                key=copied.key,
                name=item["name"],
                publisher_name=origin.publisher,
                model_title=origin.model,
                version_number=origin.version,
                source_initiative=source.get("initiative") or "",
                source_price_year=source.get("price_year"),
                added_by=actor if getattr(actor, "is_authenticated", False) else None,
            ),
        )


def type_case_source(calculation: Calculation, key: str) -> TypeCaseSource | None:
    """Where type case ``key`` of the calculation came from, if it was copied from a shared
    model."""
    return TypeCaseSource.objects.filter(calculation=calculation, key=key).first()
