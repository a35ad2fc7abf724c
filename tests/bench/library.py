"""Library and home benchmark (issue #11 targets), in a tenant of 472,869 members / ~19,000 cells:

- search over 50,000 documents (realistic Vietnamese titles, numbers, summaries and for a third of them a full
  text; audiences spread over the whole committee, districts, communes and cells), with and without diacritics,
  through GET /api/v1/documents/?q=… (full middleware stack, bearer token): p95 of RUNS per query, target ≤ 50 ms;
  the selector alone (library_page) is reported beside it;
- the member's home GET / (signed in): median and p95 ms, and its query count with an empty library and with
  50,000 documents (target ≤ 15 ms, the same number of queries).

Run by `make bench ARGS=library` (BENCH_DATABASE_URL set by infra/dev/bench.py). The news helper extends the same
tenant with 100,000 articles.
"""

import datetime as dt
import random
import statistics
import time
from typing import Any

from tests.bench.setup import bench_tenant, django_on_bench_db

MEMBERS = 472_869
DOCUMENTS = 50_000
RUNS = 40
PASSWORD = "bench-pass-2026"
QUERIES = [
    "nghị quyết 57", "nghi quyet 57", "57-NQ/TW", "chuyển đổi số", "chuyen doi so",
    "hướng dẫn sinh hoạt chi bộ", "huong dan sinh hoat chi bo", "NQ/TW", "kết luận 21", "dang vien",
]  # fmt: skip
KINDS = [("resolution", "NQ"), ("directive", "CT"), ("conclusion", "KL"), ("regulation", "QĐ"), ("rules", "QC"),
         ("guidance", "HD"), ("notice", "TB"), ("other", "KH")]  # fmt: skip
TOPICS = [
    "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    "tăng cường công tác xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "nâng cao chất lượng sinh hoạt chi bộ", "công tác phát triển đảng viên trong thanh niên",
    "phòng, chống tham nhũng, tiêu cực", "xây dựng nông thôn mới nâng cao", "cải cách hành chính",
    "thu, nộp và quản lý đảng phí", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "công tác kiểm tra, giám sát và thi hành kỷ luật đảng", "đại hội đảng bộ các cấp nhiệm kỳ 2025–2030",
    "sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả", "bảo vệ nền tảng tư tưởng của Đảng",
    "chăm lo đời sống đảng viên cao tuổi", "công tác dân vận của hệ thống chính trị",
]  # fmt: skip
LEVELS = ["central", "province", "district", "commune", "grassroots"]
BODY = ("Căn cứ Điều lệ Đảng; căn cứ Quy chế làm việc của cấp uỷ khoá mới; xét đề nghị của ban tham mưu, cấp uỷ "
        "quyết định các nhiệm vụ, giải pháp sau đây. Các chi bộ tổ chức quán triệt đến từng đảng viên, xây dựng "
        "kế hoạch thực hiện, định kỳ báo cáo kết quả. ")  # fmt: skip


def _documents(rng: random.Random, units: dict[int, list[int]], root_id: int) -> list[tuple[Any, ...]]:
    from core.content.search import search_columns
    from core.library.models import DocumentKind

    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    rows = []
    for i in range(DOCUMENTS):
        kind, code = KINDS[i % len(KINDS)]
        depth = rng.choices([0, 1, 2, 4], weights=[25, 30, 25, 20])[0]
        audience = None if depth == 0 else rng.choice(units[depth])
        number = f"{i % 997 + 1}-{code}/{rng.choice(['TW', 'TU', 'HU', 'ĐU', 'CB'])}"
        title = f"Về {rng.choice(TOPICS)} {('giai đoạn ' + str(2021 + i % 5) + '–2030') if i % 3 else ''}".strip()
        summary = f"{rng.choice(TOPICS).capitalize()}; {rng.choice(TOPICS)}."
        body = BODY * rng.randint(3, 12) if i % 3 == 0 else ""
        published = start + dt.timedelta(minutes=int(i * 2_000_000 / DOCUMENTS * 1.5))
        label = DocumentKind(kind).label
        cols = search_columns(key=number, title=f"{label} {number} {title}", summary=summary, body=body)
        rows.append((root_id, audience, rng.choice(LEVELS), kind, number, published.date(), "Cấp uỷ", title, summary,
                     body, "published", "", published, 0, cols["search_key"], cols["search_title"],
                     cols["search_summary"], cols["search_body"]))  # fmt: skip
    return rows


