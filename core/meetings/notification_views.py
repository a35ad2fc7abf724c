"""The notifications page (/thong-bao/): my notifications newest first, mark all read, open one (marks it read
and goes to its URL — only a local path, never another site)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.meetings.selectors_schedule import notifications_of, unread_count
from core.meetings.services import inbox
from core.meetings.view_helpers import acting_user

PAGE_SIZE = 20


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "tenant/meetings/notifications.html", {"page": page, "unread": unread_count(request.user)})


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = inbox.notifications_mark_read(user=acting_user(request))
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("notifications:list")


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    target = inbox.notification_open(user=acting_user(request), notification_id=notification_id)
    if target is None:
        raise Http404
    return redirect(target)
