from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    name = "sikt.web.shell"
    label = "shell"
    verbose_name = _("Navigation and start page")

    def ready(self) -> None:
        from django.utils.translation import get_language

        from sikt import numbers

        numbers.set_language_resolver(get_language)
