"""The notification centre (/thong-bao/): my notifications newest first, mark all read, open one (marks it read
and goes to its URL — only a local path, never another site), and my settings: a mode per kind and my devices
(the page's script subscribes this browser with the deployment's VAPID public key)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.notifications import services, subscriptions
from core.notifications.models import Kind, Mode
from core.notifications.push import push_configured
from core.notifications.selectors import devices_of, notifications_of, preferences_of, unread_count
from core.web import acting_user

PAGE_SIZE = 20


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "tenant/notifications/centre.html", {"page": page, "unread": unread_count(request.user)})


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(user=acting_user(request))
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("notifications:list")


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    target = services.notification_open(user=acting_user(request), notification_id=notification_id)
    if target is None:
        raise Http404
    return redirect(target)


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if request.method == "POST":
        modes = {k: request.POST.get(f"mode_{k}", "") for k in Kind.values}
        modes = {k: m for k, m in modes.items() if m}
        if any(m not in Mode.values for m in modes.values()):
            messages.error(request, _("Cách nhận thông báo không hợp lệ; chưa lưu gì."))
        else:
            services.preferences_set(user=user, modes=modes)
            messages.success(request, _("Đã lưu cách nhận thông báo."))
            return redirect("notifications:settings")
    prefs = preferences_of(user)
    rows = [(kind, label, prefs[kind]) for kind, label in Kind.choices]
    context = {
        "rows": rows,
        "modes": Mode.choices,
        "devices": devices_of(user),
        "vapid_key": settings.WEBPUSH_VAPID_PUBLIC_KEY if push_configured() else "",
    }
    return render(request, "tenant/notifications/settings.html", context)


@login_required
@require_POST
def device_remove(request: HttpRequest, subscription_id: int) -> HttpResponse:
    if not subscriptions.subscription_delete(user=acting_user(request), subscription_id=subscription_id):
        raise Http404
    messages.success(request, _("Đã tắt thông báo đẩy trên thiết bị đó."))
    return redirect("notifications:settings")
