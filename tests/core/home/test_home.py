"""The member's home: next meeting with the check-in form when open, new documents since the last library visit,
unread notifications — every card a real link, every count real, constant queries whatever the library size,
light pages, nothing of another tenant."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.notifications.models import Notification
from tests.conftest import PASSWORD
from tests.core.library.conftest import publish
from tests.core.meetings.conftest import published_meeting
from tests.factories.notifications import note
from tests.helpers import in_tenant, web_login


def _cards(html: str) -> str:
    return html[html.index('data-testid="home-cards"') :]


def test_member_home_shows_meeting_documents_and_notifications(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)  # starts in 10 minutes: check-in is open
        publish(tree, "Chỉ thị về chuyển đổi số", number="05-CT/TU", attach=True)
        publish(tree, "Hướng dẫn của huyện Kim Sơn", audience=tree.d2)  # not for this member
        Notification.objects.filter(user=tree.users["member_x"]).delete()
        note(user=tree.users["member_x"], text="Có văn bản mới", url="/van-ban/")
    web_login(alpha_client, "dv_x", PASSWORD)
    html = alpha_client.get("/").content.decode()
    cards = _cards(html)
    assert meeting.title in cards and 'data-testid="home-checkin"' in cards
    assert "1 văn bản mới" in cards and "05-CT/TU" in cards and "Kim Sơn" not in cards
    assert "1 thông báo chưa đọc" in cards
    assert len(html.encode()) < 40_000
    links = set(re.findall(r'href="(/[^"]*)"', cards))
    assert {"/sinh-hoat/", "/thong-bao/", "/van-ban/", f"/sinh-hoat/sap-toi/{meeting.pk}/"} <= links
    for link in links:
        assert alpha_client.get(link).status_code == 200, link
    after = _cards(alpha_client.get("/").content.decode())  # the library was opened above
    assert "Không có văn bản mới" in after


def test_checked_in_members_see_it_and_meetings_far_ahead_have_no_form(tree, alpha, alpha_client):
    import datetime as dt

    with in_tenant(alpha):
        published_meeting(tree, starts_in=dt.timedelta(days=5))
    web_login(alpha_client, "dv_x", PASSWORD)
    cards = _cards(alpha_client.get("/").content.decode())
    assert "Sinh hoạt tháng 12" in cards and "home-checkin" not in cards


def test_home_queries_do_not_grow_with_the_library(tree, alpha, alpha_client):
    with in_tenant(alpha):
        published_meeting(tree)
        publish(tree, "Văn bản đầu tiên", number="1-NQ/TU")
    web_login(alpha_client, "dv_x", PASSWORD)
    alpha_client.get("/")
    with CaptureQueriesContext(connection) as small:
        alpha_client.get("/")
    with in_tenant(alpha):
        for i in range(30):
            publish(tree, f"Nghị quyết số {i}", number=f"{i + 2}-NQ/TU", audience=tree.x if i % 2 else None)
        for i in range(10):
            note(user=tree.users["member_x"], text=f"Thông báo {i}")
    alpha_client.get("/")
    with CaptureQueriesContext(connection) as large:
        page = alpha_client.get("/").content.decode()
    assert "31 văn bản mới" in page or "30 văn bản mới" in page
    assert len(small.captured_queries) == len(large.captured_queries) <= 19  # 16 + news (2) + study (1)


def test_users_without_a_profile_and_anonymous_visitors(tree, alpha, alpha_client):
    anonymous = alpha_client.get("/").content.decode()
    # Anonymous visitors get the committee's name and the login button only: no cards, and no figures before
    # signing in (the login walk's rule, tests/hardening/test_login_walk.py).
    assert 'href="/dang-nhap/"' in anonymous and "home-cards" not in anonymous
    assert 'data-testid="member-count"' not in anonymous
    web_login(alpha_client, "admin_d1", PASSWORD)
    cards = _cards(alpha_client.get("/").content.decode())
    assert "card-meeting" not in cards and "card-documents" in cards


def test_home_shows_nothing_of_another_tenant(tree, alpha, beta, beta_client):
    with in_tenant(alpha):
        publish(tree, "Chỉ thị riêng của Alpha", number="99-CT/TU")
        note(user=tree.users["member_x"], text="Thông báo riêng của Alpha")
    web_login(beta_client, "member_beta", PASSWORD)
    page = beta_client.get("/").content.decode()
    assert "99-CT/TU" not in page and "riêng của Alpha" not in page and "Không có văn bản mới" in page
