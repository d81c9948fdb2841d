from django.urls import path

from sikt.web.audit import views
from sikt.web.policy import RECORD_VIEW, Action, decide, rule

app_name = "audit"

urlpatterns = [
    path("personuppgifter/", views.personal_data_log, name="personal-data"),
    path("<str:label>/<str:pk>/", views.record_history, name="history"),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "personal-data": rule("audit.personaldataaccess", Action.VIEW),
        "history": RECORD_VIEW,
    },
)
