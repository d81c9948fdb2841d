from django.urls import path

from sikt.web.api import views
from sikt.web.policy import SIGNED_IN, decide, signed_in

app_name = "account"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token-revoke"),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "profile": SIGNED_IN,
        "token-revoke": signed_in(success=302),
    },
)
