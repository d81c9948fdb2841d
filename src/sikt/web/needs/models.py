"""A needs analysis (*behovsanalys*) as a record the organisation keeps (SKL 004 §3).

Why a record and not a document: an idea names the need it answers, and a decision maker should
see what the need rests on — the indicators and analyses in the organisation's indicator store,
the qualitative sources, the conclusions and whether they were communicated (the guide's
checklist). The indicator values themselves live in the organisation's DuckDB store
(:mod:`sikt.analysis.store`); the record keeps the ids of the indicators that back it.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sikt.analysis.flow import DEFAULT_OUTCOME, FlowSettings
from sikt.web.progress import RunProgress


class NeedsAnalysis(models.Model):
    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="needs_analyses",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    identified_needs = models.TextField(
        _("identified needs"),
        help_text=_("Which needs the analysis found, for whom and how large they are."),
    )
    target_group_idea = models.TextField(
        _("target group idea"),
        blank=True,
        help_text=_("Which group an initiative should reach, as concretely as the data allows."),
    )
    data_sources = models.TextField(
        _("data and sources"),
        blank=True,
        help_text=_("Registers, statistics and key indicators used, with their period."),
    )
    qualitative_sources = models.TextField(
        _("qualitative sources"),
        blank=True,
        help_text=_("Interviews, focus groups, documents and the people consulted."),
    )
    conclusions = models.TextField(_("conclusions"), blank=True)
    indicator_ids = models.JSONField(
        _("indicators that back the analysis"), default=list, blank=True
    )
    communicated = models.BooleanField(
        _("communicated to decision makers"),
        default=False,
        help_text=_("The guide's checklist: the analysis has been presented to decision makers."),
    )
    communicated_on = models.DateField(_("communicated on"), null=True, blank=True)
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        blank=True,
        related_name="needs_analyses",
        verbose_name=_("initiatives that answer the needs"),
    )
    #: Increased on every save; a form from an older version is refused as a conflict.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-updated_at", "title"]
        verbose_name = _("needs analysis")
        verbose_name_plural = _("needs analyses")

    def __str__(self) -> str:
        return self.title


def _new_salt() -> str:
    return secrets.token_hex(16)


class PseudonymSalt(models.Model):
    """The organisation's own salt for keyed pseudonyms (with the server key; see
    :func:`sikt.analysis.identity.organisation_secret`): the same person gets the same pseudonym
    within the organisation and pseudonyms cannot be linked across organisations."""

    organization_path: ClassVar[str] = "organization"

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.PROTECT, related_name="pseudonym_salt"
    )
    salt = models.CharField(max_length=64, default=_new_salt, editable=False)

    def __str__(self) -> str:
        return f"Pseudonymsalt ({self.organization_id})"


class EventDataset(models.Model):
    """An uploaded, pseudonymised file of individual-level events (placements, interventions).

    The events themselves are kept in the organisation's DuckDB store (table
    ``dataset_events_<id>``) with pseudonyms only; this record says who loaded what and when.
    Who viewed an analysis of it is logged in the audit trail."""

    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="event_datasets",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    file_name = models.CharField(_("file"), max_length=300)
    rows = models.PositiveIntegerField(_("events"), default=0)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        verbose_name = _("event dataset")
        verbose_name_plural = _("event datasets")

    def __str__(self) -> str:
        return self.title

    @property
    def dataset_name(self) -> str:
        return f"events_{self.pk}"


class MeasurementDataset(models.Model):
    """An uploaded, pseudonymised file of one measured value per person (e.g. a pupil's merit
    value) with the groups each person belongs to, for the distributions behind an average.

    Like :class:`EventDataset` the rows live in the organisation's DuckDB store (table
    ``dataset_measurements_<id>``) with pseudonyms and age bands only; this record says who
    loaded what, what the value is and which grouping columns the file had."""

    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="measurement_datasets",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    value_label = models.CharField(_("what the value measures"), max_length=200)
    file_name = models.CharField(_("file"), max_length=300)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    dimensions = models.JSONField(_("grouping columns"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        verbose_name = _("measurement dataset")
        verbose_name_plural = _("measurement datasets")

    def __str__(self) -> str:
        return self.title

    @property
    def dataset_name(self) -> str:
        return f"measurements_{self.pk}"


#: The placements a flow analysis can take as its outcome, named in the user's language.
OUTCOME_NAMES = {
    "HVB": "HVB",
    "SiS": "SiS",
    "family_home": _("family home"),
    "emergency_home": _("emergency home"),
}


def default_outcome_kinds() -> list[str]:
    """The guide's outcome (HVB or SiS): what every flow analysis followed before the outcome
    could be chosen."""
    return list(DEFAULT_OUTCOME)


def outcome_text(kinds: list[str] | tuple[str, ...]) -> str:
    """The outcome placements in words: "HVB eller SiS", "HVB, SiS eller familjehem"."""
    names = [str(OUTCOME_NAMES.get(kind, kind)) for kind in kinds]
    if len(names) < 2:
        return "".join(names)
    return gettext("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


class FlowChoice(models.Model):
    """What a flow analysis follows — everyone in the outcome placements on the reference date,
    that many years back — as a kept chart and a background run both record it."""

    reference_date = models.DateField(_("reference date"))
    lookback_years = models.PositiveSmallIntegerField(_("years back"))
    #: The outcome placements (codes of :data:`sikt.analysis.flow.PLACEMENTS`).
    outcome_kinds = models.JSONField(_("outcome"), default=default_outcome_kinds)

    class Meta:
        abstract = True

    @property
    def outcome(self) -> str:
        return outcome_text(self.outcome_kinds)

    def flow_settings(self) -> FlowSettings:
        return FlowSettings(
            self.reference_date, self.lookback_years, outcome_kinds=tuple(self.outcome_kinds)
        )


class FlowChart(FlowChoice):
    """A flow analysis's Sankey diagram kept on a needs analysis among its supporting charts.

    What is kept is what the flow page published — the step-to-step transitions after
    small-cell suppression, and the choices behind them — never individual data: the record
    shows the chart as it was saved to whoever may read the record, without running the
    analysis again."""

    organization_path: ClassVar[str] = "analysis__organization"

    analysis = models.ForeignKey(
        NeedsAnalysis,
        on_delete=models.CASCADE,
        related_name="flow_charts",
        verbose_name=_("needs analysis"),
    )
    dataset = models.ForeignKey(
        EventDataset,
        on_delete=models.PROTECT,
        related_name="flow_charts",
        verbose_name=_("event dataset"),
    )
    threshold = models.PositiveSmallIntegerField(_("smallest count shown"))
    #: ``[[step, source, target, persons], …]``: the published transitions.
    links = models.JSONField(_("transitions"), default=list)
    hidden_links = models.PositiveIntegerField(_("transitions left out"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        verbose_name = _("flow chart")
        verbose_name_plural = _("flow charts")

    def __str__(self) -> str:
        return f"{self.dataset.title} ({self.reference_date:%Y-%m-%d})"


class FlowRun(RunProgress, FlowChoice):
    """A large event file's flow analysis run in the background (the upload page queues it
    above :data:`sikt.web.needs.flow_runs.BACKGROUND_ROWS` rows).

    Why the file is sealed: until the worker has read it, the upload still holds personnummer.
    It is kept only encrypted (:func:`sikt.web.needs.flow_runs.seal`) and emptied in the same
    transaction in which the worker reads it, also when the run then fails. What stays is what
    the flow page publishes: the suppressed result and the pseudonymised dataset."""

    organization_path: ClassVar[str] = "organization"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        READING = "reading", _("Reading and pseudonymising the file")
        ANALYSING = "analysing", _("Running the flow analysis")
        DONE = "done", _("Done")
        FAILED = "failed", _("Nothing was saved")

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="flow_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("name"), max_length=300)
    file_name = models.CharField(_("file"), max_length=300)
    rows = models.PositiveIntegerField(_("rows"))
    #: The upload encrypted with Fernet; empty once the worker has read it.
    sealed = models.BinaryField(_("encrypted upload"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    dataset = models.ForeignKey(
        EventDataset, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The published (suppressed) result, :func:`sikt.web.needs.flow_runs.result_json`.
    result = models.JSONField(_("result"), default=dict, blank=True)
    #: The file's errors as ``{"file", "row", "column", "rule_sv", "rule_en"}``.
    issues = models.JSONField(_("errors"), default=list, blank=True)
    issue_count = models.PositiveIntegerField(_("number of errors"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        verbose_name = _("flow analysis run")
        verbose_name_plural = _("flow analysis runs")

    def __str__(self) -> str:
        return self.title
