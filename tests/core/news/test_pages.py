"""News pages: the member's feed and article, covers through the audience check, the desk, writing and the
workflow buttons, boards, feeds and the freshness page; refusals keep what was typed."""

import pytest
from django.test import Client, override_settings

from core.news.models import Article, ArticleState, EditorialBoard, Feed
from tests.conftest import PASSWORD, host
from tests.core.news.conftest import draft
from tests.core.news.feedserver import Route, feed_server, rss
from tests.core.news.images import png_upload
from tests.core.news.test_reading import published
from tests.helpers import web_login


def client_for(username: str, slug: str = "alpha") -> Client:
    client = Client(HTTP_HOST=host(slug))
    web_login(client, username, PASSWORD)
    return client


@pytest.fixture
def pages(world):
    return world


def test_member_reads_the_feed_and_an_article(pages):
    article = published(pages, audience=pages.tree.x, title="Chi bộ thôn Đông ra quân làm đường")
    other = published(pages, audience=pages.tree.y, title="Tin riêng thôn Đoài")
    client = client_for("dv_x")
    page = client.get("/tin-tuc/")
    html = page.content.decode()
    assert (
        page.status_code == 200 and "Chi bộ thôn Đông ra quân làm đường" in html and "Tin riêng thôn Đoài" not in html
    )
    assert "Chưa đọc" in html and "(1 tin chưa đọc)" in html
    detail = client.get(f"/tin-tuc/{article.pk}/")
    assert detail.status_code == 200 and "Chi bộ thôn Đông ra quân làm đường" in detail.content.decode()
    assert "Đã đọc" in client.get("/tin-tuc/").content.decode()
    assert client.get(f"/tin-tuc/{other.pk}/").status_code == 404
    assert client.get(f"/tin-tuc/{draft(pages).pk}/").status_code == 404


def test_search_and_category_on_the_page(pages):
    published(pages, audience=pages.tree.d1, title="Thông báo lịch tiếp dân", category="notice")
    client = client_for("dv_x")
    assert "Thông báo lịch tiếp dân" in client.get("/tin-tuc/", {"q": "lich tiep dan"}).content.decode()
    assert "Thông báo lịch tiếp dân" not in client.get("/tin-tuc/", {"chuyen-muc": "example"}).content.decode()


