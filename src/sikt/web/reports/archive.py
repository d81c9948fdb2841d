"""Keeping the decision documents: rendered once at each decision, served from the kept bytes.

:func:`decision_documents_keep` is registered as a decision listener
(:mod:`sikt.web.initiatives.events`) from ``ReportsConfig.ready()``, so it runs inside the
decision's transaction for every decision the workflow records — clearing, recommendation,
approval, rejection and the decisions on an amendment. The document is assembled from the records
as they stand at that moment, which is exactly what the decision rests on (the application is
read-only from then on). Each file's SHA-256 is written in the audit trail with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sikt.web.audit import services as audit
from sikt.web.initiatives.models import Decision
from sikt.web.reports.assemble import decision_document_for
from sikt.web.reports.models import StoredDocument
from sikt.web.reports.render_docx import render_docx
from sikt.web.reports.render_pdf import render_pdf

RENDERERS = ((StoredDocument.Format.PDF, render_pdf), (StoredDocument.Format.DOCX, render_docx))


#: Off while the demo is seeded: rendering some 40 demo decisions' documents would make every
#: demo start (and every browser test) slower by a minute; the demo's decisions then have none.
_KEEPING: ContextVar[bool] = ContextVar("keeping_decision_documents", default=True)


@contextmanager
def documents_not_kept() -> Iterator[None]:
    """Within the block, decisions keep no documents (seeding the demo data)."""
    token = _KEEPING.set(False)
    try:
        yield
    finally:
        _KEEPING.reset(token)


def decision_documents_keep(*, decision: Decision, actor: Any) -> None:
    """Render the decision material of ``decision`` as PDF and DOCX and keep the bytes."""
    if not _KEEPING.get():
        return
    document = decision_document_for(decision.initiative)
    for fmt, render in RENDERERS:
        content = render(document)
        audit.create(
            actor,
            StoredDocument(
                decision=decision,
                format=fmt,
                file_name=f"{document.file_stem}-beslut-{decision.pk}.{fmt}",
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                size=len(content),
            ),
        )


def documents_of(decision: Decision) -> list[StoredDocument]:
    """The kept documents of ``decision`` (without their bytes)."""
    return list(StoredDocument.objects.filter(decision=decision).defer("content"))
