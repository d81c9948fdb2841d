from django.urls import path

from sikt.web.policy import SIGNED_IN, Action, decide, rule, signed_in
from sikt.web.shell import views

app_name = "shell"

ORGANIZATION = "accounts.organization"
COMMITTEE = "accounts.committee"

urlpatterns = [
    path("", views.home, name="home"),
    path("att-gora/", views.work_queue, name="work-queue"),
    path("omrade/<slug:slug>/", views.area, name="area"),
    path("organisation/", views.organization_detail, name="organization"),
    path("organisation/byt/", views.switch_organization, name="switch-organization"),
    path("organisation/namnder/<int:pk>/", views.committee_detail, name="committee-detail"),
    path("organisation/namnder/<int:pk>/andra/", views.committee_edit, name="committee-edit"),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "home": SIGNED_IN,
        "work-queue": SIGNED_IN,
        "area": signed_in(success=302),
        "organization": rule(ORGANIZATION, Action.VIEW),
        "switch-organization": rule(ORGANIZATION, Action.VIEW, success=302),
        "committee-detail": rule(COMMITTEE, Action.VIEW),
        "committee-edit": rule(COMMITTEE, Action.CHANGE),
    },
)
