"""Pages of the members area (tenant hosts)."""

from django.urls import URLPattern, URLResolver

app_name = "members"

urlpatterns: list[URLPattern | URLResolver] = []
