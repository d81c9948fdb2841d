from django.urls import path

from sikt.web.sharing import views

app_name = "sharing"

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
    path("kunskapsbank/", views.knowledge_bank, name="knowledge"),
    path("installningar/", views.settings_page, name="settings"),
]