def test_editor_writes_with_a_cover_and_the_workflow_runs_on_pages(pages):
    editor, approver, publisher = client_for("editor_d1"), client_for("approver_d1"), client_for("publisher_d1")
    board = pages.d1_board
    response = editor.post(
        f"/tin-tuc/bien-tap/ban/{board.pk}/viet-bai/",
        {
            "title": "Hội nghị sơ kết 6 tháng",
            "summary": "",
            "body_html": "Đoạn một.\n\nĐoạn hai <script>alert(1)</script>",
            "category": "news",
            "audience": str(pages.tree.d1.pk),
            "cover": png_upload(1600, 900),
            "cover_alt": "Toàn cảnh hội nghị",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(title="Hội nghị sơ kết 6 tháng")
    assert article.body_html == "<p>Đoạn một.</p><p>Đoạn hai </p>"  # paragraphs made, the script dropped
    assert article.cover and article.cover_thumb
    desk = editor.get("/tin-tuc/bien-tap/").content.decode()
    assert "Hội nghị sơ kết 6 tháng" in desk
    assert editor.post(f"/tin-tuc/bien-tap/{article.pk}/submit/").status_code == 302
    assert approver.post(f"/tin-tuc/bien-tap/{article.pk}/return/", {"comment": ""}).status_code == 302
    article.refresh_from_db()
    assert article.state == ArticleState.SUBMITTED  # a return without a comment is refused
    approver.post(f"/tin-tuc/bien-tap/{article.pk}/approve/")
    publisher.post(f"/tin-tuc/bien-tap/{article.pk}/publish/", {"publish_at": "2099-12-01T08:00"})
    article.refresh_from_db()
    assert article.state == ArticleState.APPROVED  # more than a year ahead: refused, message shown
    publisher.post(f"/tin-tuc/bien-tap/{article.pk}/publish/", {"publish_at": ""})
    article.refresh_from_db()
    assert article.state == ArticleState.PUBLISHED
    page = editor.get(f"/tin-tuc/bien-tap/{article.pk}/").content.decode()
    for label in ("Tạo bản nháp", "Gửi duyệt", "Duyệt", "Đăng"):
        assert label in page
    member = client_for("dv_x")
    cover = member.get(f"/tin-tuc/{article.pk}/anh/lon/")
    assert cover.status_code == 200 and cover["Content-Type"] == "image/jpeg"
    assert cover["Cache-Control"] == "private, no-store"
    assert member.get(f"/tin-tuc/{article.pk}/anh/nho/").status_code == 200


def test_refused_article_form_keeps_what_was_typed(pages):
    editor = client_for("editor_d1")
    response = editor.post(
        f"/tin-tuc/bien-tap/ban/{pages.d1_board.pk}/viet-bai/",
        {"title": "Bài có ảnh giả", "body_html": "Nội dung dài đã gõ", "category": "news",
         "audience": str(pages.tree.d1.pk), "cover": png_upload(10, 10, name="anh.gif")},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "chỉ nhận" in html
    assert "Bài có ảnh giả" in html and "Nội dung dài đã gõ" in html
    assert not Article.objects.filter(title="Bài có ảnh giả").exists()


def test_cover_of_an_unpublished_article_only_for_its_board(pages):
    article = draft(pages)
    from core.news.services.articles import article_update
    from tests.core.news.conftest import content

    article_update(
        article=article,
        content=content(audience=pages.tree.d1),
        actor=pages.users["editor_d1"],
        cover=png_upload(300, 200),
    )
    assert client_for("editor_d1").get(f"/tin-tuc/{article.pk}/anh/lon/").status_code == 200
    assert client_for("dv_x").get(f"/tin-tuc/{article.pk}/anh/lon/").status_code == 404
    assert client_for("publisher_d2").get(f"/tin-tuc/{article.pk}/anh/lon/").status_code == 404


def test_desk_and_editing_are_for_the_board_only(pages):
    article = draft(pages)
    assert client_for("dv_x").get("/tin-tuc/bien-tap/").status_code == 404
    outsider = client_for("publisher_d2")
    assert outsider.get(f"/tin-tuc/bien-tap/{article.pk}/").status_code == 404
    assert outsider.post(f"/tin-tuc/bien-tap/{article.pk}/submit/").status_code == 404
    assert outsider.get(f"/tin-tuc/bien-tap/ban/{pages.d1_board.pk}/viet-bai/").status_code == 404
    editor = client_for("editor_d1")
    assert editor.post(f"/tin-tuc/bien-tap/{article.pk}/approve/").status_code == 302
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT
    assert editor.post(f"/tin-tuc/bien-tap/{article.pk}/explode/").status_code == 404


def test_committee_admin_sets_up_a_board_and_a_feed(pages):
    admin = client_for("admin_d1")
    page = admin.get("/tin-tuc/ban-bien-tap/").content.decode()
    assert "Ban biên tập Huyện uỷ Yên Mô" in page and "Ban biên tập Tỉnh uỷ" not in page
    assert admin.post("/tin-tuc/ban-bien-tap/", {"unit": str(pages.tree.c1.pk), "name": ""}).status_code == 302
    assert EditorialBoard.objects.get(unit=pages.tree.c1).name == "Ban biên tập Đảng bộ xã Yên Phong"
    refused = admin.post(
        "/tin-tuc/nguon-tin/", {"board": str(pages.d1_board.pk), "url": "http://10.0.0.5/rss", "title": "Nội bộ"}
    )
    assert refused.status_code == 200 and "Địa chỉ nội bộ bị từ chối" in refused.content.decode()
    assert "http://10.0.0.5/rss" in refused.content.decode()
    with feed_server() as server, override_settings(FEED_ALLOWED_PRIVATE_NETWORKS=["127.0.0.1/32"]):
        server.routes["/rss"] = Route(rss(4))
        assert (
            admin.post(
                "/tin-tuc/nguon-tin/", {"board": str(pages.d1_board.pk), "url": server.url("/rss"), "title": "Thành uỷ"}
            ).status_code
            == 302
        )
        feed = Feed.objects.get(board=pages.d1_board)
        assert feed.items_imported == 4  # the task ran (eagerly in tests)
        server.routes["/rss"] = Route(b"<html></html>", content_type="text/html")
        admin.post(f"/tin-tuc/nguon-tin/{feed.pk}/fetch/")
    listing = admin.get("/tin-tuc/nguon-tin/").content.decode()
    assert "trang web (HTML)" in listing and "Lỗi 1 lần liên tiếp" in listing
    admin.post(f"/tin-tuc/nguon-tin/{feed.pk}/pause/")
    feed.refresh_from_db()
    assert not feed.active
    assert client_for("editor_d1").get("/tin-tuc/nguon-tin/").status_code == 404
    assert client_for("editor_d1").post(f"/tin-tuc/nguon-tin/{feed.pk}/resume/").status_code == 404


def test_silent_days_setting_is_for_tenant_admins(pages):
    from core.news.services.boards import news_settings

    client_for("admin_d1").post("/tin-tuc/ban-bien-tap/cai-dat/", {"silent_days": "3"})
    assert news_settings().silent_days == 7
    admin = Client(HTTP_HOST=host("alpha"))
    admin.force_login(_tenant_admin())
    admin.post("/tin-tuc/ban-bien-tap/cai-dat/", {"silent_days": "3"})
    assert news_settings().silent_days == 3
    response = admin.post("/tin-tuc/ban-bien-tap/cai-dat/", {"silent_days": "0"}, follow=True)
    assert "từ 1 đến 365" in response.content.decode()


def _tenant_admin():
    from django.contrib.auth.models import User

    return User.objects.get(email="admin@alpha.vn")
