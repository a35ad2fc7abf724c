"""Feedback pages, mounted at /y-kien/ (namespace `feedback`)."""

from django.urls import path

from core.feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.my_list, name="mine"),
    path("gui/", views.thread_new, name="new"),
    path("gui-thay/", views.proxy_pick, name="proxy"),
    path("hop-thu/", views.handler_inbox, name="inbox"),
    path("<int:thread_id>/", views.thread_detail, name="detail"),
    path("<int:thread_id>/tra-loi/", views.thread_reply, name="reply"),
    path("<int:thread_id>/trang-thai/", views.thread_status, name="status"),
    path("<int:thread_id>/tep/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
