"""Pages of the imports area (tenant hosts), mounted at /nhap-du-lieu/."""

from django.urls import path

from core.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("tai-len/", views.upload, name="upload"),
    path("<int:job_id>/", views.detail, name="detail"),
    path("<int:job_id>/tien-do/", views.progress, name="progress"),
    path("<int:job_id>/bao-cao-loi.csv", views.error_report, name="errors_csv"),
]
