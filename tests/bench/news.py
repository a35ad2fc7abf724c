"""News benchmark (issue #11 targets), in the library bench's tenant (472,869 members, ~19,000 cells, 50,000
documents), extended with 100,000 articles from the root's and every district's editorial board:

- search over the 100,000 articles, with and without diacritics, through GET /api/v1/news/?q=… (full middleware
  stack, bearer token): p95 of RUNS per query, target ≤ 50 ms; the member's feed page without a query beside it;
- the member's home GET / (documents + news cards): median / p95 ms and its query count, to compare with the
  library bench's figures (same number of queries whatever the amount of news);
- importing a 200-item RSS feed served on 127.0.0.1 (through the SSRF guard with the operator's allowance):
  ≤ 2 s; importing it again: 0 new items.

Run by `make bench ARGS=news` (after or without `ARGS=library`: the tenant and its documents are made if missing).
"""

import datetime as dt
import random
import statistics
import time
from typing import Any

from tests.bench.library import PASSWORD, _load_documents, _p95
from tests.bench.setup import bench_tenant, django_on_bench_db

MEMBERS = 472_869
ARTICLES = 100_000
RUNS = 40
QUERIES = [
    "hội nghị ban chấp hành", "hoi nghi ban chap hanh", "chuyển đổi số", "chuyen doi so", "đảng viên trẻ",
    "dang vien tre", "sinh hoạt chi bộ", "sinh hoat chi bo", "thông báo lịch tiếp", "thong bao lich tiep",
]  # fmt: skip
HEADLINES = [
    "Hội nghị Ban Chấp hành Đảng bộ quán triệt nghị quyết", "Ra quân chuyển đổi số trong sinh hoạt chi bộ",
    "Gương đảng viên trẻ đi đầu trong phong trào thi đua", "Thông báo lịch tiếp công dân của Bí thư",
    "Trao Huy hiệu tuổi Đảng cho đảng viên cao tuổi", "Sinh hoạt chi bộ chuyên đề về đạo đức công vụ",
    "Kiểm tra, giám sát việc thực hiện nghị quyết", "Phát động thi đua chào mừng đại hội đảng bộ",
    "Tổng kết mô hình dân vận khéo", "Hướng dẫn kiểm điểm, đánh giá, xếp loại cuối năm",
]  # fmt: skip
PLACES = ["phường Phúc Xá", "xã Yên Phong", "thị trấn Me", "phường Trúc Bạch", "xã Kim Đông", "phường Bạch Mai"]


def _articles(rng: random.Random, boards: list[tuple[int, int, int]], units: dict[int, list[int]]) -> list:
    from core.content.search import search_columns

    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    span = (dt.datetime.now(dt.UTC) - start).total_seconds()
    rows = []
    for i in range(ARTICLES):
        board_id, unit_id, depth = boards[i % len(boards)]
        audience = (
            None if depth == 0 else (unit_id if rng.random() < 0.7 else rng.choice(units.get(unit_id, [unit_id])))
        )
        title = f"{rng.choice(HEADLINES)} tại {rng.choice(PLACES)} ({i})"
        summary = f"{rng.choice(HEADLINES)}; {rng.choice(HEADLINES).lower()}."
        body = f"<p>{summary}</p><p>{' '.join(rng.choice(HEADLINES) for _ in range(6))}.</p>"
        published = start + dt.timedelta(seconds=span * i / ARTICLES)
        cols = search_columns(title=title, summary=summary, body=body)
        rows.append((board_id, title, summary, body, "news", audience, "published", published, "editorial",
                     *(cols[k] for k in ("search_key", "search_title", "search_summary", "search_body"))))  # fmt: skip
    return rows


def _load_articles() -> float:
    from django.db import connection

    from core.news.models import Article, EditorialBoard
    from core.org.models import OrgUnit

    boards = []
    for unit in OrgUnit.objects.filter(depth__lte=1).order_by("path"):
        board, _ = EditorialBoard.objects.get_or_create(unit=unit, defaults={"name": f"Ban biên tập {unit.name}"})
        boards.append((board.pk, unit.pk, unit.depth))
    below: dict[int, list[int]] = {}
    for pk, parent in OrgUnit.objects.filter(depth=2).values_list("pk", "parent_id"):
        below.setdefault(parent, []).append(pk)
    rows = _articles(random.Random("news"), boards, below)
    columns = ("board_id, title, summary, body_html, category, audience_unit_id, state, published_at, source, "
               "search_key, search_title, search_summary, search_body, cover, cover_thumb, cover_alt, "
               "last_comment, external_id, external_url, image_url, source_name, created_at, updated_at")  # fmt: skip
    started = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY news_article ({columns}) FROM STDIN") as copy:
            now = dt.datetime.now(dt.UTC)
            for row in rows:
                copy.write_row((*row, "", "", "", "", "", "", "", "", now, now))
        cursor.execute("ANALYZE news_article")
    assert Article.objects.count() >= ARTICLES
    return time.perf_counter() - started


