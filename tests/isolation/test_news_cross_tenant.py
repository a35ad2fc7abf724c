"""Cross-tenant: beta's strongest user (its tenant admin), by page and by API on beta's host, gets a 404 for every
news id of alpha (articles, covers, editorial pages and transitions, boards, feeds) and never sees alpha's news in
a list; alpha's token and session are refused on beta's host."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from core.news.services.articles import article_update
from core.news.services.feeds import feed_add
from tests.conftest import PASSWORD, host
from tests.core.news.conftest import content, news_world
from tests.core.news.conftest import draft as make_draft
from tests.core.news.images import png_upload
from tests.core.news.test_reading import published
from tests.helpers import in_tenant, web_login


@pytest.fixture
def alpha_news(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with in_tenant(alpha):
        world = news_world()
        article = published(
            world, board=world.root_board, author="editor_root", audience=None, title="Tin riêng của Alpha"
        )
        draft = article_update(
            article=make_draft(world),
            content=content(title="Bản nháp của Alpha", audience=world.tree.d1),
            actor=world.users["editor_d1"],
            cover=png_upload(400, 300),
        )
        feed = feed_add(
            board=world.d1_board, url="https://alpha.example.vn/rss", title="Nguồn Alpha", actor=world.users["admin_d1"]
        )
        yield {"article": article.pk, "draft": draft.pk, "board": world.d1_board.pk, "feed": feed.pk}


@pytest.fixture
def beta_admin(beta) -> Client:
    client = Client(HTTP_HOST=host("beta"))
    with in_tenant(beta):
        client.force_login(User.objects.get(email="admin@beta.vn"))
    return client


def test_pages_of_alpha_ids_are_404_on_beta(alpha_news, beta_admin):
    ids = alpha_news
    for url in (
        f"/tin-tuc/{ids['article']}/",
        f"/tin-tuc/{ids['draft']}/anh/lon/",
        f"/tin-tuc/{ids['draft']}/anh/nho/",
        f"/tin-tuc/bien-tap/{ids['draft']}/",
        f"/tin-tuc/bien-tap/ban/{ids['board']}/viet-bai/",
    ):
        assert beta_admin.get(url).status_code == 404, url
    for url in (
        f"/tin-tuc/bien-tap/{ids['draft']}/submit/",
        f"/tin-tuc/nguon-tin/{ids['feed']}/fetch/",
        f"/tin-tuc/nguon-tin/{ids['feed']}/pause/",
    ):
        assert beta_admin.post(url).status_code == 404, url
    for url in (
        "/tin-tuc/",
        "/tin-tuc/bien-tap/",
        "/tin-tuc/nguon-tin/",
        "/tin-tuc/ban-bien-tap/",
        "/tin-tuc/thong-ke/",
    ):
        body = beta_admin.get(url).content.decode()
        assert "Alpha" not in body and "Yên Mô" not in body, url


def test_api_of_alpha_ids_is_404_on_beta(alpha_news, beta_admin):
    ids = alpha_news
    for url in (
        f"/api/v1/news/{ids['article']}/",
        f"/api/v1/news/{ids['draft']}/cover/lon/",
        f"/api/v1/news/editorial/{ids['draft']}/",
    ):
        assert beta_admin.get(url).status_code == 404, url
    for url in (
        f"/api/v1/news/{ids['article']}/read/",
        f"/api/v1/news/editorial/{ids['draft']}/submit/",
        f"/api/v1/news/boards/{ids['board']}/articles/",
        f"/api/v1/news/feeds/{ids['feed']}/fetch/",
    ):
        assert beta_admin.post(url, {}, content_type="application/json").status_code in (400, 404), url
    assert (
        beta_admin.post(
            f"/api/v1/news/boards/{ids['board']}/articles/",
            {"title": "x", "body_html": "y", "category": "news"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        beta_admin.patch(
            f"/api/v1/news/feeds/{ids['feed']}/", {"active": False}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        beta_admin.put(
            f"/api/v1/news/editorial/{ids['draft']}/",
            {"title": "x", "body_html": "y", "category": "news"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert beta_admin.get("/api/v1/news/").json()["results"] == []
    assert beta_admin.get("/api/v1/news/desk/").json() == [] and beta_admin.get("/api/v1/news/boards/").json() == []
    assert beta_admin.get("/api/v1/news/feeds/").json() == []
    assert beta_admin.get("/api/v1/stats/freshness/").json()["rows"] == []


def test_alpha_credentials_are_refused_on_beta(alpha_news, alpha_client, beta_client):
    token = alpha_client.post("/api/v1/auth/token/", {"username": "dv_x", "password": PASSWORD}).json()["token"]
    assert alpha_client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Bearer {token}").json()["results"]
    assert beta_client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    web_login(alpha_client, "dv_x", PASSWORD)
    thief = Client(HTTP_HOST=host("beta"))
    thief.cookies["sessionid"] = alpha_client.cookies["sessionid"].value
    assert thief.get(f"/tin-tuc/{alpha_news['article']}/").status_code == 302  # anonymous there: to the login page
