"""Demo data of the assistant, feedback and notifications (issue 17), idempotent:
- the common knowledge base plus two committee entries, and a few logged questions (answered and not);
- feedback threads of the demo member in every status (new, in progress, answered, closed), one hidden from the
  cell, one filed by the secretary for a member without a smartphone;
- a Web Push subscription for the demo member (a placeholder FCM endpoint: pushes to it fail and are counted, the
  browser test subscribes a real one) and a notice to the whole committee."""

from django.contrib.auth.models import User

from core.assistant.models import Entry, Question
from core.assistant.services import ask, common_sync, entry_save
from core.feedback.models import Status, Thread
from core.feedback.services import thread_create, thread_reply, thread_set_status
from core.members.models import Member
from core.notifications.models import Audience, Kind, PushSubscription
from core.notifications.services import notice_key, notify
from core.org.models import OrgKind, OrgUnit

LOCAL = [
    ("Văn phòng đảng ủy làm việc giờ nào?", "Văn phòng làm việc giờ hành chính từ thứ Hai đến thứ Sáu; sáng thứ Bảy "
     "có cán bộ trực tiếp nhận hồ sơ đảng viên.", ["giờ làm việc văn phòng đảng ủy", "lịch trực văn phòng"]),
    ("Ai phụ trách thu đảng phí của chi bộ?", "Đồng chí phó bí thư chi bộ thu đảng phí vào buổi sinh hoạt thường kỳ "
     "hằng tháng và nộp lên đảng ủy cơ sở trước ngày 10.", ["người thu đảng phí", "nộp đảng phí cho ai"]),
]  # fmt: skip
QUESTIONS = [
    "quên mật khẩu thì làm sao",
    "dang phi dong o dau",
    "Giờ mở cửa nhà văn hóa thôn?",
    "xin giấy xác nhận đảng viên",
]


def seed_engagement() -> dict[str, int]:
    common_sync()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is not None and not Entry.objects.filter(common_key__isnull=True).exists():
        for question, answer, variants in LOCAL:
            entry_save(actor=admin, question=question, answer=answer, variants="\n".join(variants))
    member_user = User.objects.filter(username="dangvien").first()
    member = Member.objects.select_related("cell").filter(user=member_user).first() if member_user else None
    if member is None or member_user is None:
        return {"entries": Entry.objects.count()}
    if not Question.objects.exists():
        for text in QUESTIONS:
            ask(user=member_user, question=text)
    if not Thread.objects.exists():
        _threads(member, member_user)
    PushSubscription.objects.get_or_create(
        endpoint="https://fcm.googleapis.com/fcm/send/demo-dangvien",
        defaults={"user": member_user, "p256dh": "BDemoKeyNotUsable", "auth": "demo", "user_agent": "Điện thoại mẫu"},
    )
    root = OrgUnit.objects.filter(kind=OrgKind.ROOT).first()
    text = f"{root.name if root else 'Đảng bộ'}: mời đồng chí dùng trợ lý ảo và mục Ý kiến, kiến nghị"
    notify(kind=Kind.GENERAL, text=text, url="/tro-ly/", audience=Audience.COMMITTEE, key=notice_key("demo", "welcome"))
    return {"entries": Entry.objects.count(), "threads": Thread.objects.count()}


def _threads(member: Member, user: User) -> None:
    secretary = User.objects.filter(username="bithu").first()
    committee_admin = User.objects.filter(username="huyen").first()
    units = [member.cell, member.cell.parent or member.cell]
    thread_create(actor=user, unit=units[0], subject="Đề nghị sửa đèn đường ngõ 3",
                        body="Đèn đường ngõ 3 hỏng đã hai tuần, đề nghị chi bộ kiến nghị với xã.")  # fmt: skip
    progress = thread_create(actor=user, unit=units[1], subject="Hỏi về thủ tục chuyển sinh hoạt tạm thời",
                             body="Tôi sắp đi làm ở Bình Dương 6 tháng, cần chuẩn bị giấy tờ gì?",
                             hide_name_from_cell=True)  # fmt: skip
    answered = thread_create(actor=user, unit=units[0], subject="Lịch sinh hoạt chuyên đề quý IV",
                             body="Chi bộ đã có lịch sinh hoạt chuyên đề quý IV chưa?")  # fmt: skip
    closed = thread_create(actor=user, unit=units[0], subject="Đề nghị tổ chức thăm hỏi đảng viên ốm",
                           body="Đồng chí Tư ở xóm Đông ốm nặng, đề nghị chi bộ đến thăm.")  # fmt: skip
    if secretary is not None:
        thread_reply(actor=secretary, thread=answered, body="Chi bộ sinh hoạt chuyên đề ngày 20/12, sẽ thông báo sau.")
        thread_reply(actor=secretary, thread=closed, body="Chi bộ đã đến thăm đồng chí Tư chiều thứ Bảy.")
        thread_set_status(actor=secretary, thread=closed, status=Status.CLOSED)
        other = Member.objects.filter(cell=member.cell, has_smartphone=False).exclude(pk=member.pk).first() or (
            Member.objects.filter(cell=member.cell).exclude(pk=member.pk).first()
        )
        if other is not None:
            body = "Đồng chí nhờ bí thư gửi: tuổi cao, sức yếu, xin miễn công tác và sinh hoạt đảng."
            thread_create(actor=secretary, member=other, unit=units[0], subject="Xin miễn sinh hoạt", body=body)
    if committee_admin is not None and units[1] != units[0]:  # the district admin is above the demo cell
        thread_set_status(actor=committee_admin, thread=progress, status=Status.IN_PROGRESS)
