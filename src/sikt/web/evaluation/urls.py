from django.urls import path

from sikt.web.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("satsning/<int:pk>/", views.for_initiative, name="initiative"),
    path("satsning/<int:pk>/utfallsdata/", views.upload, name="upload"),
    path("satsning/<int:pk>/ny-korning/", views.run_new, name="run-new"),
    path("korning/<int:pk>/", views.run_detail, name="run"),
    path("korning/<int:pk>/status/", views.run_status, name="run-status"),
    path("korning/<int:pk>/kor-igen/", views.run_repeat, name="run-repeat"),
    path("korning/<int:pk>/ekonomi/", views.economic_new, name="economic-new"),
    path("ekonomisk/<int:pk>/", views.economic_detail, name="economic"),
    path("ekonomisk/<int:pk>/foresla-aterforing/", views.economic_propose, name="economic-propose"),
]
