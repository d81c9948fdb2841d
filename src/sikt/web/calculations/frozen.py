"""The calculation as a decision freezes it, and the content hash that ties a review to it.

A decision keeps the calculation's inputs *and* results (deterministic result, Monte Carlo
summary, repayment plan, sensitivity) as they were when it was taken (issue 8 item 1), so the
decided figures never follow a later edit. The same content hash says which version of the case
an economist reviewed: an edit changes the hash, and the review no longer counts as "Granskad".
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils.dateparse import parse_datetime

from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.calculations.models import Calculation, CalculationReview, TypeCaseSource
from sikt.web.initiatives import freezing
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.initiatives.selectors import latest_grant_decision

FREEZER_KEY = "calculation"


def content_hash(case: Any, committee_map: Any) -> str:
    """SHA-256 of the case and its committee mapping (canonical JSON): the calculation's
    version. The results follow from these two and the unit-cost library."""
    canonical = json.dumps(
        {"case": case, "committee_map": committee_map},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def calculation_hash(calculation: Calculation) -> str:
    return content_hash(calculation.case, calculation.committee_map)


def review_applies(review: CalculationReview | None, calculation: Calculation) -> bool:
    """Whether ``review`` was made of the calculation as it now stands."""
    return review is not None and review.content_hash == calculation_hash(calculation)


def _review(calculation: Calculation, digest: str) -> dict[str, Any] | None:
    review = calculation.reviews.select_related("reviewer").first()
    if review is None:
        return None
    return {
        "verdict": review.verdict,
        "verdict_label": str(review.get_verdict_display()),
        "reviewer": str(review.reviewer),
        "comment": review.comment,
        "created_at": review.created_at.isoformat(),
        "content_hash": review.content_hash,
        "applies": review.content_hash == digest,
    }


#: What a decision keeps of each type case's provenance (:class:`TypeCaseSource`).
SOURCE_FIELDS = (
    "key",
    "name",
    "publisher_name",
    "model_title",
    "version_number",
    "source_initiative",
    "source_price_year",
)


def frozen_calculation(initiative: Initiative) -> dict[str, Any] | None:
    """Everything a decision keeps of the initiative's calculation (JSON), or ``None``."""
    calculation = Calculation.objects.filter(initiative=initiative).first()
    if calculation is None:
        return None
    digest = calculation_hash(calculation)
    return {
        "calculation_id": calculation.pk,
        "content_hash": digest,
        "case": calculation.case,
        "committee_map": calculation.committee_map,
        "result": calculation.result,
        "monte_carlo": calculation.monte_carlo,
        "repayment_plan": calculation.repayment_plan,
        "sensitivity": calculation.sensitivity,
        "computed_at": calculation.computed_at.isoformat() if calculation.computed_at else None,
        "review": _review(calculation, digest),
        "type_case_sources": list(
            calculation.type_case_sources.order_by("key").values(*SOURCE_FIELDS)
        ),
    }


def restore_calculation(initiative: Initiative, data: dict[str, Any], actor: Any) -> None:
    """Put the calculation back as a decision froze it: case, committees and the stored
    results (a rejected amendment returns to the decided version; nothing is recomputed)."""
    calculation = Calculation.objects.filter(initiative=initiative).first()
    if calculation is None:
        return
    audit.update(actor, calculation, case=data["case"], committee_map=data["committee_map"])
    Calculation.objects.filter(pk=calculation.pk).update(
        result=data["result"],
        monte_carlo=data.get("monte_carlo") or {},
        repayment_plan=data["repayment_plan"],
        sensitivity=data.get("sensitivity") or {},
        computed_at=parse_datetime(data["computed_at"]) if data.get("computed_at") else None,
    )
    _restore_sources(calculation, data, actor)
    audit.record(
        actor=actor,
        instance=calculation,
        action=AuditEntry.Action.UPDATE,
        note="Kalkylen återställd till den beslutade versionen",
    )


def _restore_sources(calculation: Calculation, data: dict[str, Any], actor: Any) -> None:
    """The type cases' provenance as the decision kept it: a source of a type case the decided
    case does not have goes (the amendment added it), one the amendment removed comes back.
    A decision taken before provenance was kept (no ``type_case_sources``) only loses the
    sources of type cases its case lacks."""
    keys = {item["key"] for item in data["case"].get("type_cases", [])}
    kept = {source["key"]: source for source in data.get("type_case_sources", [])}
    for source in calculation.type_case_sources.all():
        if source.key not in keys or (
            source.key in kept
            and any(getattr(source, f) != kept[source.key][f] for f in SOURCE_FIELDS)
        ):
            audit.delete(actor, source, note="Kalkylen återställd till den beslutade versionen")
    present = set(calculation.type_case_sources.values_list("key", flat=True))
    for key, source in kept.items():
        if key in keys and key not in present:
            audit.create(actor, TypeCaseSource(calculation=calculation, **source))


def frozen_for_decision(decision: Decision) -> dict[str, Any] | None:
    """The calculation as ``decision`` froze it (``None`` when there was none)."""
    data = freezing.frozen_for(decision, FREEZER_KEY)
    return data if isinstance(data, dict) else None


def decided_calculation(initiative: Initiative) -> dict[str, Any] | None:
    """The calculation frozen at the latest approving decision, or ``None``."""
    decision = latest_grant_decision(initiative)
    return frozen_for_decision(decision) if decision is not None else None
