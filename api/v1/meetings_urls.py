"""API v1 routes of the meetings area."""

from django.urls import path

from api.v1 import meetings, meetings_proceedings, meetings_schedule, meetings_stats, meetings_votes

urlpatterns = [
    path("meetings/next/", meetings.NextMeetingApi.as_view(), name="meeting_next"),
    path("meetings/<int:meeting_id>/opinions/", meetings.OpinionApi.as_view(), name="meeting_opinions"),
    path("meetings/<int:meeting_id>/check-in/", meetings.CheckInApi.as_view(), name="meeting_check_in"),
    path("meetings/history/", meetings_proceedings.MeetingHistoryApi.as_view(), name="meeting_history"),
    path("meetings/<int:meeting_id>/", meetings_proceedings.PastMeetingApi.as_view(), name="meeting_past"),
    path("meetings/tasks/mine/", meetings_proceedings.MyTasksApi.as_view(), name="meeting_tasks_mine"),
    path(
        "meetings/tasks/<int:task_id>/status/", meetings_proceedings.TaskStatusApi.as_view(), name="meeting_task_status"
    ),
    path("meetings/<int:meeting_id>/votes/", meetings_votes.MeetingVotesApi.as_view(), name="meeting_votes"),
    path("meetings/votes/<int:vote_id>/ballot/", meetings_votes.BallotApi.as_view(), name="meeting_vote_ballot"),
    path("meetings/documents/<int:document_id>/", meetings_schedule.DocumentApi.as_view(), name="meeting_document"),
    path("notifications/", meetings_schedule.NotificationListApi.as_view(), name="notifications"),
    path("notifications/read/", meetings_schedule.NotificationReadApi.as_view(), name="notifications_read"),
    path("stats/meetings/", meetings_stats.MeetingStatsApi.as_view(), name="stats_meetings"),
]
