"""API v1 routes of the audit log."""

from django.urls import path

from api.v1 import audit

urlpatterns = [path("audit/events/", audit.AuditEventListApi.as_view(), name="audit_events")]
