from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignConfig(AppConfig):
    """Logic models and design artefacts of an initiative (DOMAIN §3.2–3.3, SKL guide 004 §4–5)."""

    name = "sikt.web.design"
    label = "design"
    verbose_name = _("Logic model and design")

    def ready(self) -> None:
        from sikt.web.design.registration import register_all

        register_all()
