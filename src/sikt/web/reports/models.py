"""The decision documents as they were rendered when each decision was taken.

A decision is a snapshot (ARCHITECTURE, "Rules learned from the first build"): the PDF and DOCX
of the decision material are rendered once, when the decision is recorded, and their bytes kept
here with their SHA-256 (which the audit trail records too). A download of a decision's document
serves these bytes, so it is the same file byte for byte however the initiative changes later —
through an amendment, say. Kept in the database, so a backup (``sikt backup``) holds them and
they are scoped to the organisation along the decision.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredDocument(models.Model):
    organization_path: ClassVar[str] = "decision__initiative__organization"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word (DOCX)")

    decision = models.ForeignKey(
        "initiatives.Decision",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("decision"),
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["decision_id", "format"]
        verbose_name = _("stored decision document")
        verbose_name_plural = _("stored decision documents")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["decision", "format"], name="one_document_per_format")
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


CONTENT_TYPES: dict[str, str] = {
    StoredDocument.Format.PDF: "application/pdf",
    StoredDocument.Format.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}
