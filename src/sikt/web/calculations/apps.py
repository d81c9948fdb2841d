from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalculationsConfig(AppConfig):
    name = "sikt.web.calculations"
    label = "calculations"
    verbose_name = _("Calculations")

    def ready(self) -> None:
        from sikt.web.calculations import integration

        integration.register()
