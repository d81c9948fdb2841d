"""The open API at ``/api/v1/``: one NinjaAPI, one router per area, errors in one shape.

The OpenAPI document is ``/api/v1/openapi.json``; the docs page ``/api/v1/docs`` is Swagger UI
served from the files django-ninja ships (``ninja`` is an installed app, so no CDN is used).
Every endpoint authenticates with a personal token (:class:`~sikt.web.api.common.TokenAuth`)
and checks the policy module — through the services for writes, through
:func:`~sikt.web.api.common.visible` / :func:`~sikt.web.api.common.get_visible` for reads.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from sikt.calc import InputError
from sikt.web.api.common import NoOrganization, TokenAuth, error
from sikt.web.api.endpoints import (
    agreements,
    calculations,
    followup,
    funds,
    initiatives,
    unitcosts,
)

#: Parts of a pydantic error location that are not the field's name.
_LOCATION_PARTS = {"body", "query", "path", "payload", "header", "cookie"}

api = NinjaAPI(
    title="Sikt API",
    version="1",
    description=(
        "Sikts öppna API: satsningar, kalkyler, enhetskostnader, uppföljning, fonden och "
        "överenskommelser. "
        "Autentisera med en personlig API-nyckel (Authorization: Bearer sikt_…) som skapas "
        "på profilsidan. / Sikt's open API; authenticate with a personal token from the "
        "profile page."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)
api.add_router("/initiatives", initiatives.router)
api.add_router("/calculations", calculations.router)
api.add_router("/unit-costs", unitcosts.router)
api.add_router("/follow-up", followup.router)
api.add_router("/funds", funds.router)
api.add_router("/agreements", agreements.router)


def _respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    detail = _("A valid API token is required: send the header Authorization: Bearer sikt_….")
    return _respond(request, 401, error(detail))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _respond(request, 403, error(_("You do not have permission to do this.")))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _respond(request, 404, error(_("Not found.")))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _respond(request, exc.status_code, error(str(exc)))


def _schema_message(item: dict[str, Any]) -> str:
    if item.get("type") == "missing":
        return _("This field is required.")
    reason = str(item.get("msg", ""))
    return _("Invalid value: %(reason)s") % {"reason": reason} if reason else _("Invalid value.")


@api.exception_handler(SchemaValidationError)
def _invalid_request(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    errors = []
    for item in exc.errors:
        names = [str(p) for p in item.get("loc", ()) if str(p) not in _LOCATION_PARTS]
        errors.append((".".join(names) or None, _schema_message(item)))
    return _respond(request, 422, error(_("The request is not valid."), errors))


@api.exception_handler(DjangoValidationError)
def _invalid_values(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            (None if field == "__all__" else field, message)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [(None, message) for message in exc.messages]
    return _respond(request, 422, error(_("The values were not saved."), errors))


@api.exception_handler(InputError)
def _invalid_input(request: HttpRequest, exc: InputError) -> HttpResponse:
    language = get_language() or "sv"
    errors = [(issue.path or None, issue.message.in_language(language)) for issue in exc.issues]
    return _respond(request, 422, error(_("The values were not saved."), errors))


@api.exception_handler(NoOrganization)
def _no_organization(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _respond(request, 422, error(str(exc), [("organization_id", str(exc))]))
