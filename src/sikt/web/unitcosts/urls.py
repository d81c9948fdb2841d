from django.urls import path

from sikt.web.unitcosts import views

app_name = "unitcosts"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("ny/", views.entry_create, name="create"),
    path("importera/", views.entry_import, name="import"),
    path("importera/<int:pk>/", views.import_status, name="import-status"),
    path("exportera.csv", views.entry_export, {"kind": "csv"}, name="export-csv"),
    path("exportera.xlsx", views.entry_export, {"kind": "xlsx"}, name="export-xlsx"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("<int:pk>/andra/", views.entry_edit, name="edit"),
]
