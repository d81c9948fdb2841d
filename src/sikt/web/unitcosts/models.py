"""The organisation's unit-cost library (*enhetskostnader*) as records economists maintain.

Why: every calculation values its effects with unit costs (SKL's guide 004 §5), and a figure
is only as credible as its source, price year, bearer and confidence grade. The record keeps the
table's original text (``amount_text``, ``unit_text``, ``price_year_text``, ``bearer_text``) —
the columns of :data:`sikt.calc.unit_costs.COLUMNS` — and the values ``sikt.calc`` parsed from
it, so the economist sees what could not be interpreted instead of a silent guess.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.calc.bearers import BearerKind
from sikt.calc.unit_costs import UnitKind
from sikt.web.progress import RunProgress


class UnitCostEntry(models.Model):
    """One unit cost of one organisation, mirroring :class:`sikt.calc.UnitCost`."""

    organization_path: ClassVar[str] = "organization"

    class Unit(models.TextChoices):
        DAY = UnitKind.DAY.value, _("per day")
        MONTH = UnitKind.MONTH.value, _("per month")
        YEAR = UnitKind.YEAR.value, _("per year")
        OCCASION = UnitKind.OCCASION.value, _("per occasion")
        PERSON = UnitKind.PERSON.value, _("per person")
        OTHER = UnitKind.OTHER.value, _("other (free text)")

    class Bearer(models.TextChoices):
        COMMITTEE = BearerKind.COMMITTEE.value, _("committee of the organisation")
        REGION = BearerKind.REGION.value, _("region")
        EMPLOYMENT_SERVICE = BearerKind.EMPLOYMENT_SERVICE.value, _("Public Employment Service")
        SOCIAL_INSURANCE = BearerKind.SOCIAL_INSURANCE.value, _("Social Insurance Agency")
        STATE = BearerKind.STATE.value, _("state (other)")
        INDIVIDUAL = BearerKind.INDIVIDUAL.value, _("individual/household")
        OTHER = BearerKind.OTHER.value, _("others")

    class Confidence(models.TextChoices):
        A = "A", _("A – local, recent, primary source")
        B = "B", _("B – reliable national or primary source")
        C = "C", _("C – secondary, undated or composite")
        D = "D", _("D – rough estimate")

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="unit_costs",
        verbose_name=_("organisation"),
    )
    key = models.CharField(_("key"), max_length=200)
    name_sv = models.TextField(_("name (Swedish)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    amount_text = models.CharField(_("amount as given"), max_length=100)
    amount_sek = models.DecimalField(_("amount (SEK)"), max_digits=16, decimal_places=2)
    lower_sek = models.DecimalField(
        _("lower bound (SEK)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    upper_sek = models.DecimalField(
        _("upper bound (SEK)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    unit_text = models.CharField(_("unit as given"), max_length=200)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    price_year_text = models.CharField(_("price year as given"), max_length=200, blank=True)
    price_year = models.PositiveSmallIntegerField(_("price year"), null=True, blank=True)
    bearer_text = models.CharField(_("cost bearer as given"), max_length=300)
    bearer_kind = models.CharField(
        _("cost bearer"), max_length=32, choices=Bearer.choices, blank=True
    )
    composite = models.BooleanField(_("composite multi-bearer cost"), default=False)
    source_title = models.TextField(_("source title"), blank=True)
    source_publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    source_year = models.CharField(_("source year"), max_length=50, blank=True)
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    quote = models.TextField(_("quote from the source"), blank=True)
    secondary_source = models.BooleanField(_("secondary source"), default=False)
    confidence = models.CharField(
        _("confidence grade"), max_length=1, choices=Confidence.choices, default=Confidence.B
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name_sv", "key"]
        verbose_name = _("unit cost")
        verbose_name_plural = _("unit costs")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organization", "key"], name="unitcost_unique_key_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_sv} ({self.key})"

    def name(self, language: str) -> str:
        """The name in ``language``, falling back to Swedish."""
        return self.name_en if language.startswith("en") and self.name_en else self.name_sv

    @property
    def undated(self) -> bool:
        return self.price_year is None

    @property
    def free_text_unit(self) -> bool:
        return self.unit == self.Unit.OTHER


class UnitCostImport(RunProgress, models.Model):
    """A large unit-cost file being imported in the background, with its progress and outcome.

    Why: a file of tens of thousands of rows takes minutes to check; in the request it blocked
    every write in the app (issue 13 §4). The file's bytes are kept here until the import has
    finished (then cleared), the page polls :attr:`progress`, and the outcome — the counts, or
    every error by row and column — stays for the user to read.
    """

    organization_path: ClassVar[str] = "organization"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking the file")
        WRITING = "writing", _("Saving")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing was imported")

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="unit_cost_imports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(_("file contents"), blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    #: Every error as ``{"file", "row", "column", "rule_sv", "rule_en"}`` (at most MAX_ISSUES).
    issues = models.JSONField(_("errors"), default=list, blank=True)
    issue_count = models.PositiveIntegerField(_("number of errors"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("unit-cost import")
        verbose_name_plural = _("unit-cost imports")

    def __str__(self) -> str:
        return self.file_name
