"""Rollout pages of one tenant, mounted at console/dang-bo/<tenant_id>/trien-khai/ (console namespace)."""

from django.urls import path

from tenants.console import rollout_views as views

urlpatterns = [
    path("", views.plan, name="rollout_plan"),
    path("dong-bo/", views.units_sync, name="rollout_sync"),
    path("dot/moi/", views.wave_create, name="rollout_wave_create"),
    path("dot/<int:wave_id>/chinh-thuc/", views.wave_promote, name="rollout_wave_promote"),
    path("don-vi/<int:unit_id>/chuyen/", views.unit_transition, name="rollout_unit_transition"),
    path("don-vi/<int:unit_id>/lich-su/", views.unit_history_view, name="rollout_unit_history"),
]
