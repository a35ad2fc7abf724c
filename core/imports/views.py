"""Imports pages (tenant hosts, /nhap-du-lieu/): jobs list, upload, job page with progress, error report.

Only holders of IMPORTS_RUN (anywhere in the tree) see these pages; everyone else gets 404. Jobs live in
the tenant's schema, so another tenant's job ids do not exist here.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core.exports.responses import csv_response
from core.imports.forms import ImportUploadForm
from core.imports.models import ImportKind
from core.imports.report import error_rows
from core.imports.selectors import can_import, import_job_get, import_jobs
from core.imports.services import import_job_create

SHOWN_ERRORS = 100


def _require_import_permission(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise Http404


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    _require_import_permission(request)
    return render(request, "tenant/imports/list.html", {"jobs": import_jobs(request.user)[:100]})


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require_import_permission(request)
    kind = request.GET.get("loai")  # preselected from a link, e.g. the committee page's "import from a file"
    initial = {"kind": kind} if kind in ImportKind.values else None
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = import_job_create(
                kind=data["kind"],
                source=data["file"],
                filename=data["file"].name,
                actor=request.user,  # type: ignore[arg-type]
                dry_run=data["dry_run"],
                mode=data["mode"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("imports:detail", job_id=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "tenant/imports/upload.html", {"form": form}, status=status)


@login_required
def detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = import_job_get(request.user, job_id)
    return render(
        request,
        "tenant/imports/detail.html",
        {"job": job, "errors": job.errors[:SHOWN_ERRORS], "more_errors": max(job.error_count - SHOWN_ERRORS, 0)},
    )


@never_cache
@login_required
def progress(request: HttpRequest, job_id: int) -> JsonResponse:
    job = import_job_get(request.user, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "progress": job.progress,
            "label": job.progress_label,
            "finished": job.is_finished,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
def error_report(request: HttpRequest, job_id: int) -> HttpResponse:
    job = import_job_get(request.user, job_id)
    return csv_response(f"bao-cao-loi-nhap-{job.pk}.csv", error_rows(job.errors))
