from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    name = "sikt.web.shell"
    label = "shell"
    verbose_name = _("Navigation and start page")
