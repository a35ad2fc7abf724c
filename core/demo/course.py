"""The secretaries' course of the demo tenants, made from the project's own guides (docs/guides): one lesson per
guide for cell secretaries, its Markdown turned into the small HTML the news sanitiser allows (headings, lists,
tables, bold, italics, code), a check quiz on the meetings lesson, and an online training session next week with
the demo secretary marked present at last week's. Idempotent."""

import datetime as dt
import html
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from core.demo.seed import ADMIN_USERNAME
from core.members.models import Member
from core.org.models import OrgKind, OrgUnit
from core.study.course_models import Course
from core.study.course_services import attendance_mark, course_create, lesson_add, session_create
from core.study.quiz_models import Draw, Option, Question, QuestionBank, Quiz

GUIDES = [("meetings.md", "Sinh hoạt chi bộ trên Sổ tay"), ("library.md", "Văn bản, nghị quyết"),
          ("roles.md", "Vai trò và phạm vi quyền")]  # fmt: skip
CHECK = [
    ("Lịch sinh hoạt định kỳ hằng tháng đặt ngày trong khoảng nào?", ["1–28", "1–31", "15–20", "Chỉ ngày 1"], 0),
    ("Tài liệu đính kèm buổi sinh hoạt ai xem được?", ["Đảng viên của chi bộ", "Mọi người có đường dẫn",
                                                       "Chỉ bí thư", "Toàn đảng bộ tỉnh"], 0),
    ("Đường dẫn họp trực tuyến phải bắt đầu bằng gì?", ["https://", "http://", "www.", "zoom:"], 0),
]  # fmt: skip
_INLINE = [(re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"), (re.compile(r"\*(.+?)\*"), r"<em>\1</em>"),
           (re.compile(r"`(.+?)`"), r"<code>\1</code>")]  # fmt: skip


def _inline(text: str) -> str:
    out = html.escape(text.strip(), quote=False)
    for pattern, repl in _INLINE:
        out = pattern.sub(repl, out)
    return out


def markdown_html(text: str) -> str:
    """Enough Markdown for the guides: blocks separated by blank lines; `#` headings, `-`/`1.` lists with indented
    continuation lines, `|` tables, paragraphs."""
    parts: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        first = lines[0]
        if first.startswith("```"):
            parts.append(f"<pre>{html.escape(chr(10).join(lines[1:-1]))}</pre>")
        elif first.startswith("#"):
            level = min(4, len(first) - len(first.lstrip("#")) + 1)
            parts.append(f"<h{level}>{_inline(first.lstrip('#'))}</h{level}>")
            if lines[1:]:
                parts.append(markdown_html("\n".join(lines[1:])))
        elif first.startswith("|"):
            rows = [[_inline(c) for c in line.strip("|").split("|")] for line in lines if not set(line) <= set("|-: ")]
            body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
            parts.append(f"<table>{body}</table>")
        elif re.match(r"^(- |\d+\. )", first):
            items: list[str] = []
            for line in lines:
                if re.match(r"^(- |\d+\. )", line):
                    items.append(re.sub(r"^(- |\d+\. )", "", line))
                elif items:
                    items[-1] += " " + line.strip()
            tag = "ol" if first[0].isdigit() else "ul"
            parts.append(f"<{tag}>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + f"</{tag}>")
        else:
            parts.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(parts)


def _check_quiz(root: OrgUnit) -> Quiz:
    bank = QuestionBank.objects.create(unit=root, name="Kiểm tra bài: Sinh hoạt chi bộ trên Sổ tay")
    for position, (text, options, right) in enumerate(CHECK):
        q = Question.objects.create(bank=bank, text=text, position=position)
        Option.objects.bulk_create(Option(question=q, text=o, correct=i == right, position=i)
                                   for i, o in enumerate(options))  # fmt: skip
    now = timezone.now()
    return Quiz.objects.create(
        title="Kiểm tra nhanh: Sinh hoạt chi bộ", unit=root, bank=bank, question_count=len(CHECK), draw=Draw.FIXED,
        time_limit_seconds=600, max_attempts=5, pass_percent=60, opens_at=now - dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=365),
    )  # fmt: skip


def seed_course() -> dict[str, int]:
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    root = OrgUnit.objects.filter(kind=OrgKind.ROOT).first()
    if admin is None or root is None or Course.objects.exists():
        return {"courses": Course.objects.count()}
    guides = Path(settings.BASE_DIR) / "docs" / "guides"
    course = course_create(
        actor=admin, unit=root, title="Bồi dưỡng bí thư chi bộ: dùng Sổ tay đảng viên điện tử",
        description="Khóa bồi dưỡng trực tuyến cho bí thư, phó bí thư chi bộ, soạn từ hướng dẫn sử dụng của Sổ tay.",
    )  # fmt: skip
    quiz = _check_quiz(root)
    for name, title in GUIDES:
        path = guides / name
        if path.exists():
            lesson_add(actor=admin, course=course, title=title, body=markdown_html(path.read_text(encoding="utf-8")),
                       quiz=quiz if name == "meetings.md" else None)  # fmt: skip
    now = timezone.now()
    link = "https://meet.jit.si/sotay-tap-huan-bi-thu"
    past = session_create(actor=admin, course=course, title="Tập huấn trực tuyến đợt 1",
                          starts_at=now - dt.timedelta(days=7), link=link)  # fmt: skip
    session_create(actor=admin, course=course, title="Tập huấn trực tuyến đợt 2", starts_at=now + dt.timedelta(days=7),
                   link=link)  # fmt: skip
    secretary = Member.objects.select_related("cell").filter(user__username="bithu").first()
    if secretary is not None:
        attendance_mark(actor=admin, session=past, member=secretary, present=True, now=past.starts_at)
    return {"courses": Course.objects.count()}
