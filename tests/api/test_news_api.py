"""News API: the member's feed, an article and its read mark, the editorial flow with its refusals, feeds admin,
freshness; list endpoints keep a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.news.models import Article, ArticleState, Feed
from tests.conftest import PASSWORD
from tests.core.news.conftest import draft, news_world
from tests.core.news.test_reading import published
from tests.helpers import in_tenant


@pytest.fixture
def world(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with in_tenant(alpha):
        yield news_world()


def bearer(client, username: str) -> dict[str, str]:
    token = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_member_feed_article_and_read(world, alpha_client):
    mine = published(world, audience=world.tree.x, title="Tin của chi bộ thôn Đông")
    published(world, audience=world.tree.y, title="Tin của thôn Đoài")
    auth = bearer(alpha_client, "dv_x")
    feed = alpha_client.get("/api/v1/news/", **auth).json()
    assert [r["title"] for r in feed["results"]] == ["Tin của chi bộ thôn Đông"]
    assert (
        feed["unread"] == 1 and feed["results"][0]["is_read"] is False and feed["results"][0]["origin"] == "editorial"
    )
    article = alpha_client.get(f"/api/v1/news/{mine.pk}/", **auth).json()
    assert article["body_html"].startswith("<p>") and article["is_read"] is False
    read = alpha_client.post(f"/api/v1/news/{mine.pk}/read/", **auth).json()
    assert read == {"first_read": True, "unread": 0}
    assert alpha_client.get("/api/v1/news/", **auth).json()["results"][0]["is_read"] is True
    assert alpha_client.get("/api/v1/news/", {"q": "thon dong"}, **auth).json()["results"][0]["id"] == mine.pk


def test_feed_list_queries_do_not_grow(world, alpha_client):
    auth = bearer(alpha_client, "dv_x")
    published(world, audience=world.tree.x)
    alpha_client.get("/api/v1/news/", **auth)  # first request of the day records the account's activity
    with CaptureQueriesContext(connection) as few:
        alpha_client.get("/api/v1/news/", **auth)
    for n in range(12):
        published(world, audience=world.tree.x, title=f"Tin {n}")
    with CaptureQueriesContext(connection) as many:
        assert len(alpha_client.get("/api/v1/news/", **auth).json()["results"]) == 13
    assert len(many) == len(few)


def test_editorial_flow_through_the_api(world, alpha_client):
    editor, approver, publisher = (bearer(alpha_client, u) for u in ("editor_d1", "approver_d1", "publisher_d1"))
    boards = alpha_client.get("/api/v1/news/boards/", **editor).json()
    assert [b["name"] for b in boards] == ["Ban biên tập Huyện uỷ Yên Mô"]
    created = alpha_client.post(
        f"/api/v1/news/boards/{world.d1_board.pk}/articles/",
        {"title": "Bài từ điện thoại", "body_html": "Đoạn 1\n\nĐoạn 2", "category": "notice",
         "audience_unit": world.tree.c1.pk},
        content_type="application/json",
        **editor,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    article_id = created.json()["id"]
    assert created.json()["body_html"] == "<p>Đoạn 1</p><p>Đoạn 2</p>" and created.json()["actions"] == ["submit"]
    outside = alpha_client.post(
        f"/api/v1/news/boards/{world.d1_board.pk}/articles/",
        {"title": "x", "body_html": "y", "category": "news", "audience_unit": world.tree.z.pk},
        content_type="application/json",
        **editor,
    )
    assert outside.status_code == 400 and "audience_unit" in outside.json()
    post = lambda action, auth, **data: alpha_client.post(  # noqa: E731
        f"/api/v1/news/editorial/{article_id}/{action}/", data, content_type="application/json", **auth
    )
    assert post("submit", editor).status_code == 200
    assert post("approve", editor).status_code == 403  # editors do not approve
    assert post("return", approver).status_code == 400  # a comment is required
    assert post("approve", approver).json()["state"] == ArticleState.APPROVED
    scheduled = post("publish", publisher, publish_at="2030-01-02T08:00:00+07:00")
    assert scheduled.status_code == 400  # more than a year ahead
    assert post("publish", publisher).json()["state"] == ArticleState.PUBLISHED
    detail = alpha_client.get(f"/api/v1/news/editorial/{article_id}/", **editor).json()
    assert [e["kind"] for e in detail["timeline"]] == ["created", "submitted", "approved", "published"]
    assert alpha_client.post(f"/api/v1/news/editorial/{article_id}/explode/", **publisher).status_code == 404
    desk = alpha_client.get("/api/v1/news/desk/", **editor).json()
    assert desk[0]["published"][0]["id"] == article_id
    member = bearer(alpha_client, "dv_x")
    assert alpha_client.get(f"/api/v1/news/editorial/{article_id}/", **member).status_code == 404
    assert alpha_client.get(f"/api/v1/news/{article_id}/", **member).status_code == 200


def test_editing_a_draft_with_put(world, alpha_client):
    article = draft(world)
    editor = bearer(alpha_client, "editor_d1")
    response = alpha_client.put(
        f"/api/v1/news/editorial/{article.pk}/",
        {"title": "Tiêu đề mới", "body_html": "<p>Mới</p><img src=x onerror=alert(1)>", "category": "news",
         "audience_unit": world.tree.d1.pk},
        content_type="application/json",
        **editor,
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["body_html"] == "<p>Mới</p>"


def test_feeds_admin_and_freshness(world, alpha_client):
    admin = bearer(alpha_client, "admin_d1")
    refused = alpha_client.post(
        "/api/v1/news/feeds/",
        {"board": world.d1_board.pk, "url": "file:///etc/passwd"},
        content_type="application/json",
        **admin,
    )
    assert refused.status_code == 400 and "url" in refused.json()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("core.news.tasks.fetch_feed.delay", lambda feed_id: None)
        added = alpha_client.post(
            "/api/v1/news/feeds/",
            {"board": world.d1_board.pk, "url": "https://thanhuy.example.vn/rss", "title": "Thành uỷ"},
            content_type="application/json",
            **admin,
        )
        assert added.status_code == 201
        feed_id = added.json()["id"]
        assert alpha_client.post(f"/api/v1/news/feeds/{feed_id}/fetch/", **admin).status_code == 202
    assert (
        alpha_client.patch(
            f"/api/v1/news/feeds/{feed_id}/", {"active": False}, content_type="application/json", **admin
        ).json()["active"]
        is False
    )
    assert [f["id"] for f in alpha_client.get("/api/v1/news/feeds/", **admin).json()] == [feed_id]
    root_board = alpha_client.post(
        "/api/v1/news/feeds/",
        {"board": world.root_board.pk, "url": "https://a.example.vn/rss"},
        content_type="application/json",
        **admin,
    )
    assert root_board.status_code == 404  # not a board the admin of D1 manages
    editor = bearer(alpha_client, "editor_d1")
    assert alpha_client.get("/api/v1/news/feeds/", **editor).json() == []
    assert (
        alpha_client.patch(
            f"/api/v1/news/feeds/{feed_id}/", {"active": True}, content_type="application/json", **editor
        ).status_code
        == 404
    )
    published(world, audience=world.tree.d1)
    fresh = alpha_client.get("/api/v1/stats/freshness/", **admin).json()
    assert fresh["silent_days"] == 7
    assert {r["unit_code"]: r["articles"] for r in fresh["rows"]} == {"D1": 1}
    assert alpha_client.get("/api/v1/stats/freshness/", {"month": "2026-13"}, **admin).status_code == 400
    assert alpha_client.get("/api/v1/stats/freshness/", **bearer(alpha_client, "dv_x")).status_code == 404
    assert Feed.objects.count() == 1 and Article.objects.count() == 1
