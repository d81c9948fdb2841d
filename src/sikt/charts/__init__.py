"""One chart stack for pages, documents and reports (issue 8 item 7).

Pure Python (no Django): ``sikt.calc``'s HTML report, the calculation pages and the decision
documents describe charts with the same specifications (:class:`BarChart`, :class:`Histogram`,
:class:`Tornado`, :class:`LineChart` …) and draw them with matplotlib through :func:`svg`
(inline on pages and in the HTML report, text kept as text) or :func:`png` (PDF and DOCX, with
title and description in the PNG's metadata). Every chart has a title, labelled axes with units,
Swedish number format (space thousands, "mnkr" when amounts reach millions), a legend outside the
plot that is never clipped, and an empty state that says there are no values yet instead of
drawing "0 %" or a stray bar.
"""

from sikt.charts.render import png, svg
from sikt.charts.specs import (
    BarChart,
    Chart,
    Choropleth,
    Histogram,
    LineChart,
    MapArea,
    Sankey,
    Scatter,
    Tornado,
    is_empty,
)

__all__ = [
    "BarChart",
    "Chart",
    "Choropleth",
    "Histogram",
    "LineChart",
    "MapArea",
    "Sankey",
    "Scatter",
    "Tornado",
    "is_empty",
    "png",
    "svg",
]
