"""Real-browser tests: Playwright drives Debian's Chromium against a live Sikt server.

Without ``/usr/bin/chromium`` the tests are skipped with a message locally; with ``CI=true``
they fail, so CI always runs them. Every visited page is scanned with axe-core (vendored
``axe.min.js``), and a serious or critical violation fails the test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

CHROMIUM = os.environ.get("SIKT_TEST_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
LAUNCH_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
# What Chromium says when the document is replaced while a script is injected or run.
NAVIGATION_SIGNS = (
    "Execution context was destroyed",
    "reading 'appendChild'",
    "axe is not defined",
)


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if _ci():
            pytest.fail(message + "; CI=true requires the browser tests")
        pytest.skip(message + "; skipping browser tests")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    # Generous limits: CI runs two test workers on two cores, so a page that answers in 0.3 s
    # alone may take tens of seconds while a simulation runs beside it. A wrong page still fails.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    expect.set_options(timeout=30_000)
    yield page
    context.close()


def _scan(page: Any) -> dict[str, Any]:
    """Inject axe-core and scan the loaded page.

    A click that navigates returns before the next document exists; injecting then meets a
    document without a head ("Cannot read properties of null") or a context that is torn down.
    So wait for the load, and scan again (twice at most) if the page was replaced under the scan.
    """
    for _retry in range(2):
        try:
            return _inject_and_run(page)
        except PlaywrightError as error:
            if not any(sign in str(error) for sign in NAVIGATION_SIGNS):
                raise
    return _inject_and_run(page)


def _inject_and_run(page: Any) -> dict[str, Any]:
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(  # type: ignore[no-any-return]
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )


def assert_accessible(page: Any) -> None:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page; fail on serious or critical issues."""
    result = _scan(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"accessibility violations on {page.url}: {serious}"
