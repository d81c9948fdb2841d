"""URLs of the reports area: an initiative's decision material and the portfolio."""

from django.urls import path

from sikt.web.initiatives.models import Initiative
from sikt.web.policy import Action, decide, rule
from sikt.web.reports import views
from sikt.web.reports.models import StoredDocument
from sikt.web.scoped import object_view

app_name = "reports"

INITIATIVE = "initiatives.initiative"

urlpatterns = [
    path("rapporter/portfolj/", views.portfolio, name="portfolio"),
    path("rapporter/portfolj.xlsx", views.portfolio_xlsx, name="portfolio-xlsx"),
    path(
        "satsningar/<int:pk>/beslutsunderlag/",
        object_view(Initiative)(views.document),
        name="document",
    ),
    path(
        "satsningar/<int:pk>/beslutsunderlag.pdf",
        object_view(Initiative)(views.document_pdf),
        name="document-pdf",
    ),
    path(
        "satsningar/<int:pk>/beslutsunderlag.docx",
        object_view(Initiative)(views.document_docx),
        name="document-docx",
    ),
    path(
        "satsningar/<int:pk>/beslut/",
        object_view(Initiative)(views.decisions),
        name="decisions",
    ),
    path(
        "beslutsunderlag/<int:pk>/",
        object_view(StoredDocument)(views.stored_document),
        name="stored-document",
    ),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "portfolio": rule(INITIATIVE, Action.VIEW),
        "portfolio-xlsx": rule(INITIATIVE, Action.VIEW),
        "document": rule(INITIATIVE, Action.VIEW),
        "document-pdf": rule(INITIATIVE, Action.VIEW),
        "document-docx": rule(INITIATIVE, Action.VIEW),
        "decisions": rule("initiatives.decision", Action.VIEW),
        "stored-document": rule("reports.storeddocument", Action.VIEW),
    },
)
