"""Client for Kolada, the national key-indicator database of Swedish municipalities and regions.

Kolada (RKA, https://www.kolada.se) publishes an open REST API, version 3 at
``https://api.kolada.se/v3`` (OpenAPI description at ``/v3/docs``). Every answer is JSON of the
form ``{"values": [...], "count": n, "next_url": "…" | null, "previous_url": …}``; a long answer
is split into pages and the client follows ``next_url`` until it is empty. The endpoints used:

* ``/kpi?title=…`` (search) and ``/kpi/{ids}`` (metadata): ``id``, ``title``, ``description``,
  ``is_divided_by_gender``, ``municipality_type`` (``K``, ``L``, ``A``), ``operating_area``,
  ``perspective``, ``publication_date``, ``prel_publication_date``, ``publ_period``;
* ``/municipality`` (``id``, ``title``, ``type`` ``K`` municipality / ``L`` region; ``0000``
  is the country) and ``/municipality_groups`` (``id``, ``title``, ``members``) — among them
  the "liknande kommuner" groups of similar municipalities;
* ``/data/kpi/{kpis}/municipality/{municipalities}/year/{years}``: one item per KPI, area and
  year with ``values`` per gender (``T`` total, ``K`` women, ``M`` men), each with ``value``,
  ``status`` and ``count``.

Kolada answers HTTP 422 when a path lists too many ids, so ids are sent in batches of at most
:data:`BATCH` per path segment; should a batch still be refused with 422, it is split in half
and retried. The transport is a plain function ``fetch(url) -> bytes`` (urllib from the
standard library by default) so tests run against recorded responses without a network.

Terms: Kolada's data may be used freely with the source given as "Källa: Kolada"
(:data:`sikt.analysis.store.KOLADA_ATTRIBUTION`), shown wherever Kolada's own values are shown.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sikt.text import Text

BASE_URL = "https://api.kolada.se/v3"
#: Most ids per path segment (KPIs, municipalities or years) in one request.
BATCH = 25
PER_PAGE = 5000
MAX_PAGES = 10_000
USER_AGENT = "Sikt (https://github.com/sikt; sociala investeringar)"

Fetch = Callable[[str], bytes]


class KoladaError(RuntimeError):
    """Kolada could not be reached or answered something unusable (bilingual ``message``)."""

    def __init__(self, message: Text, *, status: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status


def urllib_fetch(url: str, *, timeout: float = 60.0) -> bytes:
    """GET ``url`` with the standard library; :class:`KoladaError` with the HTTP status."""
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as error:
        raise KoladaError(
            Text(f"Kolada svarade {error.code} på {url}", f"Kolada answered {error.code} to {url}"),
            status=error.code,
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise KoladaError(
            Text(
                f"Kolada kunde inte nås ({reason}); kräver nätverk",
                f"Kolada could not be reached ({reason}); needs a network",
            )
        ) from None


@dataclass(frozen=True, slots=True)
class KoladaKpi:
    """A key indicator's metadata as Kolada describes it."""

    id: str
    title: str
    description: str = ""
    is_divided_by_gender: bool = False
    municipality_type: str = ""
    operating_area: str = ""
    perspective: str = ""
    publication_date: date | None = None
    prel_publication_date: date | None = None
    publ_period: str = ""


@dataclass(frozen=True, slots=True)
class KoladaArea:
    """A municipality (``type`` ``K``), a region (``L``) or the country (``0000``)."""

    id: str
    title: str
    type: str = ""


@dataclass(frozen=True, slots=True)
class KoladaGroup:
    """A group of areas, e.g. Kolada's "liknande kommuner" groups of similar municipalities."""

    id: str
    title: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KoladaValue:
    """One published value: ``gender`` ``T``/``K``/``M``; ``value`` None when not published
    (``status`` then says why, e.g. too few to show)."""

    kpi: str
    municipality: str
    period: int
    gender: str
    value: float | None
    status: str = ""
    count: int | None = None


def _date(text: Any) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _kpi(item: dict[str, Any]) -> KoladaKpi:
    return KoladaKpi(
        id=str(item["id"]),
        title=str(item.get("title") or item["id"]),
        description=str(item.get("description") or ""),
        is_divided_by_gender=bool(item.get("is_divided_by_gender")),
        municipality_type=str(item.get("municipality_type") or ""),
        operating_area=str(item.get("operating_area") or ""),
        perspective=str(item.get("perspective") or ""),
        publication_date=_date(item.get("publication_date")),
        prel_publication_date=_date(item.get("prel_publication_date")),
        publ_period=str(item.get("publ_period") or ""),
    )


def _member_id(member: Any) -> str:
    """Group members come as ids or as objects (``member_id`` in v2, ``id`` in v3)."""
    if isinstance(member, dict):
        return str(member.get("member_id") or member.get("id") or "")
    return str(member)


