"""Tenant pages of the product areas, mounted by config/urls_tenants.py."""

from django.urls import include, path

from core.stats.meeting_views import meeting_stats

urlpatterns = [
    path("to-chuc/", include("core.orgtree.urls")),
    path("dang-vien/", include("core.members.urls")),
    path("tai-khoan/", include("core.accounts.urls")),
    path("nhap-du-lieu/", include("core.imports.urls")),
    path("nhat-ky/", include("core.auditlog.urls")),
    path("phan-quyen/", include("core.access.urls")),
    # Meeting statistics read stats' selectors, so the page lives in stats; its address stays under /sinh-hoat/.
    path("sinh-hoat/thong-ke/", meeting_stats, name="meeting_stats"),
    path("sinh-hoat/", include("core.meetings.urls")),
    path("thong-bao/", include("core.notifications.urls")),
    path("y-kien/", include("core.feedback.urls")),
    path("hoc-tap/", include("core.study.urls")),
    path("tro-ly/", include("core.assistant.urls")),
    path("van-ban/", include("core.library.urls")),
    path("tin-tuc/", include("core.news.urls")),
    path("xep-loai/", include("core.ratings.urls")),
    path("bao-cao/", include("core.reports.urls")),
    path("so-lieu/", include("core.stats.urls")),
    path("goi-dich-vu/", include("billing_free.tenant_urls")),  # issue 18: the tenant's plan and statements
]
