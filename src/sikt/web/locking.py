"""Optimistic locking for edit forms: the second of two people editing one record is told.

Two people open the same idea, plan, logic-model step, purpose or risk; both save. Without a
check the second save silently erases the first person's change. :class:`OptimisticLockMixin`
puts the values the form was loaded with into a signed hidden field (``sikt_loaded``). When the
form is submitted the mixin registers them, and :func:`sikt.web.audit.services.update` — inside
the service's transaction, after locking the row with ``SELECT … FOR UPDATE`` — calls
:func:`check` (registered in ``audit.UPDATE_CHECKS``), which compares them with what is stored
now. If someone else changed one of the form's fields in
between, nothing is saved and :class:`EditConflict` (a ``ValidationError``, so every view that
shows a service's validation errors shows it) names each field with the value the form was
loaded with and the value saved since. The form keeps the user's input and now carries the
current version, so saving again after a look deliberately replaces the other change.

Apply it by putting the mixin first in a ``ModelForm``'s bases; the form template renders
``form.hidden_fields`` (``includes/form.html`` and ``design/_fields.html`` do). A middleware
(:class:`LockingMiddleware`) keeps the registered expectations to one request.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sikt.web.audit import services as audit

FIELD = "sikt_loaded"
_SALT = "sikt.web.locking"
_SHOWN_LENGTH = 160

#: (model label, pk) → the form's field values as loaded, for the request being handled.
_expected: contextvars.ContextVar[dict[tuple[str, str], dict[str, Any]] | None] = (
    contextvars.ContextVar("sikt_locking_expected", default=None)
)


def _key(instance: models.Model) -> tuple[str, str]:
    return (instance._meta.label_lower, str(instance.pk))


def loaded_values(instance: models.Model, names: list[str]) -> dict[str, Any]:
    """The audit-trail form of ``instance``'s fields ``names`` (the ones the form edits)."""
    values = audit.snapshot(instance)
    return {name: values[name] for name in names if name in values}


def stamp(instance: models.Model, names: list[str]) -> str:
    """A signed token of ``instance``'s current values of ``names``."""
    return signing.dumps(
        {"key": list(_key(instance)), "values": loaded_values(instance, names)},
        salt=_SALT,
        compress=True,
    )


class EditConflict(ValidationError):
    """Someone else saved the record after the form was loaded; ``current_stamp`` is the
    token of what is stored now."""

    def __init__(self, message: str, current_stamp: str) -> None:
        super().__init__(message, code="edit_conflict")
        self.current_stamp = current_stamp


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "–"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def check(instance: models.Model, stored: dict[str, Any]) -> None:
    """Raise :class:`EditConflict` if a form registered for ``instance`` in this request was
    loaded with values that differ from ``stored`` (the locked row's current values)."""
    expected = _expected.get()
    if not expected:
        return
    loaded = expected.pop(_key(instance), None)
    if loaded is None:
        return
    changed = [name for name, value in loaded.items() if stored.get(name) != value]
    if not changed:
        return
    lines = []
    for name in changed:
        label = str(instance._meta.get_field(name).verbose_name)
        lines.append(
            _("%(field)s: when you opened the form “%(loaded)s”, saved since “%(stored)s”.")
            % {
                "field": label[:1].upper() + label[1:],
                "loaded": _shown(loaded[name]),
                "stored": _shown(stored.get(name)),
            }
        )
    message = " ".join(
        [
            _(
                "Someone else saved changes here after you opened the form, so your changes "
                "were not saved."
            ),
            *lines,
            _(
                "Your input is kept below. Check it against the saved version and save again "
                "to replace it."
            ),
        ]
    )
    names = list(loaded)
    fresh = type(instance)._default_manager.get(pk=instance.pk)
    raise EditConflict(message, stamp(fresh, names))


audit.UPDATE_CHECKS.append(check)


class OptimisticLockMixin(forms.BaseForm):
    """Adds the signed hidden field with the loaded version to a ``ModelForm``."""

    instance: models.Model

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        names = [name for name in self.fields if name != FIELD]
        self.fields[FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=stamp(self.instance, names)
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        token = cleaned.pop(FIELD, "") if FIELD in cleaned else ""
        if token and self.instance.pk is not None:
            try:
                loaded = signing.loads(token, salt=_SALT)
            except signing.BadSignature:
                raise ValidationError(
                    _("The form could not be checked; open it again."), code="bad_version"
                ) from None
            if tuple(loaded["key"]) == _key(self.instance):
                expected = _expected.get()
                if expected is not None:
                    expected[_key(self.instance)] = loaded["values"]
        return cleaned

    def add_error(self, field: str | None, error: Any) -> None:
        if isinstance(error, EditConflict):
            self.data = self.data.copy()
            self.data[self.add_prefix(FIELD)] = error.current_stamp
        super().add_error(field, error)


class LockingMiddleware:
    """Keep the edit expectations registered by forms to the request that registered them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _expected.set({})
        try:
            return self.get_response(request)
        finally:
            _expected.reset(token)
