"""Members' news: their units and every unit above them, newest first, unread markers and counts, read counters."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.content.audience import reader_for
from core.news.models import Article, ArticleUnitReads
from core.news.selectors import article_for_reader, news_card, news_feed, unread_count
from core.news.services.articles import article_transition
from core.news.services.reads import article_mark_read
from tests.core.news.conftest import draft
from tests.factories.org import user_with


def published(world, board=None, author="editor_d1", when=None, **kw) -> Article:
    article = draft(world, board=board, author=author, **kw)
    approver = "publisher_root"
    for action in ("submit", "approve", "publish"):
        article = article_transition(
            article=article, action=action, actor=world.users["editor_root" if action == "submit" else approver]
        )
    if when is not None:
        Article.objects.filter(pk=article.pk).update(published_at=when)
        article.refresh_from_db()
    return article


@pytest.fixture
def spread(world):
    """Articles addressed to every level around member_x (cell X under C1 under D1 under ROOT)."""
    tree, now = world.tree, timezone.now()
    return {
        "whole": published(
            world, board=world.root_board, author="editor_root", audience=None, when=now - dt.timedelta(hours=5)
        ),
        "d1": published(world, audience=tree.d1, when=now - dt.timedelta(hours=1)),
        "c1": published(world, audience=tree.c1, when=now - dt.timedelta(hours=3)),
        "x": published(world, audience=tree.x, when=now - dt.timedelta(hours=2)),
        "y": published(world, audience=tree.y, when=now - dt.timedelta(hours=4)),
        "root_to_d2": published(world, board=world.root_board, author="editor_root", audience=tree.d2),
        "draft": draft(world, audience=tree.d1),
    }  # fmt: skip


def test_feed_merges_own_units_and_every_unit_above_newest_first(world, spread):
    feed = news_feed(world.users["member_x"])
    assert [a.pk for a in feed] == [spread[k].pk for k in ("d1", "x", "c1", "whole")]


def test_member_of_another_branch_sees_only_theirs(world, spread):
    member_z = world.tree.members["Z"][0]
    user = user_with("dv_z")
    type(member_z).objects.filter(pk=member_z.pk).update(user=user)
    assert {a.pk for a in news_feed(user)} == {spread["whole"].pk, spread["root_to_d2"].pk}


def test_users_without_a_member_profile_read_through_their_grants(world, spread):
    # editor_d1 holds a role on D1: D1's own and the whole committee's news, not a cell's
    assert {a.pk for a in news_feed(world.users["editor_d1"])} == {spread["d1"].pk, spread["whole"].pk}


def test_article_outside_the_audience_or_unpublished_is_404(world, spread):
    member = world.users["member_x"]
    assert article_for_reader(member, spread["x"].pk) == spread["x"]
    for key in ("y", "root_to_d2", "draft"):
        with pytest.raises(Http404):
            article_for_reader(member, spread[key].pk)
    with pytest.raises(Http404):
        article_for_reader(member, "abc")


def test_unpublished_articles_leave_the_feed(world, spread):
    article_transition(article=spread["x"], action="unpublish", actor=world.users["publisher_d1"], comment="Trùng tin")
    assert spread["x"].pk not in {a.pk for a in news_feed(world.users["member_x"])}


def test_unread_markers_counts_and_unit_counters(world, spread):
    member = world.users["member_x"]
    assert unread_count(member) == 4
    assert not any(a.is_read for a in news_feed(member))  # type: ignore[attr-defined]
    assert article_mark_read(article=spread["x"], user=member) is True
    assert article_mark_read(article=spread["x"], user=member) is False  # counted once
    marks = {a.pk: a.is_read for a in news_feed(member)}  # type: ignore[attr-defined]
    assert marks[spread["x"].pk] is True and marks[spread["d1"].pk] is False
    assert unread_count(member) == 3
    tree = world.tree
    counters = dict(ArticleUnitReads.objects.filter(item=spread["x"]).values_list("unit__code", "reads"))
    assert counters == {tree.root.code: 1, tree.d1.code: 1, tree.c1.code: 1, tree.x.code: 1}


def test_unread_count_covers_the_last_30_days(world, spread):
    Article.objects.filter(pk=spread["whole"].pk).update(published_at=timezone.now() - dt.timedelta(days=31))
    assert unread_count(world.users["member_x"]) == 3


def test_feed_filters_by_category_and_searches_without_diacritics(world, spread):
    member = world.users["member_x"]
    notice = published(world, audience=world.tree.d1, title="Thông báo lịch tiếp dân tháng 12", category="notice")
    assert [a.pk for a in news_feed(member, category="notice")] == [notice.pk]
    assert [a.pk for a in news_feed(member, query="lich tiep dan")] == [notice.pk]
    assert [a.pk for a in news_feed(member, query="Lịch tiếp dân")] == [notice.pk]
    assert news_feed(member, query="tiep dan", category="news") == []


def test_search_never_crosses_the_audience(world, spread):
    published(world, audience=world.tree.y, title="Thông báo riêng chi bộ Đoài")
    assert news_feed(world.users["member_x"], query="rieng chi bo doai") == []


def test_feed_and_card_queries_do_not_grow_with_the_news(world, spread):
    member = world.users["member_x"]
    reader_for(member)  # the reader is read once per request (cached on the user)
    with CaptureQueriesContext(connection) as small:
        news_feed(member)
        news_card(member)
    for n in range(15):
        published(world, audience=world.tree.x, title=f"Tin số {n}")
    member_again = type(member).objects.get(pk=member.pk)
    reader_for(member_again)
    with CaptureQueriesContext(connection) as big:
        feed = news_feed(member_again)
        card = news_card(member_again)
    assert len(big) == len(small) == 4  # feed: page + read marks; card: latest with marks + unread count
    assert len(feed) == 19 and len(card.latest) == 3 and card.unread == 19
