"""Pages of the audit area (tenant hosts)."""

from django.urls import URLPattern, URLResolver

app_name = "audit"

urlpatterns: list[URLPattern | URLResolver] = []
