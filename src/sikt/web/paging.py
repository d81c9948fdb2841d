"""One way to split a long list over pages, for every list page of the app.

Why: after a 200,000-row import the unit-cost list was a 59 MB page that took a minute
(issue 13 §4). Every list shows :data:`PAGE_SIZE` rows a page, with the page number in the
query string (``?sida=2``) beside the list's own filters, which the page links keep.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """The template context of one page of ``items`` (a queryset or list): ``page`` and
    ``page_query``, the request's other parameters for the links of
    ``includes/pagination.html``. An unknown page number shows the nearest page."""
    page: Page[Any] = Paginator(items, per_page).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return {"page": page, "page_query": query.urlencode()}
