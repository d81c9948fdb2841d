from django.urls import path

from sikt.web.agreements import views
from sikt.web.policy import Action, decide, rule

app_name = "agreements"

AGREEMENT = "agreements.agreement"
PROGRESS = "agreements.sprintprogress"
TRANCHE = "agreements.tranche"

urlpatterns = [
    path("", views.funder, name="funder"),
    path("att-betala/", views.owed, name="owed"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/excel/", views.export, name="export"),
    path("<int:pk>/mal/ny/", views.goal_new, name="goal-new"),
    path("<int:pk>/sprintar/ny/", views.sprint_new, name="sprint-new"),
    path("<int:pk>/deltagare/ny/", views.participant_new, name="participant-new"),
    path("<int:pk>/rapportdatum/ny/", views.report_date_new, name="report-date-new"),
    path("sprintar/<int:pk>/", views.progress, name="progress"),
    path("sprint/<int:pk>/andra/", views.sprint_edit, name="sprint-edit"),
    path("delbetalningar/<int:pk>/", views.tranche, name="tranche"),
    path("deltagande/<int:pk>/aterstar/", views.remaining, name="remaining"),
    path("aterbetalningar/<int:pk>/", views.repayment, name="repayment"),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "funder": rule(AGREEMENT, Action.VIEW, side="funder"),
        "owed": rule("agreements.repayment", Action.VIEW, side="participant"),
        "create": rule(AGREEMENT, Action.CREATE),
        "detail": rule(AGREEMENT, Action.VIEW, side="funder"),
        "edit": rule(AGREEMENT, Action.CHANGE, side="funder"),
        "export": rule(AGREEMENT, Action.VIEW, side="funder"),
        "sprint-edit": rule(AGREEMENT, Action.CHANGE, side="funder"),
        "goal-new": rule(AGREEMENT, Action.CHANGE, side="funder"),
        "sprint-new": rule(AGREEMENT, Action.CHANGE, side="funder"),
        "participant-new": rule(AGREEMENT, Action.CHANGE, side="funder"),
        "report-date-new": rule(AGREEMENT, Action.CHANGE, side="funder"),
        "progress": rule(
            PROGRESS,
            Action.VIEW,
            side="participant",
            post=rule(
                PROGRESS,
                Action.CHANGE,
                side="participant",
                success=302,
                also=rule(PROGRESS, Action.REVIEW, side="funder", success=302),
            ),
        ),
        "tranche": rule(
            TRANCHE,
            Action.VIEW,
            side="funder",
            post=rule(TRANCHE, Action.CHANGE, side="funder"),
        ),
        "remaining": rule(
            "agreements.participation",
            Action.VIEW,
            side="participant",
            post=rule("agreements.remainingreport", Action.CREATE, side="participant"),
        ),
        "repayment": rule(
            "agreements.repayment",
            Action.VIEW,
            side="funder",
            post=rule("agreements.repayment", Action.CHANGE, side="funder"),
        ),
    },
)
