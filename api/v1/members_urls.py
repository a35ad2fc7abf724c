"""API v1 routes of the members area."""

from django.urls import path

from api.v1 import members

urlpatterns = [
    path("members/", members.MemberListApi.as_view(), name="members"),
    path("members/<int:member_id>/", members.MemberDetailApi.as_view(), name="member"),
]
