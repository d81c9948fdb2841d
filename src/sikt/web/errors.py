"""The server-error page: Swedish, without a request context, and honest about a lost database.

Django calls :func:`server_error` (``handler500``) while the exception is being handled, so the
page can tell a database that went away (connection refused, closed mid-request, locked beyond
the busy timeout) from any other fault. Either way the request's transaction has been rolled
back — every write goes through a service inside ``transaction.atomic`` — so the page can say
that nothing was saved.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader


def database_unavailable(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what caused it) means the database could not be used."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """Render ``500.html``; status 503 when the database was not reachable."""
    unavailable = database_unavailable(sys.exc_info()[1])
    body = loader.get_template("500.html").render({"database_unavailable": unavailable})
    if unavailable:
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(body)
