"""Content freshness page (/tin-tuc/thong-ke/): per committee in the user's scope and month, articles and documents
published, days since the last post, read rates, and the committees silent for the tenant's number of days."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.access.checks import ANY, scope_paths
from core.access.permissions import NEWS_MANAGE, NEWS_PUBLISH, ORG_VIEW
from core.news.freshness import freshness_rows
from core.news.services.boards import news_settings
from core.stats.selectors import last_months, parse_month


def freshness_scopes(user: User | AnonymousUser | None) -> list[str]:
    """Where the user may see freshness: their org-view, news-manage and publisher scopes together."""
    scopes: set[str] = set()
    for perm in (ORG_VIEW, NEWS_MANAGE, NEWS_PUBLISH):
        scopes.update(scope_paths(user, perm))
    return [ANY] if ANY in scopes else sorted(scopes)


@login_required
def freshness_page(request: HttpRequest) -> HttpResponse:
    scopes = freshness_scopes(request.user)
    if not scopes:
        raise Http404
    this_month = timezone.localdate().replace(day=1)
    text = request.GET.get("thang", "")
    month = parse_month(text) if text else this_month
    bad_month = month is None or month > this_month
    if month is None or month > this_month:
        month = this_month
    rows = freshness_rows(month, scopes=scopes)
    context = {
        "rows": rows,
        "silent": [r for r in rows if r.silent],
        "silent_days": news_settings().silent_days,
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "months": [f"{m:%Y-%m}" for m in reversed(last_months(this_month, 13))],
        "bad_month": bad_month,
    }
    return render(request, "tenant/news/freshness.html", context)
