from django.urls import path

from sikt.web.audit import views

app_name = "audit"

urlpatterns = [
    path("personuppgifter/", views.personal_data_log, name="personal-data"),
    path("<str:label>/<str:pk>/", views.record_history, name="history"),
]
