from django.urls import path

from sikt.web.policy import Action, decide, rule
from sikt.web.sharing import views

app_name = "sharing"

MODEL = "sharing.sharedmodel"
VERSION = "sharing.sharedmodelversion"
ADOPTION = "sharing.adoption"

urlpatterns = [
    path("", views.catalogue, name="list"),
    path("ny/", views.model_create, name="create"),
    path("<int:pk>/", views.model_detail, name="model"),
    path("<int:pk>/publicera/", views.version_publish, name="publish"),
    path("version/<int:pk>/", views.version_detail, name="version"),
    path("version/<int:pk>/anta/", views.version_adopt, name="adopt"),
    path("antagna/", views.adoption_list, name="adoptions"),
    path("antagna/<int:pk>/", views.adoption_detail, name="adoption"),
    path("antagna/<int:pk>/anvand/", views.template_apply, name="apply"),
    path("antagna/<int:pk>/typfall/", views.type_case_use, name="type-case"),
    path("kunskapsbank/", views.knowledge_bank, name="knowledge"),
    path("installningar/", views.settings_page, name="settings"),
]

#: Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py).
urlpatterns = decide(
    urlpatterns,
    {
        "list": rule(MODEL, Action.VIEW),
        "create": rule(MODEL, Action.CREATE),
        "model": rule(MODEL, Action.VIEW),
        "publish": rule(VERSION, Action.CREATE),
        "version": rule(VERSION, Action.VIEW),
        "adopt": rule(ADOPTION, Action.CREATE, success=302),
        "adoptions": rule(ADOPTION, Action.VIEW),
        "adoption": rule(ADOPTION, Action.VIEW),
        "apply": rule(ADOPTION, Action.VIEW, post=rule("design.logicelement", Action.CREATE)),
        "type-case": rule(
            ADOPTION, Action.VIEW, post=rule("calculations.calculation", Action.CHANGE)
        ),
        "knowledge": rule(MODEL, Action.VIEW),
        "settings": rule(
            "sharing.sharingsetting",
            Action.VIEW,
            post=rule("sharing.sharingsetting", Action.CHANGE),
        ),
    },
)
