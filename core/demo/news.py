"""Demo news: the province's/city's editorial board with articles in every state (through the real services, so
each has its timeline and audit rows), a district board that posts and the others that are silent (freshness),
cover images drawn with Pillow, and a feed importing the local sample file static/demo/tin-thanh-uy.xml.

Logins (password = the demo password): bientap (editor), duyettin (approver), dangtin (publisher) on the root's
board; the district admin `huyen` manages the first district's board and feeds. Idempotent: a tenant that
already has an editorial board is left as it is.
"""

import datetime as dt
import io
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from core.access.models import Role, RoleGrant
from core.content.audience import reader_from_member
from core.content.reads import read_mark
from core.members.models import Member
from core.news.models import Article, ArticleEvent, ArticleRead, ArticleUnitReads, EditorialBoard, Feed
from core.news.services.articles import ArticleContent, article_create, article_transition
from core.news.services.feeds import feed_import_document
from core.org.models import OrgKind, OrgUnit

FEED_FILE = Path(settings.BASE_DIR) / "static" / "demo" / "tin-thanh-uy.xml"
# `make run` serves the file itself; the development settings allow the loopback address for it.
FEED_URL = "http://localhost:8000/static/demo/tin-thanh-uy.xml"
EDITORS = (("bientap", Role.EDITOR, "Biên tập viên"), ("duyettin", Role.APPROVER, "Người duyệt tin"),
           ("dangtin", Role.PUBLISHER, "Người đăng tin"))  # fmt: skip

# (title, category, paragraphs, cover colour or None)
ROOT_ARTICLES = [
    ("Hội nghị sơ kết 6 tháng triển khai sổ tay đảng viên điện tử", "news",
     ["Sáng nay, Ban Thường vụ tổ chức hội nghị sơ kết 6 tháng triển khai sổ tay đảng viên điện tử.",
      "92% đảng viên đã cài đặt và đăng nhập; các chi bộ công bố lịch sinh hoạt, tài liệu trên sổ tay."],
     (183, 28, 28)),
    ("Thông báo lịch tiếp công dân của Bí thư tháng 12", "notice",
     ["Đồng chí Bí thư tiếp công dân định kỳ vào sáng thứ Năm tuần thứ hai của tháng tại Trụ sở tiếp công dân."], None),
    ("Gương đảng viên trẻ đi đầu chuyển đổi số ở thôn", "example",
     ["Đồng chí Nguyễn Văn An, 28 tuổi, hướng dẫn 40 đảng viên cao tuổi cài đặt và sử dụng sổ tay.",
      "Chi bộ thôn đã đưa toàn bộ tài liệu sinh hoạt lên sổ tay từ tháng 9."], (21, 101, 192)),
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026", "study",
     ["Chuyên đề năm 2026 nhấn mạnh tinh thần đoàn kết, kỷ cương, đổi mới sáng tạo."], None),
    ("Chỉ đạo triển khai kiểm điểm, đánh giá, xếp loại cuối năm", "direction",
     ["Các chi bộ hoàn thành kiểm điểm trước ngày 15/12; kết quả cập nhật trên sổ tay."], (46, 125, 50)),
]  # fmt: skip


