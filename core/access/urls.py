"""Pages of the access area (tenant hosts)."""

from django.urls import URLPattern, URLResolver

app_name = "access"

urlpatterns: list[URLPattern | URLResolver] = []
