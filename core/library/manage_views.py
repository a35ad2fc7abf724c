"""Pages of those who manage a committee's library (LIBRARY_EDIT / LIBRARY_PUBLISH over the unit): the list of
their documents, draft and edit, attach files, publish, withdraw with a reason, read rates per unit."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import access_object, has_perm_anywhere, has_perm_on
from core.access.permissions import LIBRARY_EDIT, LIBRARY_PUBLISH
from core.access.scope import units_in_scope
from core.content.audience import audience_label
from core.library import services
from core.library.forms import AttachmentForm, DocumentForm, WithdrawForm
from core.library.models import Attachment, Document, DocumentState
from core.library.selectors import managed_documents, read_rates
from core.org.models import OrgUnit
from core.org.selectors import org_root
from core.web import acting_user, show_error

UNIT_CHOICES_MAX = 300


def managed(request: HttpRequest, document_id: int) -> Document:
    """A tenant document of a unit where the user edits the library; 404 alike for missing and forbidden."""
    return access_object(
        Document.objects.filter(platform_id__isnull=True).select_related("unit", "audience_unit"),
        document_id,
        request.user,
        LIBRARY_EDIT,
        "unit__path",
    )


def unit_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """The top units of the user's scope and their open children (bounded)."""
    tops = units_in_scope(request.user, LIBRARY_EDIT)
    children = OrgUnit.objects.filter(parent__in=tops, valid_to__isnull=True).order_by("path")[:UNIT_CHOICES_MAX]
    return [(str(u.pk), u.name) for u in [*tops, *children]]


def form_values(request: HttpRequest, form: DocumentForm) -> tuple[OrgUnit, OrgUnit | None, dict[str, Any]]:
    data = form.cleaned_data
    unit = access_object(OrgUnit.objects.all(), data["unit"], request.user, LIBRARY_EDIT, "path")
    audience: OrgUnit | None = unit
    if data["audience_code"]:
        audience = OrgUnit.objects.filter(code=data["audience_code"].strip(), path__startswith=unit.path).first()
        if audience is None:
            raise ValidationError(_("Không có đơn vị mã “%(code)s” trực thuộc đơn vị ban hành.") % {
                "code": data["audience_code"]})  # fmt: skip
    elif data["audience"] == "all":
        audience = None
    fields = {k: data[k] for k in services.FIELDS}
    return unit, audience, fields


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, LIBRARY_EDIT):
        raise Http404
    state = request.GET.get("trang-thai", "")
    documents = managed_documents(request.user)
    if state in DocumentState.values:
        documents = documents.filter(state=state)
    return render(
        request,
        "tenant/library/manage.html",
        {"documents": documents.order_by("-updated_at", "-pk")[:100], "state": state, "states": DocumentState.choices},
    )


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, LIBRARY_EDIT):
        raise Http404
    form = DocumentForm(request.POST or None, units=unit_choices(request))
    if request.method == "POST" and form.is_valid():
        try:
            unit, audience, fields = form_values(request, form)
            document = services.document_create(actor=acting_user(request), unit=unit, audience_unit=audience, **fields)
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp. Đồng chí đính kèm tệp rồi phát hành."))
            return redirect("library:edit", document_id=document.pk)
    return render(request, "tenant/library/edit.html", {"form": form, "document": None})


def _initial(document: Document) -> dict[str, Any]:
    initial: dict[str, Any] = {k: getattr(document, k) for k in services.FIELDS}
    initial["unit"] = str(document.unit_id)
    if document.audience_unit_id is None:
        initial["audience"] = "all"
    elif document.audience_unit_id != document.unit_id and document.audience_unit is not None:
        initial["audience_code"] = document.audience_unit.code
    return initial


@login_required
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    document = managed(request, document_id)
    form = DocumentForm(request.POST or None, initial=_initial(document), units=unit_choices(request))
    if request.method == "POST" and form.is_valid():
        try:
            _unit, audience, fields = form_values(request, form)
            services.document_update(document=document, actor=acting_user(request), audience_unit=audience, **fields)
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("library:edit", document_id=document.pk)
    assert document.unit is not None
    return render(
        request,
        "tenant/library/edit.html",
        {
            "form": form,
            "document": document,
            "audience": audience_label(document.audience_unit),
            "attachments": list(document.attachments.all()),
            "attachment_form": AttachmentForm(),
            "withdraw_form": WithdrawForm(),
            "can_publish": has_perm_on(request.user, LIBRARY_PUBLISH, document.unit),
        },
    )


def _run(request: HttpRequest, action: Any, success: str) -> None:
    try:
        action()
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, success)


@login_required
@require_POST
def document_publish(request: HttpRequest, document_id: int) -> HttpResponse:
    document = managed(request, document_id)
    _run(
        request,
        lambda: services.document_publish(document=document, actor=acting_user(request)),
        _("Đã phát hành văn bản tới đảng viên."),
    )
    return redirect("library:edit", document_id=document.pk)


@login_required
@require_POST
def document_withdraw(request: HttpRequest, document_id: int) -> HttpResponse:
    document = managed(request, document_id)
    reason = request.POST.get("reason", "")
    _run(
        request,
        lambda: services.document_withdraw(document=document, actor=acting_user(request), reason=reason),
        _("Đã thu hồi văn bản."),
    )
    return redirect("library:edit", document_id=document.pk)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, document_id: int) -> HttpResponse:
    document = managed(request, document_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Cần chọn tệp đính kèm."))
        return redirect("library:edit", document_id=document.pk)
    _run(
        request,
        lambda: services.attachment_add(
            document=document,
            actor=acting_user(request),
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        ),
        _("Đã đính kèm tệp."),
    )
    return redirect("library:edit", document_id=document.pk)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = access_object(
        Attachment.objects.filter(document__platform_id__isnull=True).select_related("document"),
        attachment_id,
        request.user,
        LIBRARY_EDIT,
        "document__unit__path",
    )
    _run(
        request, lambda: services.attachment_remove(attachment=attachment, actor=acting_user(request)), _("Đã gỡ tệp.")
    )
    return redirect("library:edit", document_id=attachment.document_id)


@login_required
def document_rates(request: HttpRequest, document_id: int) -> HttpResponse:
    document = managed(request, document_id)
    if document.unit is None or not has_perm_on(request.user, LIBRARY_PUBLISH, document.unit):
        raise Http404
    parent = document.audience_unit or org_root()
    head, rows = read_rates(document, parent)
    return render(request, "tenant/library/rates.html", {"document": document, "head": head, "rows": rows})
