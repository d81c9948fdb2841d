from django.urls import path

from sikt.web.audit import views

app_name = "audit"

urlpatterns = [
    path("<str:label>/<str:pk>/", views.record_history, name="history"),
]
