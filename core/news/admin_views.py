"""News administration for tenant and committee admins (news.manage): editorial boards, external feeds with their
health (last error, failures, next attempt) and the tenant's silent-days setting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import access_object, has_perm_anywhere, scoped
from core.access.permissions import NEWS_MANAGE
from core.news.desk import managed_boards
from core.news.forms import BOARD_KINDS, BoardForm, FeedForm, SettingsForm
from core.news.models import Feed
from core.news.services.boards import board_create, news_settings, news_settings_update
from core.news.services.feeds import feed_add, feed_update
from core.news.tasks import fetch_feed
from core.org.models import OrgUnit
from core.web import acting_user, show_error

BOARD_UNIT_DEPTH = 3  # boards are for committees: the root and the units up to three levels below it


def _manager(request: HttpRequest) -> None:
    if not has_perm_anywhere(request.user, NEWS_MANAGE):
        raise Http404


def _board_units(request: HttpRequest) -> list[OrgUnit]:
    qs = OrgUnit.objects.filter(
        kind__in=BOARD_KINDS, depth__lte=BOARD_UNIT_DEPTH, valid_to__isnull=True, editorial_board__isnull=True
    )
    return list(scoped(qs, request.user, NEWS_MANAGE, "path").order_by("path")[:500])


@login_required
def boards_page(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = BoardForm(request.POST or None, units=_board_units(request))
    if request.method == "POST" and form.is_valid():
        unit = OrgUnit.objects.get(pk=form.cleaned_data["unit"])
        try:
            board = board_create(unit=unit, name=form.cleaned_data["name"], actor=acting_user(request))
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(
                request,
                _("Đã lập %(board)s. Giao vai trò biên tập, duyệt, đăng tin tại trang Phân quyền.")
                % {"board": board.name},
            )
            return redirect("news:boards")
    settings_form = SettingsForm(initial={"silent_days": news_settings().silent_days})
    context = {"boards": managed_boards(request.user), "form": form, "settings_form": settings_form}
    return render(request, "tenant/news/boards.html", context)


@login_required
@require_POST
def settings_save(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = SettingsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Số ngày phải là số nguyên từ 1 đến 365."))
        return redirect("news:boards")
    try:
        news_settings_update(silent_days=form.cleaned_data["silent_days"], actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã lưu cài đặt."))
    return redirect("news:boards")


@login_required
def feeds_page(request: HttpRequest) -> HttpResponse:
    _manager(request)
    boards = list(managed_boards(request.user))
    form = FeedForm(request.POST or None, boards=boards)
    if request.method == "POST" and form.is_valid():
        board = next(b for b in boards if str(b.pk) == form.cleaned_data["board"])
        try:
            feed = feed_add(
                board=board, url=form.cleaned_data["url"], title=form.cleaned_data["title"], actor=acting_user(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)  # {"url": …} lands on the field
        except PermissionDenied as exc:
            show_error(request, exc)
        else:
            fetch_feed.delay(feed.pk)
            messages.success(request, _("Đã thêm nguồn tin; tin sẽ được lấy về trong ít phút."))
            return redirect("news:feeds")
    feeds = scoped(Feed.objects.select_related("board__unit"), request.user, NEWS_MANAGE, "board__unit__path")
    return render(request, "tenant/news/feeds.html", {"feeds": feeds, "form": form, "has_boards": bool(boards)})


@login_required
@require_POST
def feed_action(request: HttpRequest, feed_id: int, action: str) -> HttpResponse:
    qs = Feed.objects.select_related("board__unit")
    feed = access_object(qs, feed_id, request.user, NEWS_MANAGE, "board__unit__path")
    if action == "pause":
        feed_update(feed=feed, actor=acting_user(request), active=False)
        messages.success(request, _("Đã tạm dừng lấy tin từ %(feed)s.") % {"feed": feed.title or feed.url})
    elif action == "resume":
        feed_update(feed=feed, actor=acting_user(request), active=True)
        fetch_feed.delay(feed.pk)
        messages.success(request, _("Đã tiếp tục lấy tin từ %(feed)s.") % {"feed": feed.title or feed.url})
    elif action == "fetch":
        fetch_feed.delay(feed.pk)
        messages.success(
            request, _("Đang lấy tin từ %(feed)s; tải lại trang sau ít phút.") % {"feed": feed.title or feed.url}
        )
    else:
        raise Http404
    return redirect("news:feeds")
