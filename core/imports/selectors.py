"""Import job reads. Jobs live in the tenant's schema: another tenant's ids simply do not exist here."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from core.access.checks import has_perm_anywhere
from core.access.permissions import IMPORTS_RUN
from core.imports.models import ImportJob


def can_import(user: User | AnonymousUser | None) -> bool:
    return has_perm_anywhere(user, IMPORTS_RUN)


def import_jobs(user: User | AnonymousUser | None) -> QuerySet[ImportJob]:
    """Jobs the user may see (all of the tenant's jobs for holders of IMPORTS_RUN), without the error lists."""
    if not can_import(user):
        return ImportJob.objects.none()
    return ImportJob.objects.select_related("created_by").defer("errors")


def import_job_get(user: User | AnonymousUser | None, job_id: object) -> ImportJob:
    """The job, or Http404 alike for missing, forbidden and malformed ids."""
    if not can_import(user):
        raise Http404
    try:
        return ImportJob.objects.select_related("created_by").get(pk=int(str(job_id)))
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
