"""Write paths for evaluation: store an outcome dataset version, start a run, keep the
qualitative records and the implementation plan. Each is one transaction with an audit record;
invalid input saves nothing."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from sikt.web import policy, queue
from sikt.web.audit import personal
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.design.models import Stakeholder, SuccessCriterion
from sikt.web.evaluation import compute, economics
from sikt.web.evaluation.importing import Records
from sikt.web.evaluation.models import (
    EconomicEvaluation,
    EvaluationRun,
    ImplementationPlan,
    InterviewNote,
    OutcomeDataset,
)
from sikt.web.initiatives.models import Initiative

M = TypeVar("M", bound=models.Model)


def dataset_store(
    *,
    actor: Any,
    initiative: Initiative,
    records: Records,
    file_name: str,
    fictional: bool = False,
) -> OutcomeDataset:
    """Store validated, pseudonymised records as the initiative's next dataset version."""
    policy.require(actor, policy.Action.CREATE, initiative, model=OutcomeDataset)
    with transaction.atomic():
        Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
        last = OutcomeDataset.objects.filter(initiative=initiative).aggregate(v=Max("version"))
        dataset = OutcomeDataset.objects.create(
            initiative=initiative,
            version=(last["v"] or 0) + 1,
            file_name=file_name[:255],
            columns=records.columns,
            rows=records.rows,
            sha256=records.sha256,
            n_treated=records.n_treated,
            n_control=records.n_control,
            fictional=fictional,
            uploaded_by=actor,
        )
        audit.record(
            actor=actor,
            instance=dataset,
            action=AuditEntry.Action.CREATE,
            note=f"{file_name[:100]}: {len(records.rows)} records, sha256 {records.sha256[:12]}",
        )
    return dataset


def run_start(
    *,
    actor: Any,
    dataset: OutcomeDataset,
    estimator: str,
    options: dict[str, Any],
    criterion: SuccessCriterion | None = None,
    seed: int = 1,
) -> EvaluationRun:
    """Queue an estimation on ``dataset`` as a background task; raises
    :class:`sikt.web.queue.QueueFull` when the user already has the most runs allowed."""
    from sikt.web.evaluation.tasks import run_evaluation_task

    policy.require(actor, policy.Action.CREATE, dataset.initiative, model=EvaluationRun)
    if criterion is not None and policy.organization_of(criterion) != policy.organization_of(
        dataset
    ):
        raise ValueError("criterion of another organisation")
    queue.check_capacity(actor)
    with transaction.atomic():
        run = EvaluationRun.objects.create(
            dataset=dataset,
            estimator=estimator,
            options=options,
            criterion=criterion,
            seed=seed,
            software_version=compute.software_version(),
            inputs_sha256=compute.inputs_hash(dataset.sha256, estimator, options, seed),
            requested_by=actor,
        )
        audit.record(
            actor=actor,
            instance=run,
            action=AuditEntry.Action.CREATE,
            note=f"{estimator} on data version {dataset.version} queued",
        )
        personal.record_access(
            actor=actor,
            dataset=dataset,
            kind=personal.Kind.ANALYSIS,
            note=f"Skattning {estimator} på version {dataset.version} begärd",
        )
    organization = dataset.initiative.organization
    transaction.on_commit(
        lambda: queue.enqueue(run_evaluation_task, run.pk, user=actor, organization=organization)
    )
    return run


def run_repeat(*, actor: Any, run: EvaluationRun) -> EvaluationRun:
    """Run again with the same data version, estimator, options and seed."""
    return run_start(
        actor=actor,
        dataset=run.dataset,
        estimator=run.estimator,
        options=run.options,
        criterion=run.criterion,
        seed=run.seed,
    )


def economic_evaluation_create(
    *, actor: Any, run: EvaluationRun, outcome_key: str, from_year: int | None = None
) -> EconomicEvaluation:
    """Recompute the decided calculation with ``run``'s estimated effect for ``outcome_key``.
    Raises :class:`~sikt.web.evaluation.economics.EconomicsError` when there is no decided
    calculation or the run has no usable estimate; nothing is saved then."""
    from sikt.web.calculations.frozen import decided_calculation
    from sikt.web.unitcosts.selectors import library_for

    initiative = run.dataset.initiative
    policy.require(actor, policy.Action.CREATE, initiative, model=EconomicEvaluation)
    if run.status != EvaluationRun.Status.DONE:
        raise economics.EconomicsError(
            "Skattningen är inte klar.", "The estimate has not finished."
        )
    frozen = decided_calculation(initiative)
    if not frozen or not frozen.get("case") or not frozen.get("repayment_plan"):
        raise economics.EconomicsError(
            "Satsningen har ingen kalkyl som frystes vid ett beviljande beslut.",
            "The initiative has no calculation frozen at an approving decision.",
        )
    figures = economics.evaluate(
        frozen=frozen,
        run_result=run.result,
        outcome_key=outcome_key,
        library=library_for(initiative.organization),
        from_year=from_year or timezone.localdate().year,
        seed=run.seed,
    )
    with transaction.atomic():
        evaluation = EconomicEvaluation.objects.create(
            run=run,
            outcome_key=outcome_key,
            figures=figures,
            calculation_hash=str(frozen.get("content_hash", ""))[:64],
            created_by=actor,
        )
        audit.record(
            actor=actor,
            instance=evaluation,
            action=AuditEntry.Action.CREATE,
            note=f"effect ratio {figures['effect_ratio']:.3f} for {outcome_key}",
        )
    return evaluation


