"""Demo library: central documents published once on the platform (both demo tenants subscribe), the province's
or city's directives and plans, a district's guidance, a cell's notice; drafts and a withdrawn one for the
managers' list; a short PDF for each published document; reads by some members so read rates are not empty.
Idempotent: a tenant (or the platform) that already has documents is left as it is."""

import datetime as dt
import random

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from core.content.audience import reader_from_member
from core.demo.pdfs import short_pdf
from core.library import reading, services
from core.library.models import Document, DocumentKind, DocumentLevel
from core.library.platform import platform_sync
from core.members.models import Member
from core.org.models import OrgKind, OrgUnit

# (kind, number, issued, issuer, title, summary)
CENTRAL = [
    ("resolution", "57-NQ/TW", dt.date(2024, 12, 22), "Bộ Chính trị",
     "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
     "Xác định khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu, động lực "
     "chính để phát triển nhanh lực lượng sản xuất hiện đại."),
    ("resolution", "66-NQ/TW", dt.date(2025, 4, 30), "Bộ Chính trị",
     "Về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước trong kỷ nguyên mới",
     "Thể chế là điểm nghẽn của điểm nghẽn; xây dựng và thi hành pháp luật là đột phá của đột phá."),
    ("resolution", "18-NQ/TW", dt.date(2017, 10, 25), "Ban Chấp hành Trung ương",
     "Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu "
     "lực, hiệu quả", "Nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khoá XII."),
    ("regulation", "144-QĐ/TW", dt.date(2024, 5, 9), "Bộ Chính trị",
     "Về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
     "Năm chuẩn mực: trung thành, gương mẫu, tận tụy phục vụ nhân dân, đoàn kết, kỷ luật."),
    ("regulation", "232-QĐ/TW", dt.date(2025, 1, 20), "Ban Chấp hành Trung ương", "Về thi hành Điều lệ Đảng",
     "Hướng dẫn thi hành các điều của Điều lệ Đảng về đảng viên, tổ chức cơ sở đảng và sinh hoạt chi bộ."),
    ("directive", "35-CT/TW", dt.date(2024, 6, 14), "Bộ Chính trị",
     "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
     "Chuẩn bị văn kiện, nhân sự và tổ chức đại hội đảng bộ các cấp nhiệm kỳ 2025–2030."),
    ("conclusion", "21-KL/TW", dt.date(2021, 10, 25), "Ban Chấp hành Trung ương",
     "Về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán "
     "bộ, đảng viên suy thoái", "Kết luận Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khoá XIII."),
]  # fmt: skip


def _pdf_upload(issuer: str, heading: str, title: str, summary: str) -> SimpleUploadedFile:
    data = short_pdf(issuer=issuer, heading=heading, title=title, lines=[summary, "Nơi nhận: các chi bộ trực thuộc."])
    return SimpleUploadedFile(f"{heading.replace('/', '-')}.pdf", data, content_type="application/pdf")


def seed_platform_library() -> int:
    """The central documents on the platform (public schema), published; returns how many were created."""
    from tenants.library import services as platform
    from tenants.library.models import PlatformDocument

    if PlatformDocument.objects.exists():
        return 0
    for kind, number, issued, issuer, title, summary in CENTRAL:
        document = platform.platform_document_save(
            actor="seed", level="central", kind=kind, number=number, issued_on=issued, issuer=issuer, title=title,
            summary=summary,
        )  # fmt: skip
        heading = f"{DocumentKind(kind).label} {number}"
        platform.platform_attachment_add(
            actor="seed", document=document, upload=_pdf_upload(issuer, heading, title, summary)
        )
        platform.platform_document_publish(actor="seed", document=document)
    return len(CENTRAL)


