"""What every endpoint shares: token authentication, pagination, record lookup through the
policy, and errors as JSON in the caller's language (Swedish unless ``Accept-Language: en``).

Error bodies have one shape: ``{"detail": message, "errors": [{"field": name, "message": …}]}``;
validation errors are 422 and name the field (the same names as the request's fields).
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer
from pydantic import AfterValidator

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.api import tokens

M = TypeVar("M", bound=models.Model)

#: Largest page a client may ask for, and the last page number accepted (bounded so an offset
#: never overflows the database's integers).
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


def _no_nul(value: str) -> str:
    """Refuse NUL characters, which no text field stores (PostgreSQL would refuse them later)."""
    if "\x00" in value:
        raise ValueError("NUL character")
    return value


#: Text from a client: any string without NUL characters.
Text = Annotated[str, AfterValidator(_no_nul)]


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sikt_…`` — a personal token from the profile page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.user_for(token)
        if user is not None:
            request.user = user
        return user


class Pages(PageNumberPagination):
    """``?page=2&page_size=50``: ``{"items": [...], "count": total}``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=50, max_page_size=MAX_PAGE_SIZE, **kwargs)


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


def error(detail: str, errors: list[tuple[str | None, str]] | None = None) -> dict[str, Any]:
    return {
        "detail": detail,
        "errors": [{"field": field, "message": message} for field, message in errors or []],
    }


#: The OpenAPI extension naming the policy rule an operation is decided by.
POLICY_EXTENSION = "x-sikt-policy"


def decided(label: str, action: policy.Action) -> dict[str, str]:
    """``openapi_extra`` for an operation: the rule (``label``, ``action``) of
    :mod:`sikt.web.policy` that decides who may call it. The authorisation matrix
    (``tests/web/test_authorisation_matrix.py``) reads it from the OpenAPI document and refuses an
    operation without one, so a new endpoint cannot skip the policy unnoticed."""
    if (label, action) not in policy.RULES:
        raise ValueError(f"no policy rule {label}:{action}")
    return {POLICY_EXTENSION: f"{label}:{action}"}


def visible(request: HttpRequest, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """The records of ``queryset`` the caller may see (the policy's scope and view rule)."""
    return policy.scope_allowed(request.user, queryset)


def get_visible(request: HttpRequest, model: type[M], pk: int) -> M:
    """One record the caller may see, else 404 (another organisation's record is not found)."""
    obj: M = policy.get_scoped_or_404(request.user, model._default_manager.all(), pk=pk)
    policy.require(request.user, policy.Action.VIEW, obj)
    return obj


class NoOrganization(Exception):
    """The request did not say which organisation, and the user has several (or none)."""


def organization_for(request: HttpRequest, organization_id: int | None) -> Organization:
    """The organisation a new record belongs to: the one named, else the caller's only one."""
    organizations = policy.scope(request.user, Organization.objects.all()).filter(
        pk__in=policy.organization_ids(request.user)
    )
    if organization_id is not None:
        return policy.get_scoped_or_404(request.user, organizations, pk=organization_id)
    found = list(organizations[:2])
    if len(found) != 1:
        raise NoOrganization(
            _(
                "Name the organisation (organization_id): you are a member of more than one, "
                "or of none."
            )
        )
    return found[0]
