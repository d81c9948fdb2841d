from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app inbox and e-mail notifications with per-user choices (issue 10 item 4)."""

    name = "sikt.web.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
