"""Demo data of resolution study (issue 16), idempotent: a running campaign on Resolution 57-NQ/TW with its library
document and a video, reflections of the demo cell in every state (submitted, accepted, returned), a completion
recorded by the secretary for a member without a smartphone, and a contest on the resolution that closed
yesterday with its results. Everything is written through the services with the clock (`now=`) set to when it
happened."""

import datetime as dt
import random

from django.contrib.auth.models import User
from django.utils import timezone

from core.demo.seed import ADMIN_USERNAME, MEMBER_USERNAME
from core.library.models import Document, DocumentState
from core.members.models import GONE_STATUSES, Member
from core.org.models import OrgKind, OrgUnit
from core.study.models import Campaign
from core.study.quiz_models import Draw, Option, Question, QuestionBank, Quiz
from core.study.quiz_services import answer_save, attempt_start, attempt_submit
from core.study.services import (
    MaterialSpec,
    campaign_create,
    completion_record_proxy,
    material_mark_read,
    reflection_review,
    reflection_submit,
)

TITLE = (
    "Học tập, quán triệt Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
    "đổi mới sáng tạo và chuyển đổi số quốc gia"
)
VIDEO = "https://www.youtube.com/watch?v=nq57-quan-triet"
QUESTIONS = [
    ("Nghị quyết số 57-NQ/TW được Bộ Chính trị ban hành ngày nào?",
     ["22/12/2024", "13/01/2025", "03/02/2025", "19/05/2024"], {0}),
    ("Theo Nghị quyết 57, đột phá quan trọng hàng đầu để phát triển nhanh lực lượng sản xuất hiện đại là gì?",
     ["Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", "Thu hút đầu tư nước ngoài",
      "Phát triển hạ tầng giao thông", "Cải cách tiền lương"], {0}),
    ("Mục tiêu đến năm 2030 về tỷ trọng kinh tế số trong GDP theo Nghị quyết 57 là bao nhiêu?",
     ["Tối thiểu 30%", "Khoảng 10%", "Tối thiểu 50%", "Khoảng 20%"], {0}),
    ("Chi cho nghiên cứu phát triển (R&D) đạt bao nhiêu phần trăm GDP vào năm 2030?",
     ["2%", "0,5%", "5%", "1%"], {0}),
    ("Những chủ thể nào được Nghị quyết xác định là trung tâm, chủ thể của đổi mới sáng tạo? (chọn các đáp án đúng)",
     ["Người dân", "Doanh nghiệp", "Chỉ cơ quan nhà nước", "Nhà khoa học"], {0, 1, 3}),
    ("Nghị quyết yêu cầu thể chế phải được xử lý thế nào để không trở thành điểm nghẽn?",
     ["Hoàn thiện thể chế, xóa bỏ tư tưởng “không quản được thì cấm”", "Giữ nguyên các quy định hiện hành",
      "Chỉ ban hành hướng dẫn nội bộ", "Tạm dừng thí điểm"], {0}),
    ("Ai là người đứng đầu Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và "
     "chuyển đổi số?",
     ["Tổng Bí thư", "Thủ tướng Chính phủ", "Chủ tịch Quốc hội", "Bộ trưởng Bộ Khoa học và Công nghệ"], {0}),
    ("Nghị quyết chấp nhận điều gì trong nghiên cứu, thử nghiệm công nghệ mới? (chọn các đáp án đúng)",
     ["Rủi ro", "Đầu tư mạo hiểm", "Độ trễ trong nghiên cứu khoa học", "Vi phạm pháp luật"], {0, 1, 2}),
]  # fmt: skip


def seed_study() -> dict[str, int]:
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    member_user = User.objects.filter(username=MEMBER_USERNAME).first()
    member = Member.objects.select_related("cell").filter(user=member_user).first() if member_user else None
    root = OrgUnit.objects.filter(kind=OrgKind.ROOT).first()
    document = (
        Document.objects.filter(number="57-NQ/TW", state=DocumentState.PUBLISHED).first()
        or Document.objects.filter(state=DocumentState.PUBLISHED, kind="resolution").first()
    )
    if admin is None or member is None or root is None or document is None or Campaign.objects.exists():
        return {"campaigns": Campaign.objects.count()}
    now = timezone.now()
    bank = _bank(root)
    _contest(admin, root, bank, member, now)
    quiz = Quiz.objects.create(
        title="Kiểm tra nhận thức Nghị quyết 57-NQ/TW", unit=root, bank=bank, question_count=6, draw=Draw.RANDOM,
        time_limit_seconds=900, max_attempts=3, pass_percent=50, opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=20),
    )  # fmt: skip
    campaign = campaign_create(
        actor=admin, unit=root, title=TITLE, opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=20),
        materials=[MaterialSpec(document_id=document.pk),
                   MaterialSpec(title="Video: quán triệt Nghị quyết 57-NQ/TW", video_url=VIDEO)],
        description="Mỗi đồng chí đọc toàn văn Nghị quyết, xem video quán triệt, viết bài thu hoạch liên hệ "
                    "với nhiệm vụ của bản thân và làm bài kiểm tra nhận thức.",
        require_read=True, require_reflection=True, quiz=quiz, require_quiz=False, announce=False,
    )  # fmt: skip
    _reflections(campaign, member, now)
    return {"campaigns": Campaign.objects.count()}


