"""Pages of the org area (tenant hosts), mounted at /to-chuc/."""

from django.urls import path

from core.orgtree import views

app_name = "org"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:unit_id>/", views.unit_detail, name="unit"),
    path("<int:unit_id>/<slug:action>/", views.unit_action, name="unit_action"),
]