def _cover(colour: tuple[int, int, int], name: str) -> SimpleUploadedFile:
    """A simple drawn cover (no text: no font needed), resized by the service like any upload."""
    image = Image.new("RGB", (1600, 900), colour)
    draw = ImageDraw.Draw(image)
    for n in range(6):
        draw.ellipse((200 * n - 100, 500 - 60 * n, 200 * n + 500, 1100 - 60 * n), outline=(255, 214, 0), width=18)
    draw.rectangle((80, 80, 520, 200), fill=(255, 214, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _people(root: OrgUnit, password_hash: str) -> dict[str, User]:
    people = {}
    for username, role, name in EDITORS:
        user = User.objects.create(username=username, password=password_hash, first_name=name)
        RoleGrant.objects.create(user=user, role=role, unit=root)
        people[username] = user
    return people


def _walk(
    article: Article,
    steps: list[str],
    people: dict[str, User],
    comment: str = "",
    publish_at: dt.datetime | None = None,
) -> Article:
    """Take the article through `steps` by the right people; the comment and time go with the last step."""
    actor = {"submit": "bientap", "approve": "duyettin", "return": "duyettin"}
    for n, step in enumerate(steps):
        last = n == len(steps) - 1
        article = article_transition(
            article=article,
            action=step,
            actor=people[actor.get(step, "dangtin")],
            comment=comment if last else "",
            publish_at=publish_at if last else None,
        )
    return article


def _write(board: EditorialBoard, people: dict[str, User], title: str, category: str, paragraphs: list[str],
           audience: OrgUnit | None, colour: tuple[int, int, int] | None = None) -> Article:  # fmt: skip
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    content = ArticleContent(title=title, body_html=body, category=category, audience_unit=audience)
    cover = _cover(colour, "anh-bia.png") if colour else None
    return article_create(board=board, content=content, actor=people["bientap"], cover=cover)


def _backdate(article: Article, when: dt.datetime) -> None:
    """Seed history: the article and its timeline as if written days ago (data, not a user action)."""
    Article.objects.filter(pk=article.pk).update(published_at=when)
    ArticleEvent.objects.filter(article=article).update(at=when)


def _root_board(root: OrgUnit, people: dict[str, User], now: dt.datetime) -> EditorialBoard:
    board = EditorialBoard.objects.create(unit=root, name=f"Ban biên tập {root.name.removeprefix('Đảng bộ ')}")
    for n, (title, category, paragraphs, colour) in enumerate(ROOT_ARTICLES):
        article = _write(board, people, title, category, paragraphs, None, colour)
        article = _walk(article, ["submit", "approve", "publish"], people)
        _backdate(article, now - dt.timedelta(days=3 * n, hours=2))
    waiting = [("Bản tin tuần: các chi bộ sinh hoạt chuyên đề", []),
               ("Đảng bộ khối cơ quan ra quân hưởng ứng Ngày pháp luật", ["submit"]),
               ("Kết quả thu nộp đảng phí quý IV", ["submit", "return"]),
               ("Lịch sinh hoạt chi bộ tháng 1 năm 2027", ["submit", "approve"])]  # fmt: skip
    for title, steps in waiting:
        article = _write(board, people, title, "news", ["Nội dung đang được ban biên tập hoàn thiện."], None)
        _walk(
            article, steps, people, comment="Bổ sung số liệu của các đảng bộ trực thuộc." if "return" in steps else ""
        )
    scheduled = _write(board, people, "Thư chúc mừng năm mới của Ban Thường vụ", "notice", ["Nhân dịp năm mới…"], None)
    _walk(scheduled, ["submit", "approve", "publish"], people, publish_at=now + dt.timedelta(days=2))
    gone = _write(board, people, "Thông báo (đã gỡ) về lịch họp", "notice", ["Lịch họp cũ."], None)
    _walk(gone, ["submit", "approve", "publish", "unpublish"], people, comment="Trùng với thông báo đã đăng.")
    return board


def _district_board(district: OrgUnit, people: dict[str, User], now: dt.datetime) -> EditorialBoard:
    board = EditorialBoard.objects.create(unit=district, name=f"Ban biên tập {district.name.removeprefix('Đảng bộ ')}")
    for username, role, _name in EDITORS:
        RoleGrant.objects.get_or_create(user=people[username], role=role, unit=district)
    for n, title in enumerate(("Huyện uỷ triển khai nhiệm vụ năm 2027", "Tổng kết mô hình “Chi bộ bốn tốt”")):
        article = _write(board, people, title, "news", ["Tin của huyện uỷ gửi các chi bộ trực thuộc."], district)
        _walk(article, ["submit", "approve", "publish"], people)
        _backdate(article, now - dt.timedelta(days=1 + 2 * n))
    return board


def _reads(seed: str) -> None:
    """Some members read some news (not dangvien: the demo member starts with unread news)."""
    rng = random.Random(seed)
    articles = list(Article.objects.filter(state="published"))
    readers = Member.objects.select_related("cell").filter(user__isnull=False).exclude(user__username="dangvien")
    for member in readers[:80]:
        reader = reader_from_member(member, member.user)
        for article in articles:
            if rng.random() < 0.4 and (article.audience_unit_id is None or article.audience_unit_id in reader.unit_ids):
                read_mark(mark_model=ArticleRead, count_model=ArticleUnitReads, item=article, reader=reader)


@transaction.atomic
def seed_news(*, seed: str, password_hash: str) -> int:
    """Runs inside a demo tenant; returns how many articles it wrote (0 when the tenant already has news)."""
    if EditorialBoard.objects.exists():
        return 0
    now = timezone.now()
    root = OrgUnit.objects.get(kind=OrgKind.ROOT)
    district = OrgUnit.objects.filter(depth=1).order_by("code").first()
    people = _people(root, password_hash)
    board = _root_board(root, people, now)
    if district is not None:
        _district_board(district, people, now)
    feed = Feed.objects.create(board=board, url=FEED_URL, title="Trang thông tin Thành uỷ (mẫu)")
    feed_import_document(feed=feed, content=FEED_FILE.read_bytes(), content_type="application/rss+xml")
    Feed.objects.filter(pk=feed.pk).update(last_success_at=now, last_fetched_at=now)
    _reads(seed)
    return Article.objects.count()
