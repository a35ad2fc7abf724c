"""Pages of the annual quality rating (tenant hosts), mounted at /xep-loai/."""

from django.urls import path

from core.ratings import views

app_name = "ratings"

urlpatterns = [
    path("", views.home, name="home"),
    path("chi-bo/<int:unit_id>/", views.cell, name="cell"),
    path("chi-bo/<int:unit_id>/duyet/", views.cell_approve, name="cell_approve"),
    path("duyet/", views.approvals, name="approvals"),
    path("to-chuc/<int:unit_id>/", views.organisations, name="organisations"),
    path("quy-dinh/", views.policy, name="policy"),
]
