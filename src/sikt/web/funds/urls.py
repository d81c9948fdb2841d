from django.urls import path

from sikt.web.funds.views import ledger, parts, payouts, repayments

app_name = "funds"

urlpatterns = [
    path("", ledger.overview, name="overview"),
    path("huvudbok/", ledger.ledger, name="ledger"),
    path("huvudbok/excel/", ledger.ledger_export, name="ledger-export"),
    path("poster/<int:pk>/", ledger.entry_detail, name="entry"),
    path("anslag/ny/", ledger.allocation_new, name="allocation-new"),
    path("perioder/stang/", ledger.period_close, name="period-close"),
    path("delar/", parts.parts, name="parts"),
    path("satsningar/", payouts.initiatives, name="initiatives"),
    path("satsningar/<int:pk>/", payouts.initiative_money, name="initiative"),
    path("satsningar/<int:pk>/redovisa/", payouts.report_new, name="report-new"),
    path("satsningar/<int:pk>/over-beviljat/", payouts.overrun_new, name="overrun-new"),
    path("redovisningar/<int:pk>/", payouts.report_detail, name="report"),
    path("kostnader/import/", payouts.cost_import, name="cost-import"),
    path("att-godkanna/", payouts.waiting, name="waiting"),
    path("aterforing/", repayments.repayments, name="repayments"),
    path("aterforing/excel/", repayments.repayments_export, name="repayments-export"),
    path("aterforing/omprovning/ny/", repayments.revision_new, name="revision-new"),
    path("aterforing/omprovning/<int:pk>/", repayments.revision_detail, name="revision"),
]
