from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "sikt.web.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from sikt.web.initiatives import checks, snapshots

        checks.register_checks()
        snapshots.register_own_providers()
