from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "sikt.web.agreements"
    label = "agreements"
    verbose_name = _("Development agreements")

    def ready(self) -> None:
        from sikt.web import policy
        from sikt.web.agreements import permissions

        policy.register_rules(permissions.RULES)
