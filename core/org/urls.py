"""Pages of the org area (tenant hosts)."""

from django.urls import URLPattern, URLResolver

app_name = "org"

urlpatterns: list[URLPattern | URLResolver] = []
