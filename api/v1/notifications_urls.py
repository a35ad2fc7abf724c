"""API v1 routes of the notification centre."""

from django.urls import path

from api.v1 import notifications

urlpatterns = [
    path("notifications/", notifications.NotificationListApi.as_view(), name="notifications"),
    path("notifications/read/", notifications.NotificationReadApi.as_view(), name="notifications_read"),
    path("notifications/preferences/", notifications.PreferencesApi.as_view(), name="notification_preferences"),
    path("notifications/devices/", notifications.DevicesApi.as_view(), name="notification_devices"),
    path("notifications/vapid-key/", notifications.VapidKeyApi.as_view(), name="notification_vapid_key"),
]
