"""Notifications page and API: only my own, newest first, paginated, mark read (all or some), opening one marks it
read and goes only to a local path; the unread badge in the navigation; other tenants see nothing of ours."""

from core.notifications.models import Notification
from tests.conftest import PASSWORD
from tests.core.meetings.test_pages_and_api import _auth
from tests.factories.notifications import note
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login


def _notes(tree):
    mine = [note(user=tree.users["member_x"], text=f"Thông báo {n}", url="/sinh-hoat/") for n in range(3)]
    theirs = note(user=tree.users["sec_x"], text="Của bí thư", url="/sinh-hoat/quan-ly/")
    return mine, theirs


def test_page_lists_only_mine_newest_first_and_marks_all_read(tree, alpha, alpha_client):
    with in_tenant(alpha):
        _mine, theirs = _notes(tree)
    web_login(alpha_client, "dv_x", PASSWORD)
    body = alpha_client.get("/thong-bao/").content.decode()
    assert body.index("Thông báo 2") < body.index("Thông báo 1") < body.index("Thông báo 0")
    assert "Của bí thư" not in body and "Thông báo (3)" in body and "3 chưa đọc" in body
    assert alpha_client.get(f"/thong-bao/{theirs.pk}/").status_code == 404
    response = alpha_client.post("/thong-bao/doc-het/")
    assert response.status_code == 302 and response.url == "/thong-bao/"
    with in_tenant(alpha):
        assert not Notification.objects.filter(user=tree.users["member_x"], read_at__isnull=True).exists()
        assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert "Thông báo (" not in alpha_client.get("/thong-bao/").content.decode()


def test_opening_marks_read_and_refuses_to_leave_the_site(tree, alpha, alpha_client):
    user = tree.users["member_x"]
    with in_tenant(alpha):
        local = note(user=user, text="Lịch họp", url="/sinh-hoat/")
        bad = [
            note(user=user, text=url, url=url)
            for url in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example")
        ]
    web_login(alpha_client, "dv_x", PASSWORD)
    response = alpha_client.get(f"/thong-bao/{local.pk}/")
    assert response.status_code == 302 and response.url == "/sinh-hoat/"
    for row in bad:
        response = alpha_client.get(f"/thong-bao/{row.pk}/")
        assert response.status_code == 302 and response.url == "/thong-bao/", row.url
    with in_tenant(alpha):
        assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_pagination(tree, alpha, alpha_client):
    with in_tenant(alpha):
        for n in range(25):
            note(user=tree.users["member_x"], text=f"Tin số {n:02d}")
    web_login(alpha_client, "dv_x", PASSWORD)
    first = alpha_client.get("/thong-bao/").content.decode()
    second = alpha_client.get("/thong-bao/?trang=2").content.decode()
    assert first.count("Tin số") == 20 and second.count("Tin số") == 5 and "1/2" in first


def test_api_lists_only_mine_and_marks_read(tree, alpha, alpha_client):
    with in_tenant(alpha):
        mine, theirs = _notes(tree)
    auth = _auth(alpha_client, "dv_x")
    data = alpha_client.get("/api/v1/notifications/", **auth).json()
    assert data["unread"] == 3 and data["count"] == 3
    assert [n["text"] for n in data["results"]] == ["Thông báo 2", "Thông báo 1", "Thông báo 0"]
    assert data["results"][0]["read"] is False and data["results"][0]["url"] == "/sinh-hoat/"
    marked = alpha_client.post(
        "/api/v1/notifications/read/", {"ids": [mine[0].pk, theirs.pk]}, content_type="application/json", **auth
    ).json()
    assert marked == {"marked": 1, "unread": 2}
    assert alpha_client.post("/api/v1/notifications/read/", {}, **auth).json() == {"marked": 2, "unread": 0}
    with in_tenant(alpha):
        assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert alpha_client.get("/api/v1/notifications/").status_code == 401


def test_cross_tenant(tree, alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        mine, _theirs = _notes(tree)
    with in_tenant(beta):
        build_tree()  # beta's own dv_x, with no notifications
    alpha_auth = _auth(alpha_client, "dv_x")
    assert beta_client.get("/api/v1/notifications/", **alpha_auth).status_code == 401
    assert beta_client.post("/api/v1/notifications/read/", {}, **alpha_auth).status_code == 401
    beta_auth = _auth(beta_client, "dv_x")
    assert beta_client.get("/api/v1/notifications/", **beta_auth).json() == {"unread": 0, "count": 0, "results": []}
    assert beta_client.post("/api/v1/notifications/read/", {}, **beta_auth).json()["marked"] == 0
    web_login(beta_client, "dv_x", PASSWORD)
    assert beta_client.get(f"/thong-bao/{mine[0].pk}/").status_code == 404
    assert "Thông báo 0" not in beta_client.get("/thong-bao/").content.decode()
    beta_client.post("/thong-bao/doc-het/")
    with in_tenant(alpha):
        assert Notification.objects.filter(read_at__isnull=True).count() == 4
