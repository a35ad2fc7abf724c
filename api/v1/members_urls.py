"""API v1 routes of the members area."""

from django.urls import path

from api.v1 import members_write as w

urlpatterns = [
    path("members/", w.MemberCollectionApi.as_view(), name="members"),
    path("members/<int:member_id>/", w.MemberResourceApi.as_view(), name="member"),
    path("members/<int:member_id>/status/", w.MemberStatusApi.as_view(), name="member_status"),
    path("members/<int:member_id>/smartphone/", w.MemberSmartphoneApi.as_view(), name="member_smartphone"),
    path("members/<int:member_id>/file/", w.MemberFileApi.as_view(), name="member_file"),
    path("members/<int:member_id>/file/work/", w.MemberWorkApi.as_view(), name="member_work"),
    path("members/<int:member_id>/file/rewards/", w.MemberRewardApi.as_view(), name="member_rewards"),
    path("members/<int:member_id>/file/disciplines/", w.MemberDisciplineApi.as_view(), name="member_disciplines"),
]
