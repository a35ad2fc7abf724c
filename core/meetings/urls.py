"""Pages of the meetings area (tenant hosts), mounted at /sinh-hoat/."""

from django.urls import path

from core.meetings import schedule_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.my_meeting, name="mine"),
    path("<int:meeting_id>/y-kien/", views.opinion, name="opinion"),
    path("<int:meeting_id>/diem-danh/", views.check_in, name="check_in"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/<int:meeting_id>/", views.detail, name="detail"),
    path("quan-ly/<int:meeting_id>/noi-dung/", views.agenda_add, name="agenda_add"),
    path("quan-ly/<int:meeting_id>/thong-bao/", views.publish, name="publish"),
    path("quan-ly/<int:meeting_id>/ma-diem-danh/", views.live_code, name="code"),
    path("quan-ly/<int:meeting_id>/diem-danh/<int:member_id>/", views.attendance_set, name="attendance_set"),
    # schedule area (core/meetings/schedule_views.py)
    path("quan-ly/lich-dinh-ky/", schedule_views.series_save, name="series_save"),
    path("quan-ly/lich-dinh-ky/<int:series_id>/dung/", schedule_views.series_stop, name="series_stop"),
    path("quan-ly/<int:meeting_id>/doi-lich/", schedule_views.reschedule, name="reschedule"),
    path("quan-ly/<int:meeting_id>/tai-lieu/", schedule_views.document_upload, name="document_upload"),
    path("quan-ly/tai-lieu/<int:document_id>/go/", schedule_views.document_delete, name="document_delete"),
    path("tai-lieu/<int:document_id>/", schedule_views.document_download, name="document"),
    path("lich/", schedule_views.calendar_page, name="calendar"),
    path("lich/doi-khoa/", schedule_views.calendar_reset, name="calendar_reset"),
    path("lich/<str:key>.ics", schedule_views.calendar_feed, name="ical"),
]
