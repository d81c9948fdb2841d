"""A Kolada transport that answers from recorded responses (tests/analysis/kolada/*.json)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from sikt.analysis.kolada import KoladaError
from sikt.text import Text

RECORDED = Path(__file__).with_name("kolada")

#: Path after ``/v3/`` (plus ``#page=N`` for later pages) → recorded file.
ROUTES = {
    "kpi": "kpi_search.json",
    "kpi/N15419,N00945": "kpi_N15419_N00945.json",
    "kpi/N15419": "kpi_N15419.json",
    "municipality": "municipality_1.json",
    "municipality#page=2": "municipality_2.json",
    "municipality_groups/G124026": "municipality_groups_G124026.json",
    "data/kpi/N15419/municipality/0000,0380,0003,0580,1280,0480/year/2023,2024": "data_1.json",
    "data/kpi/N15419/municipality/0000,0380,0003,0580,1280,0480/year/2023,2024#page=2": (
        "data_2.json"
    ),
}


class Recorded:
    """``fetch(url)`` from the recorded files; unknown URLs answer 404. Keeps every URL asked."""

    def __init__(self, routes: dict[str, str] | None = None) -> None:
        self.routes = ROUTES if routes is None else routes
        self.requested: list[str] = []

    @staticmethod
    def key(url: str) -> str:
        parsed = urlparse(url)
        key = parsed.path.removeprefix("/v3/")
        page = parse_qs(parsed.query).get("page")
        return f"{key}#page={page[0]}" if page and page[0] != "1" else key

    def __call__(self, url: str) -> bytes:
        self.requested.append(url)
        name = self.routes.get(self.key(url))
        if name is None:
            raise KoladaError(Text("finns inte", "not found"), status=404)
        return (RECORDED / name).read_bytes()
