from django.urls import path

from sikt.web.api import views

app_name = "account"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token-revoke"),
]
