from django.urls import path

from sikt.web.needs import flow_views, index_views, indicator_views, variation_views, views

app_name = "needs"

urlpatterns = [
    path("", views.analysis_list, name="list"),
    path("ny/", views.analysis_create, name="create"),
    path("<int:pk>/", views.analysis_detail, name="detail"),
    path("<int:pk>/andra/", views.analysis_edit, name="edit"),
    path("satsning/<int:pk>/", views.for_initiative, name="for-initiative"),
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
