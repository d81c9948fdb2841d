from django.urls import path

from sikt.web.agreements import views

app_name = "agreements"

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