def _timed(client: Any, path: str, params: dict[str, str], headers: dict[str, Any]) -> list[float]:
    samples = []
    for _ in range(RUNS):
        began = time.perf_counter()
        assert client.get(path, params, **headers).status_code == 200
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def _feed_import(tenant: Any) -> list[tuple[str, str, str]]:
    from django.conf import settings

    from core.news.models import EditorialBoard, Feed
    from core.news.services.feeds import feed_fetch
    from tenants.db.schema import activate_public, activate_tenant
    from tests.core.news.feedserver import Route, feed_server, rss

    settings.FEED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    activate_tenant(tenant)
    try:
        with feed_server() as server:
            server.routes["/rss"] = Route(rss(200, prefix=f"bench{time.time_ns()}"))
            board = EditorialBoard.objects.order_by("pk").first()
            assert board is not None
            feed = Feed.objects.create(board=board, url=server.url("/rss"), title="Bench feed")
            began = time.perf_counter()
            first = feed_fetch(feed_id=feed.pk)
            first_s = time.perf_counter() - began
            began = time.perf_counter()
            again = feed_fetch(feed_id=feed.pk)
            again_s = time.perf_counter() - began
    finally:
        activate_public()
    return [
        ("import a 200-item feed: s (new items)", f"{first_s:.2f} ({first.new_items})", "≤ 2 s (200)"),
        ("import it again: s (new items)", f"{again_s:.2f} ({again.new_items})", "0 new"),
    ]


def main() -> None:
    django_on_bench_db()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.demo.generator import generate
    from core.library.models import Document
    from core.members.models import Member, MemberStatus
    from core.news.models import Article
    from tenants.db.schema import activate_public, activate_tenant

    tenant = bench_tenant("libbench", "Đảng bộ thành phố (bench văn bản)")
    activate_tenant(tenant)
    if not Member.objects.exists():
        generate(members=MEMBERS, seed="library")
    if not Document.objects.exists():
        _load_documents(tenant)
    member = Member.objects.select_related("cell").filter(status=MemberStatus.OFFICIAL).order_by("pk").first()
    assert member is not None
    user, _ = User.objects.get_or_create(username="dv_lib")
    user.set_password(PASSWORD)
    user.save()
    Member.objects.filter(pk=member.pk).update(user=user)
    loaded = _load_articles() if Article.objects.count() < ARTICLES else 0.0
    activate_public()
    rows = [(f"{ARTICLES:,} articles written (COPY), s", f"{loaded:.1f}", "")]
    client = Client(HTTP_HOST="libbench.localhost")
    token = client.post("/api/v1/auth/token/", {"username": "dv_lib", "password": PASSWORD}).json()["token"]
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    feed = _timed(client, "/api/v1/news/", {}, headers)
    rows.append(
        ("news feed page (no query): API median / p95 ms", f"{statistics.median(feed):.1f} / {_p95(feed):.1f}", "")
    )
    every: list[float] = []
    for q in QUERIES:
        first = client.get("/api/v1/news/", {"q": q}, **headers).json()
        assert first["results"], q
        samples = _timed(client, "/api/v1/news/", {"q": q}, headers)
        every += samples
        rows.append((f"news search “{q}”: API p95 ms → first hit", f"{_p95(samples):.1f}",
                     f"≤ 50 ms → {first['results'][0]['title'][:40]}"))  # fmt: skip
    rows.append(("news search, all queries: API p95 ms", f"{_p95(every):.1f}", "≤ 50 ms"))
    web = Client(HTTP_HOST="libbench.localhost")
    assert web.post("/dang-nhap/", {"username": "dv_lib", "password": PASSWORD}).status_code == 302
    web.get("/")
    home = _timed(web, "/", {}, {})
    with CaptureQueriesContext(connection) as ctx:
        size = len(web.get("/").content)
    rows.append(("GET / (home with news card): median / p95 ms, queries, KB",
                 f"{statistics.median(home):.1f} / {_p95(home):.1f}, {len(ctx.captured_queries)} q, {size / 1024:.0f}",
                 "≤ 15 ms, constant queries"))  # fmt: skip
    rows += _feed_import(tenant)
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>28}  target")
    print("-" * (width + 44))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>28}  {target}")


if __name__ == "__main__":
    main()
