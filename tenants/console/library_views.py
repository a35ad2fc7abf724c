"""Console pages for platform-wide documents (operators only; officers get a 404): list, draft and correct,
attach files, publish, withdraw, and which tenants subscribe."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.library.forms import AttachmentForm, WithdrawForm
from tenants.console.access import operator_required
from tenants.library import services
from tenants.library.models import LibrarySubscription, PlatformDocument
from tenants.models import Tenant


class PlatformDocumentForm(forms.ModelForm):
    class Meta:
        model = PlatformDocument
        fields = list(services.FIELDS)
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"number": gettext_lazy("Ví dụ: 57-NQ/TW")}


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


def _document(document_id: int) -> PlatformDocument:
    document = PlatformDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document


@operator_required
def library_list(request: HttpRequest) -> HttpResponse:
    subscribed = set(LibrarySubscription.objects.values_list("tenant_id", flat=True))
    tenants = [(t, t.pk in subscribed) for t in Tenant.objects.order_by("name")]
    return render(
        request,
        "console/library/list.html",
        {"documents": PlatformDocument.objects.all()[:200], "tenants": tenants},
    )


@operator_required
def document_edit(request: HttpRequest, document_id: int | None = None) -> HttpResponse:
    document = _document(document_id) if document_id is not None else None
    form = PlatformDocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in services.FIELDS}
        try:
            saved = services.platform_document_save(actor=_actor(request), document=document, **values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu văn bản dùng chung."))
            return redirect("console:library_edit", document_id=saved.pk)
    context: dict[str, Any] = {"form": form, "document": document}
    if document is not None:
        context |= {"attachment_form": AttachmentForm(), "withdraw_form": WithdrawForm()}
    return render(request, "console/library/edit.html", context)


def _run(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@operator_required
@require_POST
def document_action(request: HttpRequest, document_id: int, action: str) -> HttpResponse:
    document = _document(document_id)
    actor = _actor(request)
    if action == "phat-hanh":
        _run(request, lambda: services.platform_document_publish(actor=actor, document=document), _("Đã phát hành."))
    elif action == "thu-hoi":
        reason = request.POST.get("reason", "")
        _run(
            request,
            lambda: services.platform_document_withdraw(actor=actor, document=document, reason=reason),
            _("Đã thu hồi."),
        )
    elif action == "tep":
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Cần chọn tệp đính kèm."))
        else:
            upload, title = form.cleaned_data["file"], form.cleaned_data["title"]
            _run(
                request,
                lambda: services.platform_attachment_add(actor=actor, document=document, upload=upload, title=title),
                _("Đã đính kèm tệp."),
            )
    else:
        raise Http404
    return redirect("console:library_edit", document_id=document.pk)


@operator_required
@require_POST
def subscription(request: HttpRequest, tenant_id: int) -> HttpResponse:
    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        raise Http404
    on = request.POST.get("on") == "1"
    services.library_subscribe(actor=_actor(request), tenant=tenant, on=on)
    messages.success(request, _("Đã cập nhật đăng ký nhận văn bản dùng chung."))
    return redirect("console:library")
