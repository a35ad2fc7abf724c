"""API v1 routes of the meetings area."""

from django.urls import path

from api.v1 import meetings, meetings_proceedings, meetings_schedule, meetings_stats, meetings_votes
from api.v1 import meetings_secretary as sec
from api.v1 import meetings_secretary_proceedings as sec_p

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
    path("stats/meetings/", meetings_stats.MeetingStatsApi.as_view(), name="stats_meetings"),
]

# The secretary's API (phone client): meetings of the cells the caller runs (MEETINGS_RUN), 404 for the others.
MANAGE = "meetings/manage/"
urlpatterns += [
    path(MANAGE, sec.ManagedMeetingsApi.as_view(), name="manage_meetings"),
    path(MANAGE + "<int:meeting_id>/", sec.ManagedMeetingApi.as_view(), name="manage_meeting"),
    path(MANAGE + "<int:meeting_id>/agenda/", sec.AgendaApi.as_view(), name="manage_agenda"),
    path(MANAGE + "<int:meeting_id>/publish/", sec.PublishApi.as_view(), name="manage_publish"),
    path(MANAGE + "<int:meeting_id>/reschedule/", sec.RescheduleApi.as_view(), name="manage_reschedule"),
    path(MANAGE + "<int:meeting_id>/cancel/", sec.CancelApi.as_view(), name="manage_cancel"),
    path(MANAGE + "<int:meeting_id>/held/", sec.HeldApi.as_view(), name="manage_held"),
    path(MANAGE + "<int:meeting_id>/close/", sec.CloseApi.as_view(), name="manage_close"),
    path(MANAGE + "<int:meeting_id>/check-in-code/", sec.CheckInCodeApi.as_view(), name="manage_code"),
    path(MANAGE + "<int:meeting_id>/attendance/", sec.AttendanceApi.as_view(), name="manage_attendance"),
    path(MANAGE + "<int:meeting_id>/opinions/", sec.ProxyOpinionApi.as_view(), name="manage_opinions"),
    path(MANAGE + "<int:meeting_id>/documents/", sec.DocumentUploadApi.as_view(), name="manage_documents"),
    path(MANAGE + "documents/<int:document_id>/", sec.DocumentRemoveApi.as_view(), name="manage_document"),
    path(MANAGE + "<int:meeting_id>/minutes/", sec_p.MinutesApi.as_view(), name="manage_minutes"),
    path(MANAGE + "<int:meeting_id>/minutes/approve/", sec_p.MinutesApproveApi.as_view(), name="manage_approve"),
    path(MANAGE + "<int:meeting_id>/resolution/", sec_p.ResolutionApi.as_view(), name="manage_resolution"),
    path(MANAGE + "<int:meeting_id>/tasks/", sec_p.TasksApi.as_view(), name="manage_tasks"),
    path(MANAGE + "<int:meeting_id>/task-reviews/", sec_p.TaskReviewsApi.as_view(), name="manage_task_reviews"),
    path(MANAGE + "<int:meeting_id>/catch-up/", sec_p.BriefedApi.as_view(), name="manage_briefed"),
    path(MANAGE + "<int:meeting_id>/votes/", sec_p.VoteOpenApi.as_view(), name="manage_votes"),
    path(MANAGE + "votes/<int:vote_id>/proxy/", sec_p.ProxyBallotApi.as_view(), name="manage_vote_proxy"),
    path(MANAGE + "votes/<int:vote_id>/paper/", sec_p.PaperBallotsApi.as_view(), name="manage_vote_paper"),
    path(MANAGE + "votes/<int:vote_id>/close/", sec_p.VoteCloseApi.as_view(), name="manage_vote_close"),
]
