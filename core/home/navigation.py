"""The tenant navigation: only the sections the signed-in user may open (context processor)."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_anywhere
from core.access.permissions import (
    ACCOUNTS_ISSUE,
    AUDIT_VIEW,
    FEEDBACK_HANDLE,
    IMPORTS_RUN,
    MEETINGS_RUN,
    MEMBERS_VIEW,
    NEWS_EDIT,
    NEWS_MANAGE,
    ORG_VIEW,
    REPORTS_VIEW,
    ROLES_GRANT,
)
from core.notifications.selectors import unread_count

# (label, url name, permission or None for every signed-in user)
SECTIONS = [
    (_("Hồ sơ của tôi"), "members:me", None),
    (_("Chi bộ của tôi"), "members:my_cell", None),
    (_("Sinh hoạt chi bộ"), "meetings:mine", None),
    (_("Văn bản"), "library:list", None),
    (_("Tin tức"), "news:list", None),
    (_("Thông báo"), "notifications:list", None),
    (_("Trợ lý ảo"), "assistant:ask", None),
    (_("Ý kiến, kiến nghị"), "feedback:mine", None),
    (_("Quản lý sinh hoạt"), "meetings:manage", MEETINGS_RUN),
    (_("Hộp thư ý kiến"), "feedback:inbox", FEEDBACK_HANDLE),
    (_("Biên tập tin"), "news:desk", NEWS_EDIT),
    (_("Quản lý tin tức"), "news:boards", NEWS_MANAGE),
    (_("Tổ chức"), "org:tree", ORG_VIEW),
    (_("Đảng viên"), "members:list", MEMBERS_VIEW),
    (_("Cấp tài khoản"), "accounts:issue", ACCOUNTS_ISSUE),
    (_("Nhập dữ liệu"), "imports:list", IMPORTS_RUN),
    (_("Phân quyền"), "access:grants", ROLES_GRANT),
    (_("Xếp loại"), "ratings:home", None),
    (_("Báo cáo"), "reports:index", REPORTS_VIEW),
    (_("Số liệu sử dụng"), "stats:adoption", ORG_VIEW),
    (_("Nhật ký"), "audit:list", AUDIT_VIEW),
    (_("Đổi mật khẩu"), "accounts:password_change", None),
]


def _notifications_label(request: HttpRequest, label: object) -> object:
    """The label with the unread count as a badge, e.g. “Thông báo (3)” (one indexed count query)."""
    unread = getattr(request.user, "_sotay_unread", None)  # already counted by the home's card
    if unread is None:
        unread = unread_count(request.user)
    return f"{label} ({unread})" if unread else label


def nav(request: HttpRequest) -> dict[str, object]:
    if getattr(request, "tenant", None) is None or not request.user.is_authenticated:
        return {"nav_sections": []}
    items: list[tuple[object, str]] = []
    for label, name, perm in SECTIONS:
        if perm is not None and not has_perm_anywhere(request.user, perm):
            continue
        try:
            shown = _notifications_label(request, label) if name == "notifications:list" else label
            items.append((shown, reverse(name)))
        except NoReverseMatch:  # an area whose pages are not mounted
            continue
    return {"nav_sections": items}
