"""Pages of the roles area (tenant hosts), mounted at /phan-quyen/."""

from django.urls import path

from core.access import views

app_name = "access"

urlpatterns = [
    path("", views.grant_list, name="grants"),
    path("<int:grant_id>/thu-hoi/", views.grant_revoke, name="revoke"),
]
