from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Follow-up of running initiatives (DOMAIN §3.4, SKL 004 §6; issue 10)."""

    name = "sikt.web.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from sikt.web.followup.registration import register_all

        register_all()
