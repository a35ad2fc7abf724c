"""Pages of the meetings area (tenant hosts), mounted at /sinh-hoat/."""

from django.urls import path

from core.meetings import proceedings_views as pv
from core.meetings import schedule_views, views, votes_views

app_name = "meetings"

urlpatterns = [
    path("", views.my_meeting, name="mine"),
    path("sap-toi/<int:meeting_id>/", views.my_meeting, name="upcoming"),
    path("<int:meeting_id>/y-kien/", views.opinion, name="opinion"),
    path("y-kien/<int:opinion_id>/sua/", views.opinion_edit, name="opinion_edit"),
    path("<int:meeting_id>/diem-danh/", views.check_in, name="check_in"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/<int:meeting_id>/", views.detail, name="detail"),
    path("quan-ly/<int:meeting_id>/noi-dung/", views.agenda_add, name="agenda_add"),
    path("quan-ly/<int:meeting_id>/thong-bao/", views.publish, name="publish"),
    path("quan-ly/<int:meeting_id>/ma-diem-danh/", views.live_code, name="code"),
    path("quan-ly/<int:meeting_id>/diem-danh/<int:member_id>/", views.attendance_set, name="attendance_set"),
    # proceedings and catch-up (core/meetings/proceedings_views.py)
    path("quan-ly/<int:meeting_id>/da-hop/", pv.mark_held, name="mark_held"),
    path("quan-ly/<int:meeting_id>/bien-ban/", pv.minutes_save, name="minutes_save"),
    path("quan-ly/<int:meeting_id>/bien-ban/duyet/", pv.minutes_approve, name="minutes_approve"),
    path("quan-ly/<int:meeting_id>/nghi-quyet/", pv.resolution, name="resolution"),
    path("quan-ly/<int:meeting_id>/nhiem-vu/", pv.task_add, name="task_add"),
    path("quan-ly/<int:meeting_id>/kiem-diem/", pv.task_review, name="task_review"),
    path("quan-ly/<int:meeting_id>/ket-thuc/", pv.close, name="close"),
    path("quan-ly/<int:meeting_id>/xem-lai/<int:member_id>/", pv.briefed, name="briefed"),
    path("quan-ly/<int:meeting_id>/huy/", pv.cancel, name="cancel"),
    path("da-hop/", pv.history, name="history"),
    path("da-hop/<int:meeting_id>/", pv.past_detail, name="past"),
    path("nhiem-vu/", pv.tasks_mine, name="tasks_mine"),
    path("nhiem-vu/<int:task_id>/trang-thai/", pv.task_status, name="task_status"),
    # votes (core/meetings/votes_views.py)
    path("bieu-quyet/<int:vote_id>/", votes_views.ballot, name="vote_ballot"),
    path("quan-ly/<int:meeting_id>/bieu-quyet/", votes_views.vote_open, name="vote_open"),
    path("quan-ly/bieu-quyet/<int:vote_id>/", votes_views.live, name="vote_live"),
    path("quan-ly/bieu-quyet/<int:vote_id>/ghi-thay/", votes_views.proxy, name="vote_proxy"),
    path("quan-ly/bieu-quyet/<int:vote_id>/phieu-giay/", votes_views.paper, name="vote_paper"),
    path("quan-ly/bieu-quyet/<int:vote_id>/ket-thuc/", votes_views.close, name="vote_close"),
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
