"""API v1 routes of the meetings area."""

from django.urls import path

from api.v1 import meetings, meetings_schedule

urlpatterns = [
    path("meetings/next/", meetings.NextMeetingApi.as_view(), name="meeting_next"),
    path("meetings/<int:meeting_id>/opinions/", meetings.OpinionApi.as_view(), name="meeting_opinions"),
    path("meetings/<int:meeting_id>/check-in/", meetings.CheckInApi.as_view(), name="meeting_check_in"),
    path("meetings/documents/<int:document_id>/", meetings_schedule.DocumentApi.as_view(), name="meeting_document"),
    path("notifications/", meetings_schedule.NotificationListApi.as_view(), name="notifications"),
    path("notifications/read/", meetings_schedule.NotificationReadApi.as_view(), name="notifications_read"),
]
