from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "sikt.web.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from sikt.web import policy
        from sikt.web.initiatives import checks, freezing, frozen_application, lock, section_content
        from sikt.web.initiatives.amendments import AMENDMENT_STEPS
        from sikt.web.initiatives.workflow import TRANSITIONS

        checks.register_checks()
        section_content.register_snapshot_providers()
        freezing.register(
            frozen_application.FREEZER_KEY,
            frozen_application.frozen_application,
            frozen_application.restore_application,
        )
        policy.register_transition_roles({t.key: t.roles for t in TRANSITIONS})
        policy.register_transition_roles({step.key: step.roles for step in AMENDMENT_STEPS})
        policy.register_condition(lock.open_for)
