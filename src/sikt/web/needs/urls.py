from django.urls import path

from sikt.web.needs import flow_views, index_views, indicator_views, variation_views, views
from sikt.web.policy import Action, decide, rule

app_name = "needs"

ANALYSIS = "needs.needsanalysis"
EVENTS = "needs.eventdataset"
MEASUREMENTS = "needs.measurementdataset"
CHART = "needs.flowchart"
RUN = "needs.flowrun"

urlpatterns = [
    path("", views.analysis_list, name="list"),
    path("ny/", views.analysis_create, name="create"),
    path("<int:pk>/", views.analysis_detail, name="detail"),
    path("<int:pk>/andra/", views.analysis_edit, name="edit"),
    path("satsning/<int:pk>/", views.for_initiative, name="for-initiative"),
]
urlpatterns += [
    path(
        f"diagram/<int:pk>/sankey.{suffix}",
        flow_views.chart_export,
        {"suffix": suffix},
        name=f"chart-{suffix}",
    )
    for suffix in ("svg", "png")
]
urlpatterns += [
    path("diagram/<int:pk>/ta-bort/", flow_views.chart_remove, name="chart-remove"),
]

urlpatterns += [
    path("indikatorer/", indicator_views.indicator_list, name="indicators"),
    path("indikatorer/importera/", indicator_views.indicator_import, name="indicator-import"),
    path("indikatorer/kolada/", indicator_views.kolada_fetch, name="kolada"),
    path("indikatorer/jamforelse/", indicator_views.comparison, name="comparison"),
    path(
        "indikatorer/jamforelse.xlsx",
        indicator_views.comparison_export,
        {"kind": "xlsx"},
        name="comparison-xlsx",
    ),
    path(
        "indikatorer/jamforelse.svg",
        indicator_views.comparison_export,
        {"kind": "svg"},
        name="comparison-svg",
    ),
    path(
        "indikatorer/jamforelse.png",
        indicator_views.comparison_export,
        {"kind": "png"},
        name="comparison-png",
    ),
    path("omraden/", index_views.areas_upload, name="areas"),
    path("index/", index_views.index, name="index"),
    path("floden/", flow_views.flow_list, name="flows"),
    path("floden/<int:pk>/", flow_views.flow_detail, name="flow"),
    path("floden/korning/<int:pk>/", flow_views.flow_run, name="flow-run"),
    path("fordelning/", variation_views.variation_list, name="variations"),
    path("fordelning/<int:pk>/", variation_views.variation_detail, name="variation"),
] + [
    path(
        f"fordelning/<int:pk>/fordelning.{kind}",
        variation_views.variation_export,
        {"kind": kind},
        name=f"variation-{kind}",
    )
    for kind in ("xlsx", "svg", "png")
]
urlpatterns += [
    path(
        f"floden/<int:pk>/flodesanalys-{kind}",
        flow_views.flow_export,
        {"kind": kind},
        name=f"flow-{kind.replace('.', '-')}",
    )
    for kind in flow_views.FLOW_EXPORTS
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "list": rule(ANALYSIS, Action.VIEW),
        "create": rule(ANALYSIS, Action.CREATE),
        "detail": rule(ANALYSIS, Action.VIEW),
        "edit": rule(ANALYSIS, Action.CHANGE),
        "for-initiative": rule(ANALYSIS, Action.VIEW, post=rule(ANALYSIS, Action.CHANGE)),
        "chart-svg": rule(CHART, Action.VIEW),
        "chart-png": rule(CHART, Action.VIEW),
        # A confirmation page; its POST removes the chart and returns to the record.
        "chart-remove": rule(CHART, Action.DELETE, post=rule(CHART, Action.DELETE, success=302)),
        "indicators": rule(ANALYSIS, Action.VIEW, post=rule(ANALYSIS, Action.CREATE)),
        "indicator-import": rule(ANALYSIS, Action.CREATE),
        "kolada": rule(ANALYSIS, Action.CREATE),
        "comparison": rule(ANALYSIS, Action.VIEW),
        "comparison-xlsx": rule(ANALYSIS, Action.VIEW),
        "comparison-svg": rule(ANALYSIS, Action.VIEW),
        "comparison-png": rule(ANALYSIS, Action.VIEW),
        "areas": rule(ANALYSIS, Action.CREATE),
        "index": rule(ANALYSIS, Action.VIEW),
        "flows": rule(EVENTS, Action.VIEW, post=rule(EVENTS, Action.CREATE)),
        # Its POST keeps the Sankey diagram on a needs analysis the user may change.
        "flow": rule(EVENTS, Action.VIEW, post=rule(ANALYSIS, Action.CHANGE, success=302)),
        "flow-run": rule(RUN, Action.VIEW),
        "variations": rule(MEASUREMENTS, Action.VIEW, post=rule(MEASUREMENTS, Action.CREATE)),
        "variation": rule(MEASUREMENTS, Action.VIEW),
        "variation-xlsx": rule(MEASUREMENTS, Action.VIEW),
        "variation-svg": rule(MEASUREMENTS, Action.VIEW),
        "variation-png": rule(MEASUREMENTS, Action.VIEW),
        "flow-xlsx": rule(EVENTS, Action.VIEW),
        "flow-sankey-svg": rule(EVENTS, Action.VIEW),
        "flow-sankey-png": rule(EVENTS, Action.VIEW),
        "flow-timeline-svg": rule(EVENTS, Action.VIEW),
        "flow-timeline-png": rule(EVENTS, Action.VIEW),
    },
)
