from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    """Needs analyses (DOMAIN §3.1, SKL 004 §3; issue 12 item 8)."""

    name = "sikt.web.needs"
    label = "needs"
    verbose_name = _("Needs analysis")

    def ready(self) -> None:
        from sikt.web.needs.registration import register_all

        register_all()
