"""A progress report for one period and the indicator values it holds (DOMAIN §3.4).

Shaped after Akvo RSR's results framework (Indicator → Period → Update → Disaggregation) and
its lessons: values are numbers (``Decimal``, with numerator and denominator for shares), never
text; a report moves draft → submitted → approved or returned with a comment; only approved
reports count; and every sum over reports is an explicit, tested function
(:mod:`sikt.web.followup.status`, :mod:`sikt.web.followup.selectors`), never ``save()`` or
signals.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.followup.states import ReportState

#: The dimension key for the indicator's free-text "other breakdown".
OTHER_DIMENSION = "other"


class ProgressReport(models.Model):
    """What happened in one period: values, activities, reach, attrition, obstacles, lessons.

    Scheduled reports come from the plan's reporting frequency
    (:mod:`sikt.web.followup.schedule`); the coordinator can add reports with other due dates
    (``is_scheduled=False``, with a title).
    """

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="progress_reports",
        verbose_name=_("initiative"),
    )
    is_scheduled = models.BooleanField(_("from the reporting schedule"), default=True)
    #: The reporting frequency the window came from (for its label), or "" for added reports.
    frequency = models.CharField(_("frequency"), max_length=16, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due"), db_index=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=ReportState.choices,
        default=ReportState.DRAFT,
        db_index=True,
    )
    participants_total = models.PositiveIntegerField(
        _("participants so far"),
        null=True,
        blank=True,
        help_text=_("Everyone who has started in the initiative up to the end of the period."),
    )
    participants_active = models.PositiveIntegerField(
        _("participants taking part now"),
        null=True,
        blank=True,
        help_text=_("How many take part at the end of the period."),
    )
    summary = models.TextField(
        _("how the period went"),
        blank=True,
        help_text=_(
            "What was done, what worked, what did not, and signs that results will not be reached."
        ),
    )
    lessons = models.TextField(
        _("lessons"),
        blank=True,
        help_text=_("What others can learn from this period; collected in the yearly report."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    #: Increased on every save; a form from an older version is refused as a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["period_end", "due_on", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["initiative", "period_start", "period_end"],
                condition=models.Q(is_scheduled=True),
                name="progress_report_one_per_window",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="progress_report_period_order",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["initiative", "state", "due_on"], name="progress_report_due_idx"),
            # The latest approved reach of each initiative (the overview pages): one index row.
            models.Index(
                fields=["initiative", "-period_end", "-id"],
                condition=models.Q(state=ReportState.APPROVED, participants_total__isnull=False),
                name="progress_report_reach_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.title or self.period_start.isoformat()}"

    @property
    def is_open(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)


class Measurement(models.Model):
    """One indicator's value for one measurement period, as reported (in the indicator's unit).

    For a share, the numerator and denominator may be given; the value is then their quotient
    (in percent when the unit is %), so the share can be re-aggregated exactly.
    """

    organization_path: ClassVar[str] = "report__initiative__organization"

    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("report"),
    )
    indicator = models.ForeignKey(
        "design.Indicator",
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    period_start = models.DateField(_("measured from"))
    period_end = models.DateField(_("measured to"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    numerator = models.DecimalField(
        _("numerator"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    #: The coordinator's comment when the report was returned because of this value.
    return_note = models.TextField(_("returned because"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["period_end", "indicator_id", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["report", "indicator", "period_start"], name="measurement_once_per_period"
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["indicator", "period_end"], name="measurement_series_idx")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start}–{self.period_end})"


class MeasurementPart(models.Model):
    """The value for one group of a breakdown the indicator declares (e.g. sex: girls)."""

    organization_path: ClassVar[str] = "measurement__report__initiative__organization"

    measurement = models.ForeignKey(
        Measurement,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("measurement"),
    )
    dimension = models.CharField(_("broken down by"), max_length=20)
    category = models.CharField(_("group"), max_length=100)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)

    class Meta:
        ordering: ClassVar[list[str]] = ["dimension", "category", "id"]
        verbose_name = _("breakdown value")
        verbose_name_plural = _("breakdown values")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["measurement", "dimension", "category"], name="measurement_part_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.category}: {self.value}"


#: How many of an indicator's latest approved values :class:`ApprovedSeries` keeps (a year of
#: monthly values: the steering group's sparkline).
SERIES_POINTS = 12


class ApprovedSeries(models.Model):
    """An indicator's approved values as the overview pages read them: how many there are and
    the latest :data:`SERIES_POINTS` of them, newest first, as ``[period end, value]`` pairs
    (ISO date and the decimal as text, so the value reads back exactly).

    Derived data, kept by :func:`~sikt.web.followup.services.approved.approved_series_refresh` in
    the transaction that approves a report (only approval changes which values count; an
    approved report cannot be changed), so the steering group's page reads one row per indicator
    instead of sorting every approved value (issue 10's performance target). The initiative is
    stored too, so a page finds an organisation's rows through one index.
    """

    organization_path: ClassVar[str] = "initiative__organization"

    indicator = models.OneToOneField(
        "design.Indicator",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="approved_series",
        verbose_name=_("indicator"),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("initiative"),
    )
    count = models.PositiveIntegerField(_("approved values"))
    points = models.JSONField(_("latest approved values"), default=list)

    class Meta:
        verbose_name = _("indicator's approved values")
        verbose_name_plural = _("indicators' approved values")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.count}"
