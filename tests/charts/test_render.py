"""Charts people can read (issue 8 item 7): a title, labelled axes with units, Swedish number
format with "mnkr" for large amounts, legends inside the picture, an empty state in words —
read back from the rendered SVG text and PNG metadata."""

from __future__ import annotations

import html
import io
import re

from PIL import Image

from sikt import charts

FLOWS = charts.BarChart(
    title="Nettoflöde per år och kostnadsbärare",
    categories=("2025", "2026", "2027"),
    series=(
        ("Socialnämnden", (-2_400_000.0, 1_200_000.0, 3_100_000.0)),
        ("Kommunstyrelsen (social investeringsfond)", (-600_000.0, 0.0, 450_000.0)),
    ),
    value_label="Nettoflöde",
    category_label="År",
)


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _view_box(svg: str) -> tuple[float, float]:
    _x, _y, width, height = map(float, re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    return width, height


def test_bar_chart_has_title_axes_with_units_swedish_ticks_and_legend():
    svg = charts.svg(FLOWS)
    texts = _texts(svg)
    assert "Nettoflöde per år och kostnadsbärare" in texts
    assert "Nettoflöde (mnkr)" in texts
    assert "År" in texts
    assert {"Socialnämnden", "Kommunstyrelsen (social investeringsfond)"} <= set(texts)
    ticks = [t for t in texts if re.fullmatch(r"[−\d ,]+", t)]
    assert any(t.startswith("−") for t in ticks)
    assert not any("." in t or "e+" in t for t in ticks)
    assert 'role="img"' in svg and "aria-label=" in svg


def test_nothing_is_drawn_outside_the_picture():
    svg = charts.svg(FLOWS)
    width, height = _view_box(svg)
    for x, y in re.findall(r'<text[^>]*transform="translate\(([\d.-]+) ([\d.-]+)\)', svg):
        assert 0 <= float(x) <= width and 0 <= float(y) <= height


def test_small_amounts_are_in_kronor_with_space_thousands():
    chart = charts.BarChart("Kostnad", ("2025",), (("Team", (450_000.0,)),), "Kostnad")
    texts = _texts(charts.svg(chart))
    assert "Kostnad (kr)" in texts
    assert any("\u00a0000" in t or " 000" in t for t in texts)


def test_empty_chart_says_there_are_no_values_instead_of_a_stray_bar():
    for empty in (
        charts.BarChart("Sannolikhet", (), (), "Andel", money=False),
        charts.BarChart("Nettoflöde", ("2025", "2026"), (("A", (0.0, 0.0)),), "Nettoflöde"),
        charts.Histogram("Fördelning", (), (), "Nettonuvärde", "Antal"),
    ):
        svg = charts.svg(empty)
        texts = _texts(svg)
        assert "Inga värden ännu" in texts
        assert empty.title in texts
        assert "0 %" not in svg
        assert "0" not in texts  # no axis, so no tick at zero and no stray bar


def test_png_carries_title_and_description_in_its_metadata():
    image = Image.open(io.BytesIO(charts.png(FLOWS)))
    assert image.info["Title"] == FLOWS.title
    assert "Socialnämnden: 2025 −2,4\u00a0mnkr" in image.info["Description"]
    empty = Image.open(io.BytesIO(charts.png(charts.BarChart("Tom", (), (), "x"))))
    assert "Inga värden ännu" in empty.info["Description"]


def test_text_from_users_is_escaped_and_not_read_as_math():
    chart = charts.BarChart(
        "Kostnad $x$ <img src=x onerror=alert(1)>", ("a<b",), (("$5 & mer", (1.0,)),), "y"
    )
    svg = charts.svg(chart)
    assert "<img" not in svg
    assert "$x$" in svg


def test_line_chart_draws_series_over_time_with_levels_and_a_dated_marker():
    import datetime as dt

    chart = charts.LineChart(
        title="Andel i arbete",
        series=(
            ("Projektet", ((dt.date(2025, 6, 30), 30.0), (dt.date(2025, 12, 31), 36.0))),
            ("Ordinarie verksamhet", ((dt.date(2026, 6, 30), 38.5),)),
            ("Jämförelse", ()),
        ),
        value_label="Andel (%)",
        time_label="Period",
        references=(("Utgångsläge", 20.0), ("Mål", 40.0)),
        markers=(("Beslut", dt.date(2026, 1, 15)),),
    )
    svg = charts.svg(chart)
    texts = _texts(svg)
    assert {"Andel i arbete", "Andel (%)", "Period", "Beslut", "Utgångsläge 20", "Mål 40"} <= set(
        texts
    )
    assert {"Projektet", "Ordinarie verksamhet"} <= set(texts) and "Jämförelse" not in texts
    assert "2026-01" in texts  # month ticks, not locale month names
    assert (
        "Projektet: 2025-06-30 30, 2025-12-31 36; Ordinarie verksamhet: 2026-06-30 38,5; "
        "Jämförelse: inga värden ännu; Utgångsläge 20; Mål 40; Beslut 2026-01-15"
    ) in html.unescape(re.search(r'aria-label="([^"]+)"', svg).group(1))
    width, height = _view_box(svg)
    for x, y in re.findall(r'<text[^>]*transform="translate\(([\d.-]+) ([\d.-]+)\)', svg):
        assert 0 <= float(x) <= width and 0 <= float(y) <= height
    empty = charts.LineChart("Tom", (("Projektet", ()),), "Andel", references=(("Mål", 4.0),))
    assert "Inga värden ännu" in _texts(charts.svg(empty))
