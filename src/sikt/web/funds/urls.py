from django.urls import path

from sikt.web.funds.views import ledger, parts, payouts, repayments
from sikt.web.policy import Action, decide, rule

app_name = "funds"

FUND = "funds.fund"
ENTRY = "funds.ledgerentry"
COST_REPORT = "funds.costreport"
REVISION = "funds.repaymentrevision"

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

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "overview": rule(FUND, Action.VIEW),
        "ledger": rule(ENTRY, Action.VIEW),
        "ledger-export": rule(ENTRY, Action.VIEW),
        "entry": rule(ENTRY, Action.VIEW, post=rule(ENTRY, Action.CREATE)),
        "allocation-new": rule(ENTRY, Action.CREATE),
        "period-close": rule("funds.closedperiod", Action.CREATE),
        "parts": rule(FUND, Action.CREATE),
        "initiatives": rule(COST_REPORT, Action.VIEW),
        "initiative": rule(COST_REPORT, Action.VIEW),
        "report-new": rule(COST_REPORT, Action.CREATE),
        "overrun-new": rule("funds.overrundecision", Action.CREATE),
        "report": rule(
            COST_REPORT,
            Action.VIEW,
            post=rule(
                COST_REPORT,
                Action.CREATE,
                success=302,
                also=rule(COST_REPORT, Action.REVIEW, success=302),
            ),
        ),
        "cost-import": rule(COST_REPORT, Action.CREATE),
        "waiting": rule(COST_REPORT, Action.VIEW),
        "repayments": rule(REVISION, Action.VIEW, post=rule("funds.budgetadoption", Action.CREATE)),
        "repayments-export": rule(REVISION, Action.VIEW),
        "revision-new": rule(REVISION, Action.CREATE),
        "revision": rule(REVISION, Action.VIEW, post=rule(REVISION, Action.REVIEW)),
    },
)
