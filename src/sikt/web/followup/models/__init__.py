"""The follow-up app's models: progress reports with their measurements, activities, reach and
attrition; flags raised for harm or stop criteria; deviations and obstacles; the yearly
portfolio reports."""

from sikt.web.followup.models.activities import ActivityPlan, ActivityReport, ApprovedActivity
from sikt.web.followup.models.issues import (
    FLAGGING_REASONS,
    Attrition,
    AttritionReason,
    Deviation,
    DeviationKind,
    Flag,
    FlagKind,
)
from sikt.web.followup.models.reminders import SentReminder
from sikt.web.followup.models.reports import (
    OTHER_DIMENSION,
    SERIES_POINTS,
    ApprovedSeries,
    Measurement,
    MeasurementPart,
    ProgressReport,
)
from sikt.web.followup.models.yearly import YearlyReport

__all__ = [
    "FLAGGING_REASONS",
    "OTHER_DIMENSION",
    "SERIES_POINTS",
    "ActivityPlan",
    "ActivityReport",
    "ApprovedActivity",
    "ApprovedSeries",
    "Attrition",
    "AttritionReason",
    "Deviation",
    "DeviationKind",
    "Flag",
    "FlagKind",
    "Measurement",
    "MeasurementPart",
    "ProgressReport",
    "SentReminder",
    "YearlyReport",
]
