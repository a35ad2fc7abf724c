"""The notification centre, mounted at /thong-bao/ (namespace `notifications`)."""

from django.urls import path

from core.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("doc-het/", views.notification_read_all, name="read_all"),
    path("<int:notification_id>/", views.notification_open, name="open"),
    path("cai-dat/", views.notification_settings, name="settings"),
    path("thiet-bi/<int:subscription_id>/xoa/", views.device_remove, name="device_remove"),
]
