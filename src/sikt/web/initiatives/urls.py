from django.urls import path

from sikt.web.initiatives.views import pages, records, review, ruleset, steps

app_name = "initiatives"

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
