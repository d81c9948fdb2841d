"""What an application version contains: one snapshot per section, from registered providers.

When an application is submitted, the workflow freezes it as an
:class:`~sikt.web.initiatives.models.ApplicationVersion`: every registered provider returns its
section as ``[(field label, text), …]``. This app provides the idea, plan and criteria sections;
other apps register theirs in ``AppConfig.ready()``::

    from sikt.web.initiatives.snapshots import register
    register("logic_model", _("Logic model"), logic_model_fields, order=40)

The snapshot is taken in Swedish (the language of the application as a public document), so two
versions compare label by label whatever language the reader uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from sikt.web.initiatives.models import Initiative

Fields = Sequence[tuple[Promise | str, Any]]
Provider = Callable[["Initiative"], Fields]
SNAPSHOT_LANGUAGE = "sv"


@dataclass(frozen=True)
class SnapshotProvider:
    key: str
    label: Promise | str
    provide: Provider
    order: int


_PROVIDERS: dict[str, SnapshotProvider] = {}


def register(key: str, label: Promise | str, provide: Provider, *, order: int = 100) -> None:
    """Register (or replace) the provider of section ``key``."""
    _PROVIDERS[key] = SnapshotProvider(key, label, provide, order)


def providers() -> list[SnapshotProvider]:
    return sorted(_PROVIDERS.values(), key=lambda provider: (provider.order, provider.key))


def as_text(value: Any) -> str:
    """A field value as the text a reader compares (dates and numbers localised, lists joined)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (list, tuple)):
        return ", ".join(as_text(item) for item in value) or "–"
    if isinstance(value, (int, float, Decimal)) or hasattr(value, "isoformat"):
        return str(formats.localize(value, use_l10n=True))
    return str(value)


def take(initiative: Initiative) -> dict[str, dict[str, Any]]:
    """``{section key: {"label": text, "fields": {field label: text}}}`` for every provider."""
    content: dict[str, dict[str, Any]] = {}
    with translation.override(SNAPSHOT_LANGUAGE):
        for provider in providers():
            fields = {str(label): as_text(value) for label, value in provider.provide(initiative)}
            content[provider.key] = {"label": str(provider.label), "fields": fields}
    return content


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class SectionComparison:
    key: str
    label: str
    fields: list[FieldChange]

    @property
    def changed_count(self) -> int:
        return sum(field.changed for field in self.fields)


def compare(older: dict[str, Any], newer: dict[str, Any]) -> list[SectionComparison]:
    """Section by section, field by field: the old and new text (missing counts as "–")."""
    result = []
    for key in list(older) + [key for key in newer if key not in older]:
        old_section = older.get(key, {"label": key, "fields": {}})
        new_section = newer.get(key, {"label": old_section["label"], "fields": {}})
        labels = list(old_section["fields"]) + [
            label for label in new_section["fields"] if label not in old_section["fields"]
        ]
        fields = [
            FieldChange(
                label,
                old_section["fields"].get(label, "–"),
                new_section["fields"].get(label, "–"),
            )
            for label in labels
        ]
        result.append(SectionComparison(key, new_section["label"], fields))
    return result
