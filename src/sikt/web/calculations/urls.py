from django.urls import path

from sikt.web.calculations import recompute, views
from sikt.web.policy import Action, decide, rule

app_name = "calculations"

CALCULATION = "calculations.calculation"

urlpatterns = [
    path("", views.index, name="index"),
    path("satsning/<int:pk>/", views.for_initiative, name="for-initiative"),
    path("satsning/<int:pk>/ny/", views.new, name="new"),
    path("satsning/<int:pk>/importera/", views.import_case, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/installningar/", views.general, name="general"),
    path("<int:pk>/kostnad/", views.cost, name="cost"),
    path("<int:pk>/malgrupp/", views.target_group, name="target-group"),
    path("<int:pk>/utfall/", views.outcome, name="outcome"),
    path("<int:pk>/typfall/", views.type_case, name="type-case"),
    path("<int:pk>/prisindex/", views.price_index, name="price-index"),
    path("<int:pk>/scenario/", views.scenario, name="scenario"),
    path("<int:pk>/forhandsvisning/", views.preview, name="preview"),
    path("<int:pk>/simulera/", views.start_run, name="run"),
    path("<int:pk>/rakna-om/", recompute.recompute, name="recompute"),
    path("<int:pk>/granska/", views.review, name="review"),
    path("<int:pk>/kalkyl.xlsx", views.export_xlsx, name="xlsx"),
    path("<int:pk>/rapport.html", views.report, name="report"),
    path("<int:pk>/kalkylfil.yaml", views.case_file, name="case-file"),
    path("korningar/<int:pk>/", views.run_status, name="run-status"),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "index": rule(CALCULATION, Action.VIEW),
        "for-initiative": rule(CALCULATION, Action.VIEW),
        "new": rule(CALCULATION, Action.CREATE),
        "import": rule(CALCULATION, Action.CREATE),
        "detail": rule(CALCULATION, Action.VIEW),
        "general": rule(CALCULATION, Action.CHANGE),
        "cost": rule(CALCULATION, Action.CHANGE),
        "target-group": rule(CALCULATION, Action.CHANGE),
        "outcome": rule(CALCULATION, Action.CHANGE),
        "type-case": rule(CALCULATION, Action.CHANGE),
        "price-index": rule(CALCULATION, Action.CHANGE),
        "scenario": rule(CALCULATION, Action.CHANGE),
        "preview": rule(CALCULATION, Action.CHANGE),
        "run": rule(CALCULATION, Action.CHANGE),
        "recompute": rule(CALCULATION, Action.CHANGE),
        "review": rule(CALCULATION, Action.REVIEW),
        "xlsx": rule(CALCULATION, Action.VIEW),
        "report": rule(CALCULATION, Action.VIEW),
        "case-file": rule(CALCULATION, Action.VIEW),
        "run-status": rule("calculations.calculationrun", Action.VIEW),
    },
)