def economic_revision_propose(*, actor: Any, evaluation: EconomicEvaluation) -> int:
    """Propose to the fund the repayments the economic evaluation implies: one revision per
    committee and year (from its ``from_year``) whose amount changes, through the fund's own
    service. Returns the number proposed."""
    from sikt.web.accounts.models import Committee
    from sikt.web.calculations.frozen import decided_calculation
    from sikt.web.funds.services.repayments import repayment_revision_propose

    initiative = evaluation.run.dataset.initiative
    frozen = decided_calculation(initiative) or {}
    mapping: dict[str, int] = frozen.get("committee_map") or {}
    figures = evaluation.figures
    planned, revised = figures["planned_plan"], figures["revised_plan"]
    reason = (
        f"Ekonomisk utvärdering: skattad effekt {figures['realised_effect']:.3f} mot planerad "
        f"{figures['planned_effect']:.3f} ({figures['outcome_name']})."
    )
    count = 0
    with transaction.atomic():
        for key in revised["committees"]:
            committee_id = mapping.get(key)
            committee = (
                None
                if committee_id is None
                else Committee.objects.filter(
                    pk=committee_id, organization=initiative.organization
                ).first()
            )
            if committee is None:
                continue
            for index, year in enumerate(revised["years"]):
                before = round(planned["repayments"][key][index] * 100)
                after = round(revised["repayments"][key][index] * 100)
                if year < figures["from_year"] or before == after:
                    continue
                repayment_revision_propose(
                    actor=actor,
                    initiative=initiative,
                    committee=committee,
                    year=year,
                    amount_ore=after,
                    reason=reason,
                    source=f"Ekonomisk utvärdering {evaluation.pk}",
                )
                count += 1
        EconomicEvaluation.objects.filter(pk=evaluation.pk).update(
            revision_proposed_at=timezone.now()
        )
    return count


# --- The qualitative records and the implementation plan (issue 11 items 4 and 5) -----------


def record_create(*, actor: Any, initiative: Initiative, instance: M) -> M:
    """Save a new note, component assessment or implementation plan of ``initiative``."""
    policy.require(actor, policy.Action.CREATE, initiative, model=type(instance))
    if getattr(instance, "initiative_id", None) != initiative.pk:
        raise ValidationError("The record belongs to another initiative.")
    return audit.create(actor, instance)


def record_update(*, actor: Any, instance: M, **values: Any) -> M:
    """Change a record; a form loaded before someone else's save is refused (locking)."""
    policy.require(actor, policy.Action.CHANGE, instance)
    return audit.update(actor, instance, **values)


def record_delete(*, actor: Any, instance: models.Model) -> None:
    policy.require(actor, policy.Action.DELETE, instance)
    audit.delete(actor, instance)


@transaction.atomic
def note_save(
    *,
    actor: Any,
    initiative: Initiative,
    note: InterviewNote,
    stakeholders: list[Stakeholder],
    **values: Any,
) -> InterviewNote:
    """Create or change an interview or focus-group note and the stakeholders it is linked to
    (the links are written to the audit trail with the note)."""
    if any(s.initiative_id != initiative.pk for s in stakeholders):
        raise ValidationError({"stakeholders": "A stakeholder of another initiative."})
    before = sorted(note.stakeholders.values_list("name", flat=True)) if note.pk else []
    if note.pk is None:
        note.written_by = actor if getattr(actor, "is_authenticated", False) else None
        note = record_create(actor=actor, initiative=initiative, instance=note)
    else:
        note = record_update(actor=actor, instance=note, **values)
    note.stakeholders.set(stakeholders)
    after = sorted(s.name for s in stakeholders)
    if after != before:
        audit.record(
            actor=actor,
            instance=note,
            action=AuditEntry.Action.UPDATE,
            changes={"stakeholders": [before, after]},
        )
    return note


def plan_save(
    *, actor: Any, initiative: Initiative, plan: ImplementationPlan
) -> ImplementationPlan:
    """Create or change the initiative's implementation plan (one per initiative)."""
    if plan.pk is None:
        return record_create(actor=actor, initiative=initiative, instance=plan)
    return record_update(actor=actor, instance=plan)
