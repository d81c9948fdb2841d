"""URLs of the follow-up area (Uppföljning)."""

from django.urls import path

from sikt.web.followup.models import YearlyReport
from sikt.web.followup.views import initiative, issues, reports, steering, yearly
from sikt.web.policy import Action, decide, rule
from sikt.web.scoped import object_view

app_name = "followup"

REPORT = "followup.progressreport"
YEARLY = "followup.yearlyreport"
FLAG = "followup.flag"
DEVIATION = "followup.deviation"

urlpatterns = [
    path("", steering.steering_page, name="steering"),
    path("satsningar/<int:pk>/", initiative.initiative_page, name="initiative"),
    path("satsningar/<int:pk>/ny-rapport/", initiative.report_add, name="report-add"),
    path("satsningar/<int:pk>/ny-avvikelse/", initiative.deviation_add, name="deviation-add"),
    path("satsningar/<int:pk>/aktivitetsplan/", initiative.activity_plan, name="activity-plan"),
    path("rapporter/<int:pk>/", reports.report_page, name="report"),
    path("rapporter/<int:pk>/varden/", reports.report_values, name="report-values"),
    path("rapporter/<int:pk>/verksamhet/", reports.report_details, name="report-details"),
    path("rapporter/<int:pk>/importera/", reports.report_import, name="report-import"),
    path("rapporter/<int:pk>/mall.xlsx", reports.report_template, name="report-template"),
    path("rapporter/<int:pk>/bortfall/", reports.attrition_add, name="attrition-add"),
    path("rapporter/<int:pk>/lamna-in/", reports.report_submit, name="report-submit"),
    path("rapporter/<int:pk>/granska/", reports.report_review, name="review"),
    path("bortfall/<int:pk>/ta-bort/", reports.attrition_delete, name="attrition-delete"),
    path("flaggor/<int:pk>/", issues.flag_handle, name="flag-handle"),
    path("avvikelser/<int:pk>/stang/", issues.deviation_close, name="deviation-close"),
    path("arsrapport/", yearly.yearly_reports, name="yearly"),
    path(
        "arsrapport/<int:pk>/",
        object_view(YearlyReport)(yearly.yearly_status),
        name="yearly-status",
    ),
    *(
        path(
            f"arsrapport/<int:pk>/arsrapport.{fmt}",
            object_view(YearlyReport)(yearly.yearly_file),
            {"fmt": fmt},
            name=f"yearly-{fmt}",
        )
        for fmt in ("pdf", "docx", "xlsx")
    ),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "steering": rule(REPORT, Action.VIEW),
        "initiative": rule(REPORT, Action.VIEW),
        "report-add": rule(REPORT, Action.CREATE),
        "deviation-add": rule(DEVIATION, Action.CREATE),
        "activity-plan": rule("followup.activityplan", Action.CHANGE),
        "report": rule(REPORT, Action.VIEW),
        "report-values": rule(REPORT, Action.VIEW, post=rule(REPORT, Action.CHANGE)),
        "report-details": rule(REPORT, Action.VIEW, post=rule(REPORT, Action.CHANGE)),
        "report-import": rule(REPORT, Action.VIEW, post=rule(REPORT, Action.CHANGE)),
        "report-template": rule(REPORT, Action.VIEW),
        "attrition-add": rule(REPORT, Action.VIEW, post=rule(REPORT, Action.CHANGE)),
        "report-submit": rule(REPORT, Action.VIEW, post=rule(REPORT, Action.CHANGE, success=302)),
        "review": rule(REPORT, Action.VIEW, post=rule(REPORT, Action.REVIEW)),
        "attrition-delete": rule(
            "followup.attrition", Action.VIEW, post=rule(REPORT, Action.CHANGE, success=302)
        ),
        "flag-handle": rule(FLAG, Action.VIEW, post=rule(FLAG, Action.CHANGE)),
        "deviation-close": rule(DEVIATION, Action.VIEW, post=rule(DEVIATION, Action.CHANGE)),
        "yearly": rule(YEARLY, Action.VIEW, post=rule(YEARLY, Action.CREATE)),
        "yearly-status": rule(YEARLY, Action.VIEW),
        "yearly-pdf": rule(YEARLY, Action.VIEW),
        "yearly-docx": rule(YEARLY, Action.VIEW),
        "yearly-xlsx": rule(YEARLY, Action.VIEW),
    },
)
