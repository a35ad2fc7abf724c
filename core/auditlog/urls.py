"""Pages of the audit area (tenant hosts), mounted at /nhat-ky/."""

from django.urls import path

from core.auditlog import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("nhat-ky.csv", views.audit_csv, name="csv"),
]
