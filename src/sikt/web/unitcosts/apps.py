from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitCostsConfig(AppConfig):
    name = "sikt.web.unitcosts"
    label = "unitcosts"
    verbose_name = _("Unit costs")
