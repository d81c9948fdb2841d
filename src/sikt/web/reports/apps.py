from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Decision documents (beslutsunderlag) and the portfolio (issue 4 items 7 and 8)."""

    name = "sikt.web.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from sikt.web.initiatives import events, sections
        from sikt.web.reports.archive import decision_documents_keep

        sections.register(
            "decision_document", _("Decision material (PDF, DOCX)"), "reports:document", order=90
        )
        sections.register(
            "decisions", _("Decisions and their documents"), "reports:decisions", order=95
        )
        events.register_decision_listener(decision_documents_keep)
