"""External feeds: import with de-duplication across runs, every kind of bad feed recorded with back-off (never
raised), the SSRF guard (schemes, private addresses before and after DNS and redirects, the operator's allowance)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from core.news import fetching
from core.news.fetching import FetchError, address_refused, fetch
from core.news.models import Article, ArticleEventKind, ArticleSource, ArticleState, Feed
from core.news.services.feeds import (
    FETCH_INTERVAL,
    backoff,
    feed_add,
    feed_fetch,
    feed_import_document,
    feed_update,
    feeds_claim_due,
)
from tests.core.news.feedserver import Route, atom, feed_server, rss

LOCAL = override_settings(FEED_ALLOWED_PRIVATE_NETWORKS=["127.0.0.1/32"])


@pytest.fixture
def server():
    with feed_server() as s:
        yield s


@pytest.fixture
def add(world):
    def _add(url: str, title: str = "Cổng thông tin Thành uỷ", board=None) -> Feed:
        return feed_add(board=board or world.d1_board, url=url, title=title, actor=world.users["admin_d1"])

    return _add


@LOCAL
def test_imports_items_and_a_second_run_adds_nothing(world, server, add):
    server.routes["/rss"] = Route(rss(200))
    feed = add(server.url("/rss"))
    outcome = feed_fetch(feed_id=feed.pk)
    assert outcome.ok and outcome.new_items == 200
    assert feed_fetch(feed_id=feed.pk).new_items == 0
    feed.refresh_from_db()
    assert (feed.items_imported, feed.last_new_items, feed.failure_count, feed.last_error) == (200, 0, 0, "")
    item = Article.objects.get(feed=feed, external_id="tin-3")
    assert item.state == ArticleState.PUBLISHED and item.source == ArticleSource.FEED
    assert item.title == "Tin tin số 3: Hội nghị Ban Chấp hành Đảng bộ"
    assert item.summary == "Nội dung tóm tắt 3"  # tags and the script gone
    assert item.external_url == "https://thanhuy.example.vn/tin/3.html"
    assert item.image_url == "https://thanhuy.example.vn/anh/3.jpg"
    assert item.published_at == dt.datetime(2026, 11, 30, 5, 0, tzinfo=dt.UTC)
    assert item.source_name == "Cổng thông tin Thành uỷ" and item.audience_unit == world.tree.d1
    assert item.events.get().kind == ArticleEventKind.IMPORTED
    assert item.search_title.startswith("tin tin so 3")


@LOCAL
def test_new_items_of_a_later_run_are_added_once(world, server, add):
    server.routes["/rss"] = Route(rss(5))
    feed = add(server.url("/rss"))
    feed_fetch(feed_id=feed.pk)
    server.routes["/rss"] = Route(rss(8))  # three new at the end, five known
    assert feed_fetch(feed_id=feed.pk).new_items == 3
    assert Article.objects.filter(feed=feed).count() == 8


def test_dedup_by_guid_and_by_link(world, add):
    feed = add("https://thanhuy.example.vn/rss")
    assert feed_import_document(feed=feed, content=rss(3)) == 3
    # the same links without GUIDs: known by link
    assert feed_import_document(feed=feed, content=rss(3, guid=False)) == 0
    # same GUIDs, links moved: known by GUID
    moved = rss(3).replace(b"thanhuy.example.vn/tin/", b"thanhuy.example.vn/moi/")
    assert feed_import_document(feed=feed, content=moved) == 0
    # a document repeating one item twice imports it once
    doubled = rss(1).replace(b"</channel>", rss(1).split(b"<channel>")[1].split(b"</channel>")[0][-10:] + b"</channel>")
    assert feed_import_document(feed=feed, content=doubled) == 0


def test_atom_feeds_with_enclosure_images(world, add):
    feed = add("https://bao.example.vn/atom", title="")
    assert feed_import_document(feed=feed, content=atom(4)) == 4
    feed.refresh_from_db()
    assert feed.title == "Báo Đảng bộ"  # taken from the feed when the admin left it empty
    assert Article.objects.get(external_id="urn:bao:2").image_url == "https://bao.example.vn/2.jpg"


def test_root_board_feed_reaches_the_whole_committee(world):
    feed = Feed.objects.create(board=world.root_board, url="https://thanhuy.example.vn/rss", title="Thành uỷ")
    feed_import_document(feed=feed, content=rss(1))
    assert Article.objects.get(feed=feed).audience_unit is None


BAD = [
    (
        "garbage",
        Route(b"\x00\x01\xff garbage { not xml", content_type="application/octet-stream"),
        "không phải RSS/Atom",
    ),
    (
        "html",
        Route("<!doctype html><html><body>Trang chủ</body></html>".encode(), content_type="text/html"),
        "trang web (HTML)",
    ),
    ("html-as-xml", Route(b"  <html><head></head><body>Moved</body></html>", content_type="application/xml"), "HTML"),
    ("empty", Route(b""), "rỗng"),
    ("server-error", Route(b"oops", status=500, content_type="text/plain"), "mã lỗi 500"),
    ("not-found", Route(b"", status=404), "mã lỗi 404"),
    ("redirect-loop", Route(b"", status=302, headers={"Location": "/redirect-loop"}), "Chuyển hướng quá nhiều"),
]


@LOCAL
@pytest.mark.parametrize(("path", "route", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_feeds_are_recorded_not_raised(world, server, add, path, route, message):
    server.routes[f"/{path}"] = route
    feed = add(server.url(f"/{path}"))
    now = timezone.now()
    outcome = feed_fetch(feed_id=feed.pk, now=now)
    feed.refresh_from_db()
    assert not outcome.ok and message in feed.last_error
    assert feed.failure_count == 1 and feed.next_fetch_at == now + backoff(1)
    assert not Article.objects.filter(feed=feed).exists()


@LOCAL
def test_timeout_too_large_and_closed_port(world, server, add, monkeypatch):
    monkeypatch.setattr(
        fetching, "LIMITS", fetching.Limits(connect_timeout=1, read_timeout=0.3, deadline=2, max_bytes=5000)
    )
    server.routes["/slow"] = Route(rss(1), delay=1.5)
    server.routes["/big"] = Route(rss(100))
    cases = {"/slow": "Quá thời gian", "/big": "quá lớn"}
    for path, message in cases.items():
        feed = add(server.url(path))
        assert not feed_fetch(feed_id=feed.pk).ok
        feed.refresh_from_db()
        assert message in feed.last_error, feed.last_error
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there any more
    closed = add(f"http://127.0.0.1:{port}/rss")
    assert not feed_fetch(feed_id=closed.pk).ok
    closed.refresh_from_db()
    assert "Không kết nối được" in closed.last_error


@LOCAL
def test_back_off_grows_and_success_resets_it(world, server, add):
    server.routes["/rss"] = Route(b"<html></html>", content_type="text/html")
    feed = add(server.url("/rss"))
    now = timezone.now()
    for n in (1, 2, 3):
        feed_fetch(feed_id=feed.pk, now=now)
        feed.refresh_from_db()
        assert feed.failure_count == n and feed.next_fetch_at == now + backoff(n)
    assert backoff(1) < backoff(2) < backoff(3) and backoff(50) == dt.timedelta(hours=24)
    server.routes["/rss"] = Route(rss(2))
    assert feed_fetch(feed_id=feed.pk, now=now).ok
    feed.refresh_from_db()
    assert (feed.failure_count, feed.last_error, feed.next_fetch_at) == (0, "", now + FETCH_INTERVAL)
    assert feed.last_success_at == now


@LOCAL
def test_not_modified_answers_import_nothing(world, server, add):
    server.routes["/rss"] = Route(rss(3), headers={"ETag": '"v1"'})
    feed = add(server.url("/rss"))
    assert feed_fetch(feed_id=feed.pk).new_items == 3
    assert feed_fetch(feed_id=feed.pk).ok
    assert server.hits[-1][1].get("If-None-Match") == '"v1"'


class TestSsrfGuard:
    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "ftp://example.org/rss",
            "gopher://127.0.0.1:70/",
            "javascript:alert(1)",
            "http://127.0.0.1/rss",
            "http://localhost/rss",  # resolves to loopback
            "http://10.1.2.3/rss",
            "http://192.168.1.1/rss",
            "http://172.16.5.4/rss",
            "http://169.254.169.254/latest/meta-data/",  # cloud metadata: link-local
            "http://100.64.0.1/rss",  # shared address space
            "http://0.0.0.0/rss",
            "http://[::1]/rss",
            "http://[fe80::1]/rss",
            "http://[fd00::1]/rss",
            "http://[::ffff:127.0.0.1]/rss",  # IPv4-mapped loopback
            "http://2130706433/rss",  # 127.0.0.1 as a number, caught after resolution
            "http://0x7f.1/rss",
            "http://user:pw@example.org/rss",
        ],
    )
    def test_refused_without_any_request(self, url):
        with pytest.raises(FetchError) as exc:
            fetch(url)
        assert exc.value.code in ("refused", "dns")

    def test_feed_form_refuses_schemes_and_literal_private_addresses(self, world, add):
        for url in ("file:///etc/passwd", "http://10.0.0.8/rss", "http://[::1]/rss", "javascript:alert(1)"):
            with pytest.raises(ValidationError) as exc:
                add(url)
            assert "url" in exc.value.message_dict

    def test_local_server_refused_until_the_operator_allows_it(self, world, server):
        server.routes["/rss"] = Route(rss(1))
        feed = Feed.objects.create(board=world.d1_board, url=server.url("/rss"), title="Nội bộ")
        outcome = feed_fetch(feed_id=feed.pk)
        assert not outcome.ok and "Địa chỉ nội bộ bị từ chối" in outcome.error
        assert server.hits == []  # refused before connecting
        with LOCAL:
            assert feed_fetch(feed_id=feed.pk).ok

    @LOCAL
    @pytest.mark.parametrize(
        "location",
        ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/rss", "file:///etc/passwd", "http://[::1]:80/"],
    )
    def test_redirects_are_checked_like_the_first_hop(self, world, server, add, location):
        server.routes["/go"] = Route(b"", status=302, headers={"Location": location})
        feed = add(server.url("/go"))
        outcome = feed_fetch(feed_id=feed.pk)
        assert not outcome.ok
        feed.refresh_from_db()
        assert feed.failure_count == 1 and feed.last_error

    @LOCAL
    def test_a_redirect_to_an_allowed_address_is_followed(self, world, server, add):
        server.routes["/old"] = Route(b"", status=301, headers={"Location": "/new"})
        server.routes["/new"] = Route(rss(2))
        feed = add(server.url("/old"))
        assert feed_fetch(feed_id=feed.pk).new_items == 2

    def test_addresses(self):
        import ipaddress

        ip = ipaddress.ip_address
        assert address_refused(ip("127.0.0.1")) and address_refused(ip("::ffff:10.0.0.1"))
        assert not address_refused(ip("8.8.8.8")) and not address_refused(ip("2001:4860:4860::8888"))
        with override_settings(FEED_ALLOWED_PRIVATE_NETWORKS=["10.20.0.0/16"]):
            assert not address_refused(ip("10.20.3.4")) and address_refused(ip("10.21.0.1"))


class TestFeedAdmin:
    def test_only_news_managers_of_the_board_add_or_change_feeds(self, world):
        u = world.users
        with pytest.raises(PermissionDenied):
            feed_add(board=world.d1_board, url="https://a.example.vn/rss", title="A", actor=u["publisher_d1"])
        with pytest.raises(PermissionDenied):  # admin of D1 does not manage the root's board
            feed_add(board=world.root_board, url="https://a.example.vn/rss", title="A", actor=u["admin_d1"])
        feed = feed_add(board=world.d1_board, url="https://a.example.vn/rss", title="A", actor=u["admin_d1"])
        with pytest.raises(ValidationError):
            feed_add(board=world.d1_board, url="https://a.example.vn/rss", title="B", actor=u["admin_d1"])
        with pytest.raises(PermissionDenied):
            feed_update(feed=feed, actor=u["editor_d1"], active=False)
        assert feed_update(feed=feed, actor=u["admin_d1"], active=False).active is False

    def test_paused_feeds_are_not_claimed_and_claims_are_leased(self, world, add):
        now = timezone.now()
        due = add("https://a.example.vn/rss")
        paused = add("https://b.example.vn/rss")
        later = add("https://c.example.vn/rss")
        feed_update(feed=paused, actor=world.users["admin_d1"], active=False)
        Feed.objects.filter(pk=later.pk).update(next_fetch_at=now + dt.timedelta(hours=1))
        assert feeds_claim_due(now=now) == [due.pk]
        assert feeds_claim_due(now=now + dt.timedelta(minutes=5)) == []  # leased

    def test_resuming_forgets_the_back_off(self, world, add):
        feed = add("https://a.example.vn/rss")
        Feed.objects.filter(pk=feed.pk).update(
            failure_count=4, next_fetch_at=timezone.now() + dt.timedelta(hours=8), active=False
        )
        feed = feed_update(feed=feed, actor=world.users["admin_d1"], active=True)
        assert feed.failure_count == 0 and feed.next_fetch_at is None


@LOCAL
def test_periodic_task_fetches_due_feeds_of_its_tenant_only(world, server, add, alpha, beta):
    from core.news.tasks import feeds_fetch_due
    from tenants.db.schema import activate_tenant

    server.routes["/rss"] = Route(rss(3))
    feed = add(server.url("/rss"))
    activate_tenant(beta)
    try:
        assert feeds_fetch_due.apply().get() == 0  # beta has no feeds; alpha's is not touched from there
    finally:
        activate_tenant(alpha)
    assert server.hits == []
    assert feeds_fetch_due.apply().get() == 1
    assert Article.objects.filter(feed=feed).count() == 3
