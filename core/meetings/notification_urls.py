"""The notifications page, mounted at /thong-bao/ (namespace `notifications`)."""

from django.urls import path

from core.meetings import notification_views

app_name = "notifications"

urlpatterns = [
    path("", notification_views.notification_list, name="list"),
    path("doc-het/", notification_views.notification_read_all, name="read_all"),
    path("<int:notification_id>/", notification_views.notification_open, name="open"),
]
