from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "sikt.web.funds"
    label = "funds"
    verbose_name = _("Fund")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from sikt.web import policy
        from sikt.web.funds import integration, permissions, triggers

        connection_created.connect(triggers.register_sqlite_function, dispatch_uid="sikt-ledger")
        policy.register_rules(permissions.RULES)
        integration.register()
