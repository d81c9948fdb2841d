from django.urls import path

from sikt.web.evaluation import documents_views, records, views
from sikt.web.policy import Action, decide, rule

app_name = "evaluation"

INITIATIVE = "initiatives.initiative"
DATASET = "evaluation.outcomedataset"
RUN = "evaluation.evaluationrun"
ECONOMIC = "evaluation.economicevaluation"
NOTE = "evaluation.interviewnote"
COMPONENT = "evaluation.componentassessment"
PLAN = "evaluation.implementationplan"

urlpatterns = [
    path("", views.index, name="index"),
    path("satsning/<int:pk>/", views.for_initiative, name="initiative"),
    path("satsning/<int:pk>/utfallsdata/", views.upload, name="upload"),
    path("utfallsdata/<int:pk>/utfallsdata.csv", views.dataset_export, name="dataset-export"),
    path("satsning/<int:pk>/ny-korning/", views.run_new, name="run-new"),
    path("korning/<int:pk>/", views.run_detail, name="run"),
    path("korning/<int:pk>/status/", views.run_status, name="run-status"),
    path("korning/<int:pk>/kor-igen/", views.run_repeat, name="run-repeat"),
    path("korning/<int:pk>/ekonomi/", views.economic_new, name="economic-new"),
    path("ekonomisk/<int:pk>/", views.economic_detail, name="economic"),
    path("ekonomisk/<int:pk>/foresla-aterforing/", views.economic_propose, name="economic-propose"),
    path(
        "satsning/<int:pk>/intressenter-och-komponenter/", records.qualitative, name="qualitative"
    ),
    path("satsning/<int:pk>/ny-anteckning/", records.note_new, name="note-new"),
    path("anteckning/<int:pk>/", records.note_edit, name="note-edit"),
    path("anteckning/<int:pk>/ta-bort/", records.note_delete, name="note-delete"),
    path("satsning/<int:pk>/ny-komponent/", records.component_new, name="component-new"),
    path("komponent/<int:pk>/", records.component_edit, name="component-edit"),
    path("komponent/<int:pk>/ta-bort/", records.component_delete, name="component-delete"),
    path("satsning/<int:pk>/implementeringsplan/", documents_views.plan, name="plan"),
    path("satsning/<int:pk>/implementeringsplan/andra/", records.plan_edit, name="plan-edit"),
    path(
        "satsning/<int:pk>/implementeringsplan.pdf",
        documents_views.plan_file,
        {"fmt": "pdf"},
        name="plan-pdf",
    ),
    path(
        "satsning/<int:pk>/implementeringsplan.docx",
        documents_views.plan_file,
        {"fmt": "docx"},
        name="plan-docx",
    ),
    path("satsning/<int:pk>/slutrapport/", documents_views.final_report, name="final-report"),
    path(
        "satsning/<int:pk>/slutrapport.pdf",
        documents_views.final_report_file,
        {"fmt": "pdf"},
        name="final-report-pdf",
    ),
    path(
        "satsning/<int:pk>/slutrapport.docx",
        documents_views.final_report_file,
        {"fmt": "docx"},
        name="final-report-docx",
    ),
    path(
        "satsning/<int:pk>/implementering/",
        documents_views.implementation_followup,
        name="implementation",
    ),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "index": rule(INITIATIVE, Action.VIEW),
        "initiative": rule(INITIATIVE, Action.VIEW),
        "upload": rule(DATASET, Action.CREATE),
        "dataset-export": rule(DATASET, Action.VIEW),
        "run-new": rule(RUN, Action.CREATE),
        "run": rule(RUN, Action.VIEW),
        "run-status": rule(RUN, Action.VIEW),
        "run-repeat": rule(RUN, Action.CREATE),
        "economic-new": rule(ECONOMIC, Action.CREATE),
        "economic": rule(ECONOMIC, Action.VIEW),
        "economic-propose": rule("funds.repaymentrevision", Action.CREATE),
        "qualitative": rule(INITIATIVE, Action.VIEW),
        "note-new": rule(NOTE, Action.CREATE),
        "note-edit": rule(NOTE, Action.CHANGE),
        "note-delete": rule(NOTE, Action.DELETE),
        "component-new": rule(COMPONENT, Action.CREATE),
        "component-edit": rule(COMPONENT, Action.CHANGE),
        "component-delete": rule(COMPONENT, Action.DELETE),
        "plan": rule(PLAN, Action.VIEW),
        "plan-edit": rule(PLAN, Action.CHANGE),
        "plan-pdf": rule(PLAN, Action.VIEW),
        "plan-docx": rule(PLAN, Action.VIEW),
        "final-report": rule(INITIATIVE, Action.VIEW),
        "final-report-pdf": rule(INITIATIVE, Action.VIEW),
        "final-report-docx": rule(INITIATIVE, Action.VIEW),
        "implementation": rule(INITIATIVE, Action.VIEW),
    },
)
