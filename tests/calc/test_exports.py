"""The XLSX workbook recomputes to the engine's numbers; the HTML report is self-contained."""

import re

import formulas
import pytest

from sikt.calc import (
    example_case_paths,
    load_case,
    run_deterministic,
)
from sikt.calc.export.html import report_html
from sikt.calc.export.xlsx import workbook_bytes
from sikt.calc.results import perspective_groups


def _recompute(path):
    """Every cell value as computed by the `formulas` engine (not the cached values)."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, cell in solution.items():
        match = re.fullmatch(r"'\[[^\]]+\](.+)'!([A-Z]+\d+)", key)
        if match:
            out[(match.group(1), match.group(2))] = cell.value[0, 0]
    return out


@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_workbook_formulas_recompute_to_engine_npv(tmp_path, library, path):
    case = load_case(path, library)
    result = run_deterministic(case, library)
    target = tmp_path / "audit.xlsx"
    target.write_bytes(workbook_bytes(case, result, library))
    cells = _recompute(target)
    for row, (key, *_rest) in enumerate(perspective_groups(case), start=2):
        expected = result.perspective(key)
        assert cells[("RESULTAT", f"D{row}")] == pytest.approx(expected.npv, rel=1e-9, abs=1e-3)
        assert cells[("RESULTAT", f"B{row}")] == pytest.approx(
            expected.pv_costs, rel=1e-9, abs=1e-3
        )


def test_workbook_recalculates_when_an_input_changes(tmp_path, case_dict, library):
    # Changing the discount rate in the workbook must flow through to the NPV formulas.
    case = load_case(case_dict(discounting={"rate": 0.035}))
    data = workbook_bytes(case, run_deterministic(case, library), library)
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    flows = book["Kassaflöden"]
    for column in "CDEFG":
        flows[f"{column}2"] = 0.0
    target = tmp_path / "changed.xlsx"
    book.save(target)
    zero_rate = load_case(case_dict(discounting={"rate": 0.0}))
    expected = run_deterministic(zero_rate, library).perspective("organisation").npv
    row = [k for k, *_ in perspective_groups(case)].index("organisation") + 2
    assert _recompute(target)[("RESULTAT", f"D{row}")] == pytest.approx(expected)


def test_html_report_is_self_contained_and_accessible(library, full_report):
    case = load_case(example_case_paths()[0], library)
    html = full_report(case, library)
    assert "<script" not in html
    assert not re.search(r'(src|href)="https?:', html)
    assert html.count("<caption>") == html.count("<table>") >= 4
    assert 'scope="row"' in html and 'scope="col"' in html
    assert html.count("<svg") >= 3 and 'role="img"' in html
    assert case.name in html


def test_html_report_shows_the_whole_discount_rate_schedule(case_dict, library):
    # Green Book style: 3.5 % for the first 30 years, then 3 %; the report lists both periods.
    case = load_case(
        case_dict(horizon_years=40, discounting={"schedule": [0.035] * 30 + [0.03, 0.0325]})
    )
    html = report_html(case, run_deterministic(case, library))
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="n">([^<]+)</td>', html)
    assert rows[:3] == [
        ("2025–2054", "3,5\u00a0%"),
        ("2055", "3\u00a0%"),
        ("2056–2064", "3,25\u00a0%"),
    ]
