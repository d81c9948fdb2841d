from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "sikt.web.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from sikt.web import policy
        from sikt.web.initiatives import checks, snapshots
        from sikt.web.initiatives.workflow import TRANSITIONS

        checks.register_checks()
        snapshots.register_own_providers()
        policy.register_transition_roles({t.key: t.roles for t in TRANSITIONS})
