"""API v1 routes of the org area."""

from django.urls import path

from api.v1 import org

urlpatterns = [
    path("org/units/", org.OrgUnitListApi.as_view(), name="org_units"),
    path("org/units/<str:code>/", org.OrgUnitDetailApi.as_view(), name="org_unit"),
]
