"""API v1 routes of the virtual assistant and of feedback."""

from django.urls import path

from api.v1 import assistant, feedback

urlpatterns = [
    path("assistant/ask/", assistant.AskApi.as_view(), name="assistant_ask"),
    path("assistant/questions/<int:question_id>/forward/", assistant.ForwardApi.as_view(), name="assistant_forward"),
    path("assistant/entries/", assistant.EntryListApi.as_view(), name="assistant_entries"),
    path("feedback/threads/", feedback.MyThreadsApi.as_view(), name="feedback_threads"),
    path("feedback/threads/<int:thread_id>/", feedback.ThreadApi.as_view(), name="feedback_thread"),
    path("feedback/threads/<int:thread_id>/replies/", feedback.ReplyApi.as_view(), name="feedback_reply"),
    path("feedback/threads/<int:thread_id>/status/", feedback.StatusApi.as_view(), name="feedback_status"),
    path("feedback/inbox/", feedback.InboxApi.as_view(), name="feedback_inbox"),
]
