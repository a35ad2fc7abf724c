"""Content freshness per committee and month (articles, feed items, documents, days since the last post, read
rates), committees silent for the tenant's number of days on the statistics page and the console overview."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from core.access.models import Role
from core.library.services import document_create, document_publish
from core.news.freshness import freshness_rows, freshness_summary
from core.news.models import Article, Feed
from core.news.services.feeds import feed_import_document
from core.news.services.reads import article_mark_read
from tests.conftest import PASSWORD, host
from tests.core.news.feedserver import rss
from tests.core.news.test_reading import published
from tests.factories.org import user_with
from tests.helpers import console_login, web_login


def _document(world, unit, title: str):
    actor = world.users.setdefault("lib_root", user_with("lib_root", (Role.PUBLISHER, world.tree.root)))
    document = document_create(
        actor=actor, unit=unit, audience_unit=unit, title=title, kind="directive", level="district"
    )
    return document_publish(document=document, actor=actor)


def test_rows_count_articles_feeds_documents_and_read_rates(world):
    tree, now = world.tree, timezone.now()
    first = published(world, audience=tree.d1, title="Tin 1")
    published(world, audience=tree.x, title="Tin 2")
    feed = Feed.objects.create(board=world.d1_board, url="https://thanhuy.example.vn/rss", title="Thành uỷ")
    feed_import_document(feed=feed, content=rss(3, now=now))
    _document(world, tree.d1, "Hướng dẫn của huyện")
    article_mark_read(article=first, user=world.users["member_x"])
    rows = {r.unit.code: r for r in freshness_rows(now.date())}
    assert set(rows) == {"ROOT", "D1", "D2"}  # the root, units under it, units with a board
    d1 = rows["D1"]
    assert (d1.articles, d1.imported, d1.documents, d1.days_since, d1.silent) == (2, 3, 1, 0, False)
    # members of D1's subtree: X (3) and Y (2); one read of two articles
    assert d1.article_read_pct == round(100 * 1 / (2 * 5), 1) and d1.document_read_pct == 0.0
    assert rows["D2"].silent and rows["D2"].days_since is None and not rows["D2"].has_board
    assert rows["ROOT"].article_read_pct is None  # nothing published by the root's board this month


def test_last_month_and_silence_after_the_setting(world):
    tree = world.tree
    old, article = published(world, audience=tree.d1), published(world, audience=tree.d1)
    now = timezone.now()
    Article.objects.filter(pk=old.pk).update(published_at=now - dt.timedelta(days=40))
    Article.objects.filter(pk=article.pk).update(published_at=now - dt.timedelta(days=6))
    then = timezone.localdate(now - dt.timedelta(days=40))
    counted = {r.unit.code: r.articles for r in freshness_rows(then)}["D1"]
    assert counted == (2 if then.month == timezone.localdate(now - dt.timedelta(days=6)).month else 1)
    d1 = {r.unit.code: r for r in freshness_rows(now.date(), now=now)}["D1"]
    assert d1.days_since == 6 and not d1.silent
    later = now + dt.timedelta(days=1)
    assert {r.unit.code: r for r in freshness_rows(now.date(), now=later)}["D1"].silent
    from core.news.models import NewsSettings

    NewsSettings.objects.create(silent_days=10)
    assert not {r.unit.code: r for r in freshness_rows(now.date(), now=later)}["D1"].silent


def test_a_committee_that_only_relays_a_feed_is_silent(world):
    feed = Feed.objects.create(board=world.d1_board, url="https://thanhuy.example.vn/rss", title="Thành uỷ")
    feed_import_document(feed=feed, content=rss(2))
    assert {r.unit.code: r for r in freshness_rows(timezone.localdate())}["D1"].silent
    summary = freshness_summary()
    assert (summary.committees, summary.silent, summary.silent_days) == (3, 3, 7)


def test_statistics_page_scoped_and_flagging(world):
    published(world, audience=world.tree.d1, title="Tin huyện")
    admin = Client(HTTP_HOST=host("alpha"))
    web_login(admin, "admin_d1", PASSWORD)
    page = admin.get("/tin-tuc/thong-ke/").content.decode()
    assert 'data-unit="D1"' in page and 'data-unit="D2"' not in page and 'data-unit="ROOT"' not in page
    assert "Mọi cấp uỷ đều đăng tin" in page
    btc = Client(HTTP_HOST=host("alpha"))
    web_login(btc, "btc", PASSWORD)  # organisation department over the root: every committee
    page = btc.get("/tin-tuc/thong-ke/").content.decode()
    assert 'data-unit="D2"' in page and "2 cấp uỷ không đăng tin" in page
    assert "Tháng không hợp lệ" in btc.get("/tin-tuc/thong-ke/", {"thang": "2026-99"}).content.decode()
    member = Client(HTTP_HOST=host("alpha"))
    web_login(member, "dv_x", PASSWORD)
    assert member.get("/tin-tuc/thong-ke/").status_code == 404


def test_console_overview_shows_silent_committees(world, alpha, platform_client):
    from tenants.db.schema import activate_public
    from tenants.rollout.models import AdoptionSnapshot
    from tenants.rollout.overview import adoption_overview_snapshot

    published(world, audience=world.tree.d1)
    activate_public()
    adoption_overview_snapshot()
    alpha_snap = AdoptionSnapshot.objects.filter(tenant__schema_name="alpha").latest()
    beta_snap = AdoptionSnapshot.objects.filter(tenant__schema_name="beta").latest()
    assert (alpha_snap.news_committees, alpha_snap.news_silent) == (3, 2)
    assert (beta_snap.news_committees, beta_snap.news_silent) == (0, 0)  # nothing of alpha counted in beta
    console_login(platform_client, "operator", PASSWORD)  # password and second factor, as every console user
    page = platform_client.get("/console/tong-quan/").content.decode()
    assert "Cấp uỷ không đăng tin, văn bản" in page and "2/3" in page
