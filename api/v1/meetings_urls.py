"""API v1 routes of the meetings area."""

from django.urls import path

from api.v1 import meetings, meetings_stats

urlpatterns = [
    path("meetings/next/", meetings.NextMeetingApi.as_view(), name="meeting_next"),
    path("meetings/<int:meeting_id>/opinions/", meetings.OpinionApi.as_view(), name="meeting_opinions"),
    path("meetings/<int:meeting_id>/check-in/", meetings.CheckInApi.as_view(), name="meeting_check_in"),
    path("stats/meetings/", meetings_stats.MeetingStatsApi.as_view(), name="stats_meetings"),
]
