from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    """Shared models across organisations and the knowledge bank (issue 11 item 7)."""

    name = "sikt.web.sharing"
    label = "sharing"
    verbose_name = _("Shared models")

    def ready(self) -> None:
        from sikt.web.audit.services import UPDATE_CHECKS
        from sikt.web.calculations import offers
        from sikt.web.notifications import register_kind
        from sikt.web.policy import RULES, register_published, register_rules
        from sikt.web.sharing import rules, selectors

        if not set(rules.SHARING_RULES) & set(RULES):
            register_rules(rules.SHARING_RULES)
        register_published(rules.PUBLISHED_MODELS)
        offers.register(selectors.type_case_offers)
        if rules.refuse_version_edit not in UPDATE_CHECKS:
            UPDATE_CHECKS.append(rules.refuse_version_edit)
        register_kind(
            rules.NEW_VERSION_KIND,
            _("A newer version of a shared model you adopted was published"),
            order=80,
        )
