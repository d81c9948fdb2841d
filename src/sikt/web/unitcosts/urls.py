from django.urls import path

from sikt.web.policy import Action, decide, rule
from sikt.web.unitcosts import views

app_name = "unitcosts"

ENTRY = "unitcosts.unitcostentry"

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

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "list": rule(ENTRY, Action.VIEW),
        "create": rule(ENTRY, Action.CREATE),
        "import": rule(ENTRY, Action.CREATE),
        "import-status": rule("unitcosts.unitcostimport", Action.VIEW),
        "export-csv": rule(ENTRY, Action.VIEW),
        "export-xlsx": rule(ENTRY, Action.VIEW),
        "detail": rule(ENTRY, Action.VIEW),
        "edit": rule(ENTRY, Action.CHANGE),
    },
)
