from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "sikt.web.agreements"
    label = "agreements"
    verbose_name = _("Development agreements")

    def ready(self) -> None:
        from sikt.web import policy
        from sikt.web.agreements import permissions
        from sikt.web.notifications import register_kind

        policy.register_rules(permissions.RULES)
        register_kind(
            "agreement_sprint_submitted", _("A sprint of an agreement waits for approval"), order=80
        )
        register_kind(
            "agreement_sprint_decided", _("Our sprint was approved or returned"), order=81
        )
        register_kind("agreement_tranche_payable", _("A tranche became payable"), order=82)
        register_kind("agreement_report_due", _("Money remaining to report to a funder"), order=83)
