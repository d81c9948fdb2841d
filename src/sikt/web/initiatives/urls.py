from django.urls import path

from sikt.web.initiatives.views import pages, records, review, ruleset, steps
from sikt.web.policy import TRANSITION_STEP, Action, decide, rule

app_name = "initiatives"

INITIATIVE = "initiatives.initiative"

urlpatterns = [
    path("", pages.initiative_list, name="list"),
    path("ny/", pages.initiative_new, name="new"),
    path("ko/", review.queue, name="queue"),
    path("jamfor/", review.compare, name="compare"),
    path("regelverk/", ruleset.ruleset_page, name="ruleset"),
    path("regelverk/mall/", ruleset.ruleset_template, name="ruleset-template"),
    path("<int:pk>/", pages.initiative_detail, name="detail"),
    path("<int:pk>/ide/", pages.idea_edit, name="idea-edit"),
    path("<int:pk>/plan/", pages.plan_edit, name="plan-edit"),
    path("<int:pk>/steg/", steps.initiative_step, name="step"),
    path("<int:pk>/grundkriterier/", review.criteria, name="criteria"),
    path("<int:pk>/poang/", review.scores, name="scores"),
    path("<int:pk>/kommentarer/", records.comments, name="comments"),
    path("<int:pk>/versioner/", records.versions, name="versions"),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "list": rule(INITIATIVE, Action.VIEW),
        "new": rule(INITIATIVE, Action.CREATE),
        "queue": rule(INITIATIVE, Action.REVIEW),
        "compare": rule(INITIATIVE, Action.REVIEW),
        "ruleset": rule(
            "initiatives.ruleset",
            Action.VIEW,
            post=rule("initiatives.ruleset", Action.CHANGE),
        ),
        "ruleset-template": rule("initiatives.ruleset", Action.CHANGE, success=302),
        "detail": rule(INITIATIVE, Action.VIEW),
        "idea-edit": rule(INITIATIVE, Action.CHANGE),
        "plan-edit": rule(INITIATIVE, Action.CHANGE),
        "step": TRANSITION_STEP,
        "criteria": rule(
            INITIATIVE,
            Action.VIEW,
            post=rule("initiatives.criterionassessment", Action.CHANGE, success=302),
        ),
        "scores": rule(
            INITIATIVE, Action.VIEW, post=rule("initiatives.selectionscore", Action.CREATE)
        ),
        "comments": rule(
            "initiatives.comment",
            Action.VIEW,
            post=rule("initiatives.comment", Action.CREATE),
        ),
        "versions": rule("initiatives.applicationversion", Action.VIEW),
    },
)