def _local(short: str, committee: str) -> list[tuple[str, str, str, str, str, str]]:
    """(scope, kind, number, issuer, title, summary) of a province's own documents; scope: root, district, cell."""
    return [
        ("root", "directive", "05-CT/TU", committee,
         f"Về tăng cường sự lãnh đạo của Đảng đối với công tác chuyển đổi số trên địa bàn {short}",
         "Các cấp uỷ đưa sổ tay đảng viên điện tử vào sinh hoạt chi bộ; 100% chi bộ công bố lịch sinh hoạt "
         "trên sổ tay."),
        ("root", "other", "120-KH/TU", committee,
         "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
         "Phân công nhiệm vụ cho các đảng bộ trực thuộc, lộ trình đến năm 2030."),
        ("root", "guidance", "08-HD/BTGTU", f"Ban Tuyên giáo {committee}",
         "Hướng dẫn học tập, quán triệt các nghị quyết, quy định của Trung ương năm 2025",
         "Tổ chức học tập tập trung, trực tuyến và qua sổ tay; viết bài thu hoạch."),
        ("root", "notice", "45-TB/TU", f"Văn phòng {committee}",
         "Thông báo kết luận của Ban Thường vụ về công tác tháng 11",
         "Đôn đốc hoàn thành chỉ tiêu phát triển đảng viên và thu nộp đảng phí."),
        ("district", "guidance", "03-HD/HU", "Huyện uỷ", "Hướng dẫn sinh hoạt chi bộ chuyên đề năm 2025",
         "Mỗi quý ít nhất một buổi sinh hoạt chuyên đề; chủ đề gợi ý: chuyển đổi số, đạo đức công vụ."),
        ("district", "resolution", "12-NQ/HU", "Huyện uỷ", "Về phát triển kinh tế nông nghiệp gắn với xây dựng nông "
         "thôn mới nâng cao", "Mục tiêu đến năm 2027: 100% xã đạt chuẩn nông thôn mới nâng cao."),
        ("cell", "notice", "02-TB/CB", "Chi bộ", "Thông báo lịch sinh hoạt chi bộ quý I",
         "Sinh hoạt thường kỳ vào ngày 5 hằng tháng tại nhà văn hoá thôn."),
    ]  # fmt: skip


@transaction.atomic
def seed_library(*, committee: str, short: str, seed: str) -> int:
    """Runs inside a demo tenant: its own documents, the platform's mirrored, some reads."""
    platform_sync()
    if Document.objects.filter(platform_id__isnull=True).exists():
        return 0
    admin = User.objects.get(username="quantri")
    member = Member.objects.select_related("cell").get(user__username="dangvien")
    root = OrgUnit.objects.get(kind=OrgKind.ROOT)
    cell = member.cell
    district = OrgUnit.objects.get(pk=int(cell.path.split(".")[1]))
    units = {"root": (root, None, DocumentLevel.PROVINCE), "district": (district, district, DocumentLevel.DISTRICT),
             "cell": (cell, cell, DocumentLevel.GRASSROOTS)}  # fmt: skip
    day = dt.date(2025, 1, 6)
    for n, (scope, kind, number, issuer, title, summary) in enumerate(_local(short, committee)):
        unit, audience, level = units[scope]
        issuer = f"{issuer} {district.name.removeprefix('Đảng bộ ')}" if scope == "district" else issuer
        document = services.document_create(
            actor=admin, unit=unit, audience_unit=audience, level=level, kind=kind, number=number,
            issued_on=day + dt.timedelta(days=23 * n), issuer=issuer if scope != "cell" else cell.name, title=title,
            summary=summary,
        )  # fmt: skip
        heading = f"{document.get_kind_display()} {number}"
        services.attachment_add(document=document, actor=admin, upload=_pdf_upload(issuer, heading, title, summary))
        services.document_publish(document=document, actor=admin)
    draft = services.document_create(actor=admin, unit=root, audience_unit=None, level=DocumentLevel.PROVINCE,
                                     kind=DocumentKind.RESOLUTION, number="", title="Dự thảo Nghị quyết về công "
                                     "tác cán bộ năm 2026", summary="Bản nháp, chưa phát hành.")  # fmt: skip
    old = services.document_create(actor=admin, unit=root, audience_unit=None, level=DocumentLevel.PROVINCE,
                                   kind=DocumentKind.GUIDANCE, number="01-HD/TU", title="Hướng dẫn sinh hoạt chi bộ "
                                   "năm 2024")  # fmt: skip
    services.document_publish(document=old, actor=admin)
    services.document_withdraw(document=old, actor=admin, reason="Đã có Hướng dẫn 03-HD/HU thay thế.")
    _reads(seed)
    return Document.objects.exclude(pk=draft.pk).count()


def _reads(seed: str) -> None:
    """Some members with accounts read some documents (not dangvien: the demo member starts with everything unread)."""
    rng = random.Random(seed)
    documents = list(Document.objects.filter(state="published"))
    readers = Member.objects.select_related("cell").filter(user__isnull=False).exclude(user__username="dangvien")
    for member in readers[:80]:
        reader = reader_from_member(member, member.user)
        for document in documents:
            if rng.random() < 0.45 and (
                document.audience_unit_id is None or document.audience_unit_id in reader.unit_ids
            ):
                reading.document_read(document=document, reader=reader)
