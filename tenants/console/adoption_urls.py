"""Adoption pages of one tenant, mounted at /console/dang-bo/<tenant_id>/so-lieu/ (namespace console:adoption)."""

from django.urls import path

from tenants.console import adoption_day_views
from tenants.console import adoption_views as views

app_name = "adoption"

urlpatterns = [
    path("", views.adoption_page, name="page"),
    path("ngay/", adoption_day_views.adoption_day, name="day"),
    path("bao-cao/", views.adoption_report, name="report"),
    path("so-lieu.csv", views.adoption_csv, name="csv"),
    path("so-lieu.xlsx", views.adoption_xlsx, name="xlsx"),
]
