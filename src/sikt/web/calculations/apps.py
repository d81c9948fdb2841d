from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalculationsConfig(AppConfig):
    name = "sikt.web.calculations"
    label = "calculations"
    verbose_name = _("Calculations")

    def ready(self) -> None:
        from sikt.web.audit import readable
        from sikt.web.calculations import history, integration

        integration.register()
        from sikt.web.calculations import unit_cost_usage
        from sikt.web.unitcosts import usage

        usage.register(unit_cost_usage.provide)
        readable.register("calculations.calculation", "case", history.describe_case)