def _group(item: dict[str, Any]) -> KoladaGroup:
    members = tuple(m for m in (_member_id(x) for x in item.get("members") or []) if m)
    return KoladaGroup(str(item["id"]), str(item.get("title") or item["id"]), members)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _values(item: dict[str, Any]) -> Iterator[KoladaValue]:
    for entry in item.get("values") or []:
        if entry.get("isdeleted"):
            continue
        count = entry.get("count")
        yield KoladaValue(
            kpi=str(item["kpi"]),
            municipality=str(item["municipality"]),
            period=int(item["period"]),
            gender=str(entry.get("gender") or "T"),
            value=_number(entry.get("value")),
            status=str(entry.get("status") or ""),
            count=int(count) if isinstance(count, int) and not isinstance(count, bool) else None,
        )


def batches(ids: Sequence[str], size: int = BATCH) -> list[list[str]]:
    """``ids`` without duplicates, in order, cut into lists of at most ``size``."""
    unique = list(dict.fromkeys(ids))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


class KoladaClient:
    """Reads Kolada's API v3; ``fetch`` is the transport (urllib by default, recorded in tests)."""

    def __init__(
        self,
        fetch: Fetch | None = None,
        *,
        base_url: str = BASE_URL,
        batch: int = BATCH,
        per_page: int = PER_PAGE,
    ) -> None:
        self.fetch = fetch or urllib_fetch
        self.base_url = base_url.rstrip("/")
        self.batch = batch
        self.per_page = per_page

    # -- transport -------------------------------------------------------------------------
    def url(self, path: str, **query: Any) -> str:
        params = {k: v for k, v in query.items() if v not in (None, "")}
        params["per_page"] = self.per_page
        return f"{self.base_url}/{path.lstrip('/')}?{urllib.parse.urlencode(params)}"

    def _json(self, url: str) -> dict[str, Any]:
        body = self.fetch(url)
        try:
            document = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise KoladaError(
                Text(f"Kolada svarade inte med JSON ({url})", f"Kolada did not answer JSON ({url})")
            ) from None
        if not isinstance(document, dict) or not isinstance(document.get("values"), list):
            raise KoladaError(
                Text(
                    f"oväntat svar från Kolada, 'values' saknas ({url})",
                    f"unexpected answer from Kolada, no 'values' ({url})",
                )
            )
        return document

    def pages(self, url: str) -> Iterator[dict[str, Any]]:
        """Every item of a (possibly paged) answer, following ``next_url``."""
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen or len(seen) >= MAX_PAGES:
                raise KoladaError(Text("Koladas sidor tar aldrig slut", "Kolada's pages never end"))
            seen.add(next_url)
            document = self._json(next_url)
            yield from document["values"]
            next_url = document.get("next_url") or None

    # -- metadata --------------------------------------------------------------------------
    def search_kpis(self, title: str) -> list[KoladaKpi]:
        """KPIs whose title contains ``title`` (Kolada's own search)."""
        return [_kpi(item) for item in self.pages(self.url("kpi", title=title))]

    def kpis(self, ids: Sequence[str]) -> list[KoladaKpi]:
        """Metadata of the KPIs ``ids`` (in batches)."""
        found: list[KoladaKpi] = []
        for part in batches(ids, self.batch):
            found.extend(_kpi(item) for item in self.pages(self.url(f"kpi/{','.join(part)}")))
        return found

    def areas(self, *, title: str | None = None) -> list[KoladaArea]:
        """The country, the regions and the municipalities (``/municipality``)."""
        return [
            KoladaArea(str(item["id"]), str(item.get("title") or ""), str(item.get("type") or ""))
            for item in self.pages(self.url("municipality", title=title))
        ]

    def groups(self, *, title: str | None = None) -> list[KoladaGroup]:
        """Groups of municipalities (``/municipality_groups``), e.g. title "Liknande kommuner"."""
        return [_group(item) for item in self.pages(self.url("municipality_groups", title=title))]

    def group(self, group_id: str) -> KoladaGroup | None:
        items = list(self.pages(self.url(f"municipality_groups/{group_id}")))
        return _group(items[0]) if items else None

    # -- data ------------------------------------------------------------------------------
    def values(
        self, kpis: Sequence[str], areas: Sequence[str], years: Sequence[int]
    ) -> list[KoladaValue]:
        """Every value of ``kpis`` × ``areas`` × ``years``, in batches, all pages."""
        result: list[KoladaValue] = []
        for kpi_part in batches(kpis, self.batch):
            for area_part in batches(areas, self.batch):
                for year_part in batches([str(y) for y in years], self.batch):
                    result.extend(self._values(kpi_part, area_part, year_part))
        return result

    def _values(self, kpis: list[str], areas: list[str], years: list[str]) -> list[KoladaValue]:
        path = f"data/kpi/{','.join(kpis)}/municipality/{','.join(areas)}/year/{','.join(years)}"
        try:
            return [value for item in self.pages(self.url(path)) for value in _values(item)]
        except KoladaError as error:
            if error.status != 422:
                raise
            # Too many ids for Kolada after all: halve the longest list and ask twice.
            longest = max((kpis, areas, years), key=len)
            if len(longest) == 1:
                raise
            half = len(longest) // 2
            parts = []
            for piece in (longest[:half], longest[half:]):
                parts.append(
                    self._values(
                        piece if longest is kpis else kpis,
                        piece if longest is areas else areas,
                        piece if longest is years else years,
                    )
                )
            return [value for part in parts for value in part]
