"""Write paths of follow-up (ARCHITECTURE: services, ``<entity>_<action>(*, actor, …)``)."""

from sikt.web.followup.services.approved import (
    approved_activities_refresh,
    approved_refresh,
    approved_series_refresh,
)
from sikt.web.followup.services.issues import (
    attrition_add,
    attrition_delete,
    deviation_close,
    deviation_create,
    flag_handle,
)
from sikt.web.followup.services.plans import (
    ActivityInput,
    activity_plan_save,
    report_activities_save,
)
from sikt.web.followup.services.reports import (
    report_add,
    report_approve,
    report_details_save,
    report_return,
    report_submit,
    report_values_save,
    schedule_sync,
    schedules_ensure,
)

__all__ = [
    "ActivityInput",
    "activity_plan_save",
    "approved_activities_refresh",
    "approved_refresh",
    "approved_series_refresh",
    "attrition_add",
    "attrition_delete",
    "deviation_close",
    "deviation_create",
    "flag_handle",
    "report_activities_save",
    "report_add",
    "report_approve",
    "report_details_save",
    "report_return",
    "report_submit",
    "report_values_save",
    "schedule_sync",
    "schedules_ensure",
]
