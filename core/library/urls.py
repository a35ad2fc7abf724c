from django.urls import path

from core.library import manage_views, views

app_name = "library"

urlpatterns = [
    path("", views.library_list, name="list"),
    path("da-luu/", views.library_list, {"bookmarked": True}, name="bookmarks"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/luu/", views.bookmark_toggle, name="bookmark"),
    path("<int:document_id>/tep/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("quan-ly/", manage_views.manage_list, name="manage"),
    path("quan-ly/moi/", manage_views.document_new, name="new"),
    path("quan-ly/<int:document_id>/", manage_views.document_edit, name="edit"),
    path("quan-ly/<int:document_id>/phat-hanh/", manage_views.document_publish, name="publish"),
    path("quan-ly/<int:document_id>/thu-hoi/", manage_views.document_withdraw, name="withdraw"),
    path("quan-ly/<int:document_id>/tep/", manage_views.attachment_upload, name="attachment_upload"),
    path("quan-ly/tep/<int:attachment_id>/go/", manage_views.attachment_delete, name="attachment_delete"),
    path("quan-ly/<int:document_id>/ty-le-doc/", manage_views.document_rates, name="rates"),
]
