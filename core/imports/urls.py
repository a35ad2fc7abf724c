"""Pages of the imports area (tenant hosts)."""

from django.urls import URLPattern, URLResolver

app_name = "imports"

urlpatterns: list[URLPattern | URLResolver] = []
