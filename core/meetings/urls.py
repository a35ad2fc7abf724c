"""Pages of the meetings area (tenant hosts), mounted at /sinh-hoat/."""

from django.urls import path

from core.meetings import stats_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.my_meeting, name="mine"),
    path("<int:meeting_id>/y-kien/", views.opinion, name="opinion"),
    path("<int:meeting_id>/diem-danh/", views.check_in, name="check_in"),
    path("quan-ly/", views.manage, name="manage"),
    path("thong-ke/", stats_views.meeting_stats, name="stats"),
    path("quan-ly/<int:meeting_id>/", views.detail, name="detail"),
    path("quan-ly/<int:meeting_id>/noi-dung/", views.agenda_add, name="agenda_add"),
    path("quan-ly/<int:meeting_id>/thong-bao/", views.publish, name="publish"),
    path("quan-ly/<int:meeting_id>/ma-diem-danh/", views.live_code, name="code"),
    path("quan-ly/<int:meeting_id>/diem-danh/<int:member_id>/", views.attendance_set, name="attendance_set"),
]