def _load_documents(tenant: Any) -> float:
    from django.db import connection

    from core.library.models import Document
    from core.org.models import OrgUnit

    root = OrgUnit.objects.get(kind="root")
    units: dict[int, list[int]] = {}
    for pk, depth, kind in OrgUnit.objects.values_list("pk", "depth", "kind"):
        key = 4 if kind == "cell" else depth
        units.setdefault(key, []).append(pk)
    rows = _documents(random.Random("library"), units, root.pk)
    started = time.perf_counter()
    columns = ("unit_id, audience_unit_id, level, kind, number, issued_on, issuer, title, summary, body, state, "
               "withdrawn_reason, published_at, platform_version, search_key, search_title, search_summary, "
               "search_body, created_at, updated_at")  # fmt: skip
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY library_document ({columns}) FROM STDIN") as copy:
            now = dt.datetime.now(dt.UTC)
            for row in rows:
                copy.write_row((*row, now, now))
        cursor.execute("ANALYZE library_document")
    assert Document.objects.count() == DOCUMENTS
    return time.perf_counter() - started


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def main() -> None:
    django_on_bench_db()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from core.content.audience import reader_for
    from core.demo.generator import generate
    from core.library.models import Document
    from core.library.selectors import Filters, library_page
    from core.meetings.models import Meeting, MeetingStatus
    from core.members.models import Member, MemberStatus
    from tenants.db.schema import activate_public, activate_tenant

    tenant = bench_tenant("libbench", "Đảng bộ thành phố (bench văn bản)")
    activate_tenant(tenant)
    if not Member.objects.exists():
        started = time.perf_counter()
        result = generate(members=MEMBERS, seed="library")
        print(f"generated {result.members:,} members, {result.cells:,} cells in {time.perf_counter() - started:.1f} s")
    member = Member.objects.select_related("cell").filter(status=MemberStatus.OFFICIAL).order_by("pk").first()
    assert member is not None
    user, _ = User.objects.get_or_create(username="dv_lib")
    user.set_password(PASSWORD)
    user.save()
    Member.objects.filter(pk=member.pk).update(user=user)
    start = timezone.now() + dt.timedelta(days=3)
    Meeting.objects.get_or_create(
        cell=member.cell, title="Sinh hoạt chi bộ thường kỳ", status=MeetingStatus.PUBLISHED,
        defaults={"starts_at": start, "ends_at": start + dt.timedelta(hours=2), "place": "Nhà văn hoá"},
    )  # fmt: skip
    activate_public()
    host = "libbench.localhost"

    def home(label: str) -> tuple[str, str, str]:
        client = Client(HTTP_HOST=host)
        assert client.post("/dang-nhap/", {"username": "dv_lib", "password": PASSWORD}).status_code == 302
        client.get("/")
        samples = []
        for _ in range(RUNS):
            began = time.perf_counter()
            assert client.get("/").status_code == 200
            samples.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            size = len(client.get("/").content)
        return (f"GET / (member home), {label}: median / p95 ms, queries, KB",
                f"{statistics.median(samples):.1f} / {_p95(samples):.1f}, {len(ctx.captured_queries)} q, "
                f"{size / 1024:.0f}", "≤ 15 ms, same queries")  # fmt: skip

    rows = [home("empty library")]
    activate_tenant(tenant)
    loaded = _load_documents(tenant) if not Document.objects.exists() else 0.0
    reader = reader_for(User.objects.get(username="dv_lib"))
    visible = library_page(reader, Filters(), limit=1)
    activate_public()
    rows.append((f"{DOCUMENTS:,} documents written (COPY), s", f"{loaded:.1f}", ""))
    rows.append(home(f"{DOCUMENTS:,} documents"))
    client = Client(HTTP_HOST=host)
    token = client.post("/api/v1/auth/token/", {"username": "dv_lib", "password": PASSWORD}).json()["token"]
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    all_samples: list[float] = []
    for q in QUERIES:
        first = client.get("/api/v1/documents/", {"q": q}, **headers)
        assert first.status_code == 200 and first.json()["results"], q
        samples = []
        for _ in range(RUNS):
            began = time.perf_counter()
            client.get("/api/v1/documents/", {"q": q}, **headers)
            samples.append((time.perf_counter() - began) * 1000)
        all_samples += samples
        activate_tenant(tenant)
        inner = []
        for _ in range(10):
            began = time.perf_counter()
            library_page(reader, Filters(q=q))
            inner.append((time.perf_counter() - began) * 1000)
        activate_public()
        top = first.json()["results"][0]["heading"]
        rows.append((f"search “{q}”: API p95 ms (selector median ms) → first hit", f"{_p95(samples):.1f} "
                     f"({statistics.median(inner):.1f})", f"≤ 50 ms → {top}"))  # fmt: skip
    rows.append(("search, all queries: API p95 ms", f"{_p95(all_samples):.1f}", "≤ 50 ms"))
    assert visible is not None
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>24}  target")
    print("-" * (width + 40))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>24}  {target}")


if __name__ == "__main__":
    main()
