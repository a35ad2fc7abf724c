"""Cross-tenant checks of the member records, ratings, reports, tenant adoption figures and audit log (issue 13):
beta's administrator, on beta's host, gets 404 for every alpha id on every new page and API route, reads and
writes alike; beta's lists, reports and exports never show alpha's rows; alpha's session and token are nothing on
beta's host; the tally refresh task counts only its own tenant and refuses to run without one."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from core.accounts.tokens import token_issue
from core.members.record_services import DecisionInput, discipline_add
from core.members.status import StatusInput, member_status_change
from core.ratings.services import rating_policy_set, rating_propose
from core.reports.models import Tally
from core.reports.refresh import tally_state
from core.reports.tasks import refresh_tallies
from core.tasks import TenantRequired
from tests.conftest import PASSWORD, host
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login

ALPHA_NAME = "Alphanhất Riêngtư"  # a member only alpha has


@pytest.fixture
def planted(alpha, beta):
    with in_tenant(alpha):
        tree = build_tree()
        member = tree.members["X"][0]
        member.full_name = ALPHA_NAME
        member.save()
        btc = tree.users["btc"]
        member_status_change(
            member=member,
            data=StatusInput(event="working_away", on=dt.date(2026, 1, 5), place="Alpha-only place"),
            actor=btc,
        )
        discipline = discipline_add(
            member=member, data=DecisionInput("warning", "ALPHA-KL", dt.date(2025, 1, 1)), actor=btc
        )
        rating_policy_set(cap_pct=20, open_year=2026, actor=btc)
        rating_propose(cell=tree.x, levels={member.pk: "good"}, notes={}, actor=tree.users["sec_x"])
        refresh_tallies.delay().get()
        ids = {"member": member.pk, "cell": tree.x.pk, "unit": tree.c1.pk, "discipline": discipline.pk}
        alpha_token = token_issue(user=btc)[1]
    with in_tenant(beta):
        build_tree()  # beta has its own tree (ids may even coincide: what matters is whose rows come back)
        refresh_tallies.delay().get()
    return ids, alpha_token


def _beta_admin() -> Client:
    client = Client(HTTP_HOST=host("beta"))
    web_login(client, "admin", PASSWORD)
    return client


ID_ROUTES = [
    "/dang-vien/{member}/sua/",
    "/dang-vien/{member}/trang-thai/",
    "/dang-vien/{member}/ho-so/",
    "/xep-loai/chi-bo/{cell}/",
    "/xep-loai/to-chuc/{unit}/",
    "/api/v1/members/{member}/",
    "/api/v1/members/{member}/status/",
    "/api/v1/members/{member}/file/",
]
LIST_ROUTES = [
    "/dang-vien/",
    "/nhat-ky/",
    "/nhat-ky/nhat-ky.csv",
    "/bao-cao/thanh-phan/",
    "/bao-cao/chi-bo.csv",
    "/bao-cao/xep-loai.xlsx",
    "/so-lieu/",
    "/so-lieu/so-lieu.csv",
    "/xep-loai/duyet/",
    "/api/v1/audit/events/",
    "/api/v1/members/",
]
POSTS: list[tuple[str, dict[str, Any]]] = [
    ("/dang-vien/{member}/trang-thai/", {"event": "deceased", "on": "01/02/2026"}),
    ("/dang-vien/{member}/dien-thoai/", {"has_smartphone": "0"}),
    ("/dang-vien/{member}/ho-so/reward/them/", {"form": "x", "decision_number": "1", "decision_date": "01/01/2025"}),
    ("/dang-vien/{member}/ho-so/discipline/{discipline}/xoa/", {}),
    ("/xep-loai/chi-bo/{cell}/duyet/", {}),
    ("/api/v1/members/{member}/status/", {"event": "deceased", "on": "2026-02-01"}),
    ("/api/v1/members/{member}/smartphone/", {"has_smartphone": False}),
    ("/xep-loai/to-chuc/{unit}/", {"unit": "{cell}", "level": "excellent"}),
    ("/xep-loai/quy-dinh/", {"excellent_cap_pct": "90", "open_year": "2026"}),
]


def _same_ids_in_beta(beta, ids: dict[str, int]) -> set[str]:
    """Which alpha ids happen to name a beta object too (those routes may answer with beta's object)."""
    from core.members.models import Member
    from core.org.models import OrgUnit

    with in_tenant(beta):
        taken = set()
        if Member.objects.filter(pk=ids["member"]).exists():
            taken.add("member")
        taken |= {k for k in ("cell", "unit") if OrgUnit.objects.filter(pk=ids[k]).exists()}
        return taken


def test_alpha_ids_are_not_found_or_are_betas_own_on_betas_host(planted, beta):
    ids, _token = planted
    client, shared = _beta_admin(), _same_ids_in_beta(beta, ids)
    for route in ID_ROUTES:
        response = client.get(route.format(**ids))
        body = response.content.decode()
        assert ALPHA_NAME not in body and "ALPHA-KL" not in body and "Alpha-only place" not in body, route
        if not any("{" + key + "}" in route for key in shared):
            assert response.status_code == 404, route


def test_writes_with_alpha_ids_change_nothing_in_alpha(planted, alpha):
    ids, _token = planted
    client = _beta_admin()
    for route, raw in POSTS:
        url = route.format(**ids)
        data = {k: v.format(**ids) if isinstance(v, str) else v for k, v in raw.items()}
        if url.startswith("/api/"):
            client.post(url, data, content_type="application/json")
        else:
            client.post(url, data)
    from core.members.models import Member

    with in_tenant(alpha):
        member = Member.objects.get(pk=ids["member"])
        assert member.status == "working_away" and member.has_smartphone and member.disciplines.count() == 1
        assert not member.rewards.exists()
        from core.ratings.models import UnitRating
        from core.ratings.selectors import rating_policy

        assert rating_policy().excellent_cap_pct == 20 and not UnitRating.objects.exists()


def test_betas_lists_reports_and_exports_never_show_alphas_rows(planted):
    client = _beta_admin()
    for route in LIST_ROUTES:
        response = client.get(route)
        assert response.status_code == 200, route
        body = response.content.decode("utf-8", "replace")
        assert ALPHA_NAME not in body and "Alpha-only place" not in body and "ALPHA-KL" not in body, route


def test_alphas_session_and_token_are_nothing_on_betas_host(planted):
    _ids, token = planted
    alpha_client = Client(HTTP_HOST=host("alpha"))
    web_login(alpha_client, "btc", PASSWORD)
    thief = Client(HTTP_HOST=host("beta"))
    thief.cookies["sessionid"] = alpha_client.cookies["sessionid"].value
    assert thief.get("/bao-cao/thanh-phan/").status_code == 302  # to the login page
    assert thief.get("/api/v1/audit/events/").status_code == 401
    assert (
        Client(HTTP_HOST=host("beta")).get("/api/v1/ratings/mine/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        == 401
    )


def test_the_tally_task_counts_only_its_own_tenant(planted, alpha, beta):
    with in_tenant(alpha):
        alpha_total = Tally.objects.get(generation=tally_state().generation, unit__depth=0, dimension="total").count
    with in_tenant(beta):
        beta_total = Tally.objects.get(generation=tally_state().generation, unit__depth=0, dimension="total").count
        from core.members.models import Member

        assert beta_total == Member.objects.count() == 7
    assert alpha_total == 7  # each tenant's own seven members (one alpha member works away: still counted)


def test_the_tally_task_refuses_to_run_without_a_tenant(db):
    with pytest.raises(TenantRequired):
        refresh_tallies.delay()
