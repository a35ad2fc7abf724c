"""The assistant's pages, mounted at /tro-ly/ (namespace `assistant`)."""

from django.urls import path

from core.assistant import views

app_name = "assistant"

urlpatterns = [
    path("", views.ask_page, name="ask"),
    path("cau-hoi/<int:question_id>/gui-cap-uy/", views.forward, name="forward"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/them/", views.entry_edit, name="add"),
    path("quan-ly/<int:entry_id>/", views.entry_edit, name="edit"),
    path("quan-ly/tra-loi/<int:question_id>/", views.entry_edit, name="answer"),
]
