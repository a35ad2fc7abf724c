"""API v1 routes of resolution study and quizzes."""

from django.urls import path

from api.v1 import study

urlpatterns = [
    path("study/campaigns/", study.CampaignsApi.as_view(), name="study_campaigns"),
    path("study/campaigns/<int:campaign_id>/", study.CampaignApi.as_view(), name="study_campaign"),
    path(
        "study/campaigns/<int:campaign_id>/materials/<int:material_id>/read/",
        study.MaterialReadApi.as_view(),
        name="study_material_read",
    ),
    path("study/campaigns/<int:campaign_id>/reflection/", study.ReflectionApi.as_view(), name="study_reflection"),
    path("study/campaigns/<int:campaign_id>/report/", study.ReportApi.as_view(), name="study_report"),
    path("study/quizzes/<int:quiz_id>/attempts/", study.AttemptStartApi.as_view(), name="study_attempt_start"),
    path("study/attempts/<int:attempt_id>/", study.AttemptApi.as_view(), name="study_attempt"),
    path("study/attempts/<int:attempt_id>/answers/", study.AnswerApi.as_view(), name="study_answer"),
    path("study/attempts/<int:attempt_id>/submit/", study.SubmitApi.as_view(), name="study_submit"),
]
