"""API v1 routes of the annual quality ratings."""

urlpatterns: list = []
