"""The access log of personal data: record every view, export or analysis of an
individual-level dataset (:class:`~sikt.web.audit.models.PersonalDataAccess`).

Apps whose records hold individual-level data (the evaluation's outcome datasets, the needs
analysis's event and measurement datasets) call :func:`record_access` wherever such data are
shown, exported or analysed — in the same place they check the policy — so the log cannot be
bypassed by a new page that reuses the service.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from sikt.web.audit.models import PersonalDataAccess
from sikt.web.policy import organization_of

Kind = PersonalDataAccess.Kind


def record_access(*, actor: Any, dataset: models.Model, kind: str, note: str = "") -> None:
    """Log that ``actor`` viewed, exported or analysed ``dataset`` (now)."""
    organization = organization_of(dataset)
    if organization is None:
        raise ValueError(f"{dataset!r} belongs to no organisation")
    PersonalDataAccess.objects.create(
        organization=organization,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=getattr(actor, "username", "") or "",
        kind=Kind(kind),
        content_type=ContentType.objects.get_for_model(dataset, for_concrete_model=True),
        object_id=str(dataset.pk),
        dataset=str(dataset)[:300],
        note=note[:500],
    )
