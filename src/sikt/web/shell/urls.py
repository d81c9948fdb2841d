from django.urls import path

from sikt.web.shell import views

app_name = "shell"

urlpatterns = [
    path("", views.home, name="home"),
    path("att-gora/", views.work_queue, name="work-queue"),
    path("omrade/<slug:slug>/", views.area, name="area"),
    path("organisation/", views.organization_detail, name="organization"),
    path("organisation/byt/", views.switch_organization, name="switch-organization"),
    path("organisation/namnder/<int:pk>/", views.committee_detail, name="committee-detail"),
    path("organisation/namnder/<int:pk>/andra/", views.committee_edit, name="committee-edit"),
]
