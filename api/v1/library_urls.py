"""API v1 routes of the documents library."""

from django.urls import path

from api.v1 import library

urlpatterns = [
    path("documents/", library.DocumentListApi.as_view(), name="documents"),
    path("documents/bookmarks/", library.BookmarkListApi.as_view(), name="document_bookmarks"),
    path("documents/<int:document_id>/", library.DocumentApi.as_view(), name="document"),
    path("documents/<int:document_id>/bookmark/", library.BookmarkApi.as_view(), name="document_bookmark"),
    path(
        "documents/<int:document_id>/attachments/<int:attachment_id>/",
        library.AttachmentApi.as_view(),
        name="document_attachment",
    ),
]
