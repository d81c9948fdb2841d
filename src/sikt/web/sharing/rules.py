"""Who may do what with shared models and the knowledge bank (registered with
:mod:`sikt.web.policy`).

- Publishing (a new model or a new version) is the coordinator's: the organisation speaks for
  the model it maintains. A published version is readable by members of every organisation
  (:func:`sikt.web.policy.register_published`) and can never be edited
  (:func:`refuse_version_edit`): a change is a new version.
- Adopting copies unit costs into the organisation's own library, so it takes the roles that
  may change that library (economist, coordinator).
- Sharing evaluation summaries is an organisation-wide choice: only the coordinator changes
  it, every change is audited, and it is off until chosen.
- The knowledge bank reads only organisations that chose to share
  (:func:`sharing_organization_ids`) and only the summary fields, never individual records.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from sikt.web.accounts.models import Role
from sikt.web.policy import ALL_ROLES, Action, RuleTable
from sikt.web.sharing.models import SharingSetting

PUBLISHERS = frozenset({Role.COORDINATOR})
ADOPTERS = frozenset({Role.COORDINATOR, Role.ECONOMIST})

SHARING_RULES: RuleTable = {
    ("sharing.sharedmodel", Action.CREATE): PUBLISHERS,
    ("sharing.sharedmodelversion", Action.CREATE): PUBLISHERS,
    ("sharing.adoption", Action.VIEW): ALL_ROLES,
    ("sharing.adoption", Action.CREATE): ADOPTERS,
    ("sharing.sharingsetting", Action.VIEW): ALL_ROLES,
    ("sharing.sharingsetting", Action.CHANGE): frozenset({Role.COORDINATOR}),
}

#: Readable by members of every organisation.
PUBLISHED_MODELS = frozenset({"sharing.sharedmodel", "sharing.sharedmodelversion"})

#: Notification kind: a newer version of an adopted model was published.
NEW_VERSION_KIND = "shared_model_new_version"

#: Who in an adopting organisation hears of a newer version.
TOLD_OF_NEW_VERSIONS = ADOPTERS


def refuse_version_edit(instance: models.Model, stored: dict[str, Any]) -> None:
    """An audited update of a published version is refused: publishing is immutable."""
    if instance._meta.label_lower == "sharing.sharedmodelversion":
        raise ValidationError(
            _("A published version cannot be changed; publish a new version instead.")
        )


def sharing_organization_ids() -> set[int]:
    """Ids of the organisations that chose to share their evaluation summaries."""
    return set(
        SharingSetting.objects.filter(share_summaries=True).values_list(
            "organization_id", flat=True
        )
    )
