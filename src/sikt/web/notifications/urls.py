from django.urls import path

from sikt.web.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("oppna/", views.open_notification, name="open"),
    path("markera-lasta/", views.mark_all_read, name="mark-all-read"),
    path("installningar/", views.choices, name="choices"),
]
