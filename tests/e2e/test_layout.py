"""No page overflows sideways at 1024 and 1366 px (issue 8 item 9): wide tables scroll inside
their own box, charts shrink, long words wrap. Visits every page type — lists, records, forms,
chart pages, the decision-document preview, the change history — as the demo's coordinator and
economist in real Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sikt.web.calculations.models import Calculation
from sikt.web.demo import DEMO_PASSWORD, seed_demo
from sikt.web.evaluation.demo import DEMO_TITLE
from sikt.web.initiatives.models import Initiative
from sikt.web.sharing.models import Adoption
from sikt.web.unitcosts.models import UnitCostEntry

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1024, 1366)
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"


def _urls() -> list[str]:
    calculation = Calculation.objects.select_related("initiative").order_by("pk").first()
    assert calculation is not None
    initiative = calculation.initiative
    unit_cost = UnitCostEntry.objects.filter(organization=initiative.organization).first()
    assert unit_cost is not None
    adoption = Adoption.objects.filter(organization=initiative.organization).first()
    assert adoption is not None
    typed = next(c for c in Calculation.objects.order_by("pk") if c.case.get("type_cases"))
    implemented = Initiative.objects.get(title=DEMO_TITLE)
    valued = next(c for c in Calculation.objects.order_by("pk") if c.case.get("outcomes"))
    return [
        reverse("shell:home"),
        reverse("shell:organization"),
        reverse("initiatives:list"),
        reverse("initiatives:queue"),
        reverse("initiatives:ruleset"),
        reverse("initiatives:detail", args=[initiative.pk]),
        reverse("initiatives:idea-edit", args=[initiative.pk]),
        reverse("design:index"),
        reverse("design:logic-model", args=[initiative.pk]),
        reverse("design:risks", args=[initiative.pk]),
        reverse("calculations:index"),
        reverse("calculations:detail", args=[calculation.pk]),
        reverse("calculations:general", args=[calculation.pk]),
        reverse("calculations:outcome", args=[valued.pk]) + "?rad=0",
        reverse("calculations:type-case", args=[typed.pk]) + "?rad=0",
        reverse("reports:portfolio"),
        reverse("reports:document", args=[initiative.pk]),
        reverse("unitcosts:list"),
        reverse("unitcosts:detail", args=[unit_cost.pk]),
        reverse("unitcosts:edit", args=[unit_cost.pk]),
        reverse("unitcosts:import"),
        reverse("sharing:list"),
        reverse("sharing:model", args=[adoption.version.shared_model_id]),
        reverse("sharing:version", args=[adoption.version_id]),
        reverse("sharing:adoption", args=[adoption.pk]),
        reverse("sharing:knowledge"),
        reverse("evaluation:implementation", args=[implemented.pk]),
        reverse("audit:history", args=["initiatives.initiative", initiative.pk]),
        reverse("audit:history", args=["calculations.calculation", calculation.pk]),
    ]


def _login(page: Any, url: str, username: str) -> None:
    page.set_default_timeout(90_000)  # many pages on a shared, busy machine
    page.goto(f"{url}/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


#: Pages only another role may open; the economist sees every other page type.
COORDINATOR_ONLY = ("initiatives:queue", "initiatives:ruleset")


def test_no_page_overflows_sideways(live_server: Any, browser: Any) -> None:
    seed_demo()
    assert Initiative.objects.exists()
    urls = _urls()
    coordinator_urls = {reverse(name) for name in COORDINATOR_ONLY}
    wide, shown = [], set()
    for username, allowed in (
        ("ekonom", [u for u in urls if u not in coordinator_urls]),
        ("samordnare", sorted(coordinator_urls)),
    ):
        context = browser.new_context(locale="sv-SE")
        page = context.new_page()
        _login(page, live_server.url, username)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for url in allowed:
                response = page.goto(f"{live_server.url}{url}")
                assert response is not None and response.status in (200, 403), (username, url)
                if response.status == 200:
                    shown.add(url)
                overflow = page.evaluate(OVERFLOW)
                if overflow > 0:
                    wide.append(f"{url} at {width} px: {overflow} px too wide")
        context.close()
    assert wide == []
    assert len(shown) >= len(urls) - 3, sorted(set(urls) - shown)  # a 403 page is measured too


def test_wide_tables_keep_their_first_column_in_view(live_server: Any, page: Any) -> None:
    seed_demo()
    _login(page, live_server.url, "ekonom")
    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(f"{live_server.url}{reverse('unitcosts:list')}")
    box = page.locator(".table-scroll").first
    assert box.evaluate("element => element.scrollWidth > element.clientWidth")
    first = box.locator("tbody tr").first.locator("th, td").first
    before = first.bounding_box()
    box.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    after = first.bounding_box()
    assert before is not None and after is not None
    assert abs(after["x"] - before["x"]) < 1  # sticky: the first column stays put
