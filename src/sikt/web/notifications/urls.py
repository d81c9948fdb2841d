from django.urls import path

from sikt.web.notifications import views
from sikt.web.policy import SIGNED_IN, Action, decide, rule, signed_in

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("oppna/", views.open_notification, name="open"),
    path("markera-lasta/", views.mark_all_read, name="mark-all-read"),
    path("installningar/", views.choices, name="choices"),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "inbox": SIGNED_IN,
        "open": rule("accounts.organization", Action.VIEW, success=302),
        "mark-all-read": signed_in(success=302),
        "choices": SIGNED_IN,
    },
)