def _bank(root: OrgUnit) -> QuestionBank:
    bank = QuestionBank.objects.create(unit=root, name="Nghị quyết 57-NQ/TW")
    for position, (text, options, correct) in enumerate(QUESTIONS):
        q = Question.objects.create(bank=bank, text=text, multiple=len(correct) > 1, position=position)
        Option.objects.bulk_create(
            Option(question=q, text=o, correct=i in correct, position=i) for i, o in enumerate(options)
        )
    return bank


def _cell_members(member: Member) -> list[Member]:
    return list(Member.objects.filter(cell=member.cell).exclude(status__in=GONE_STATUSES).order_by("pk")[:12])


def _contest(admin: User, root: OrgUnit, bank: QuestionBank, member: Member, now: dt.datetime) -> None:
    """A contest that ran last week and closed yesterday, with the attempts of the demo cell."""
    opened, closed = now - dt.timedelta(days=8), now - dt.timedelta(days=1)
    contest = Quiz.objects.create(
        title="Cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW", unit=root, bank=bank, question_count=8,
        draw=Draw.FIXED, time_limit_seconds=1200, max_attempts=1, pass_percent=50, is_contest=True,
        opens_at=opened, closes_at=closed,
    )  # fmt: skip
    rng = random.Random("contest")
    for index, someone in enumerate(_cell_members(member)):
        began = opened + dt.timedelta(days=1, minutes=17 * index)
        attempt, _ = attempt_start(actor=admin, member=someone, quiz=contest, now=began, rng=rng)
        for row in attempt.questions.all():
            right = list(Option.objects.filter(question_id=row.question_id, correct=True).values_list("pk", flat=True))
            wrong = [o for o in row.option_order if o not in right][:1]
            chosen = right if rng.random() < 0.75 else wrong
            answer_save(member=someone, attempt_id=attempt.pk, question_id=row.question_id, chosen=chosen, now=began)
        taken = dt.timedelta(seconds=rng.randint(240, 1100))
        attempt_submit(actor=admin, member=someone, attempt_id=attempt.pk, now=began + taken)


def _reflections(campaign: Campaign, member: Member, now: dt.datetime) -> None:
    """The demo member submitted (waiting for review); cell mates accepted and returned; one studied at the cell."""
    secretary = User.objects.filter(username="bithu").first()
    mates = [m for m in _cell_members(member) if m.pk != member.pk]
    assert member.user is not None
    when = now - dt.timedelta(days=3)
    for material in campaign.materials.all():
        material_mark_read(member=member, material=material, now=when)
    reflection_submit(
        actor=member.user, member=member, campaign=campaign, now=when,
        body="Qua học tập Nghị quyết 57-NQ/TW, tôi nhận thức rõ khoa học, công nghệ và chuyển đổi số là đột phá "
             "quan trọng hàng đầu. Bản thân tôi sẽ dùng Sổ tay đảng viên điện tử trong sinh hoạt chi bộ, hướng dẫn "
             "bà con trong thôn dùng dịch vụ công trực tuyến.",
    )  # fmt: skip
    if secretary is None or len(mates) < 3:
        return
    texts = [
        "Tôi sẽ học tập kỹ năng số, hướng dẫn đoàn viên thanh niên trong thôn lập tài khoản định danh điện tử.",
        "Tôi nhận thức được vai trò của chuyển đổi số nhưng chưa nêu được việc làm cụ thể.",
    ]
    for mate, text, accept in zip(mates[:2], texts, (True, False), strict=True):
        for material in campaign.materials.all():
            material_mark_read(member=mate, material=material, now=when)
        reflection = reflection_submit(actor=secretary, member=mate, campaign=campaign, body=text, now=when)
        reflection_review(
            actor=secretary, reflection=reflection, accept=accept, now=when + dt.timedelta(days=1),
            comment="" if accept else "Đề nghị đồng chí liên hệ cụ thể với nhiệm vụ được giao ở thôn.",
        )  # fmt: skip
    note = "Học tập tại buổi sinh hoạt chi bộ tháng này (không có điện thoại thông minh)"
    completion_record_proxy(actor=secretary, campaign=campaign, member=mates[2], now=when, note=note)
