"""Feedback pages (/y-kien/): my threads and a new one, a thread (replies, attachments, status), the handlers'
inbox with response times, and a secretary filing for a member without a smartphone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import has_perm_anywhere, scoped
from core.access.permissions import FEEDBACK_HANDLE, MEMBERS_ACT_FOR
from core.content.storage import file_response
from core.feedback import selectors, services
from core.feedback.forms import ProxyForm, ReplyForm, ThreadForm
from core.feedback.models import Attachment, Status, Thread
from core.members.models import GONE_STATUSES, Member
from core.web import acting_user, show_error


def _thread_or_404(request: HttpRequest, thread_id: int) -> Thread:
    thread = selectors.thread_for(request.user, thread_id)
    if thread is None:
        raise Http404
    return thread


@login_required
def my_list(request: HttpRequest) -> HttpResponse:
    context = {
        "threads": selectors.my_threads(request.user)[:100],
        "handler": has_perm_anywhere(request.user, FEEDBACK_HANDLE),
    }
    return render(request, "tenant/feedback/mine.html", context)


def _member_of(request: HttpRequest) -> Member | None:
    card = request.GET.get("the") or request.POST.get("the_dang")
    if not card:
        return (
            Member.objects.select_related("cell")
            .filter(user_id=request.user.pk or 0)
            .exclude(status__in=GONE_STATUSES)
            .first()
        )
    members = scoped(Member.objects.select_related("cell"), request.user, MEMBERS_ACT_FOR, "cell__path")
    return members.filter(party_card_number=card.strip()).exclude(status__in=GONE_STATUSES).first()


@login_required
def thread_new(request: HttpRequest) -> HttpResponse:
    member = _member_of(request)
    if member is None:
        messages.error(request, _("Không tìm thấy đảng viên để gửi ý kiến."))
        return redirect("feedback:mine")
    units = services.addressable_units(member)
    form = ThreadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                actor=acting_user(request), unit=data["unit"], subject=data["subject"], body=data["body"],
                hide_name_from_cell=data["hide_name_from_cell"], upload=data["file"], member=member,
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã gửi ý kiến tới %(unit)s.") % {"unit": thread.unit.name})
            return redirect("feedback:detail", thread_id=thread.pk)
    proxy = member.user_id != request.user.pk
    return render(request, "tenant/feedback/new.html", {"form": form, "member": member, "proxy": proxy})


@login_required
def proxy_pick(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, MEMBERS_ACT_FOR):
        raise Http404
    form = ProxyForm(request.GET or None)
    if form.is_valid():
        return redirect(f"{reverse('feedback:new')}?{urlencode({'the': form.cleaned_data['card']})}")
    return render(request, "tenant/feedback/proxy.html", {"form": form})


@login_required
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread_or_404(request, thread_id)
    context = {
        "thread": thread,
        "author": selectors.author_name(thread, request.user),
        "thread_messages": thread.messages.select_related("author").prefetch_related("attachments"),
        "handler": services.is_handler(acting_user(request), thread),
        "form": ReplyForm(),
        "closed": thread.status == Status.CLOSED,
    }
    return render(request, "tenant/feedback/detail.html", context)


@login_required
@require_POST
def thread_reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread_or_404(request, thread_id)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.thread_reply(actor=acting_user(request), thread=thread, body=form.cleaned_data["body"],
                                  upload=form.cleaned_data["file"])  # fmt: skip
            messages.success(request, _("Đã gửi trả lời."))
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
    else:
        messages.error(request, _("Nội dung trả lời không hợp lệ; chưa gửi gì."))
    return redirect("feedback:detail", thread_id=thread.pk)


@login_required
@require_POST
def thread_status(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread_or_404(request, thread_id)
    try:
        services.thread_set_status(actor=acting_user(request), thread=thread, status=request.POST.get("status", ""))
        messages.success(request, _("Đã cập nhật trạng thái."))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    return redirect("feedback:detail", thread_id=thread.pk)


@login_required
def attachment_download(request: HttpRequest, thread_id: int, attachment_id: int) -> FileResponse:
    thread = _thread_or_404(request, thread_id)
    attachment = Attachment.objects.filter(pk=attachment_id, message__thread=thread).first()
    if attachment is None:
        raise Http404
    try:
        stored = services.STORE.object(attachment.stored_name)
        return file_response(stored, filename=attachment.original_name, content_type=attachment.content_type)
    except FileNotFoundError:
        raise Http404 from None


@login_required
def handler_inbox(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, FEEDBACK_HANDLE):
        raise Http404
    status = request.GET.get("trang-thai", "")
    threads = list(selectors.inbox(request.user, status)[:200])
    rows = [(t, selectors.author_name(t, request.user)) for t in threads]
    context = {
        "rows": rows,
        "status": status,
        "statuses": Status.choices,
        "times": selectors.response_times(request.user),
    }
    return render(request, "tenant/feedback/inbox.html", context)
