"""URL configuration: accounts, language switching, the shell and each area's app."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from sikt.web.accounts import oidc
from sikt.web.api.api import api
from sikt.web.policy import SIGNED_IN, decide
from sikt.web.security import RateLimitedPasswordResetView

#: The views anyone may open without signing in, and why; every other view declares the rule of
#: ``sikt.web.policy`` that decides it (``policy.decide`` in its app's ``urls.py``) and the
#: authorisation matrix (tests/web/test_view_matrix.py) fails a view that does neither.
PUBLIC_VIEWS = {
    "login": "the sign-in form",
    "oidc-login": "starts single sign-on at the identity provider",
    "oidc-callback": "the identity provider's answer; the signed token is checked there",
    "logout": "signing out is harmless when not signed in",
    "password_reset": "asks for a reset mail (rate-limited per address and account)",
    "password_reset_done": "the confirmation that a mail may have been sent",
    "password_reset_confirm": "opened with the mailed signed token, which is checked",
    "password_reset_complete": "the confirmation after a reset",
    "set_language": "switches the language of the session",
}

urlpatterns = [
    path("konto/logga-in/", oidc.LoginView.as_view(), name="login"),
    path("konto/oidc/logga-in/", oidc.start, name="oidc-login"),
    path("konto/oidc/tillbaka/", oidc.callback, name="oidc-callback"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/losenord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "konto/losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("konto/aterstall/", RateLimitedPasswordResetView.as_view(), name="password_reset"),
    path(
        "konto/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/sprak/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("konto/", include("sikt.web.api.urls")),
    path("", include("sikt.web.reports.urls")),
    path("historik/", include("sikt.web.audit.urls")),
    path("meddelanden/", include("sikt.web.notifications.urls")),
    path("satsningar/", include("sikt.web.initiatives.urls")),
    path("enhetskostnader/", include("sikt.web.unitcosts.urls")),
    path("", include("sikt.web.design.urls")),
    path("kalkyler/", include("sikt.web.calculations.urls")),
    path("fond/", include("sikt.web.funds.urls")),
    path("overenskommelser/", include("sikt.web.agreements.urls")),
    path("uppfoljning/", include("sikt.web.followup.urls")),
    path("behov/", include("sikt.web.needs.urls")),
    path("utvardering/", include("sikt.web.evaluation.urls")),
    path("delning/", include("sikt.web.sharing.urls")),
    path("", include("sikt.web.shell.urls")),
]

#: Which rule of sikt.web.policy decides each view of the shell (tests/web/test_view_matrix.py).
urlpatterns = decide(urlpatterns, {"password_change": SIGNED_IN, "password_change_done": SIGNED_IN})

handler500 = "sikt.web.errors.server_error"
