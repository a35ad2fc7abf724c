"""Writes of study campaigns: create a campaign with its materials, mark a material read, submit a reflection,
review it, record completion for a member without a smartphone. Each is one transaction with an audit row; the
completion row follows the campaign's rule at each write (core/study/rules.py)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from billing_free.limits import quota_check, usage_record
from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_ACT_FOR, STUDY_MANAGE, STUDY_REVIEW
from core.audit.services import audit_record
from core.content.audience import may_address
from core.content.sanitize import single_line
from core.content.storage import PrivateStore
from core.content.uploads import check_upload
from core.library.models import Document, DocumentState
from core.members.models import Member
from core.notifications.models import Audience, Kind
from core.notifications.services import notify
from core.org.models import OrgUnit
from core.study.common import in_audience, now_or
from core.study.models import Campaign, Completion, Material, MaterialRead, Quiz, Reflection, ReflectionStatus
from core.study.rules import refresh_completion
from tenants.db.schema import current_schema

STORE = PrivateStore("study")
MAX_REFLECTION = 20000


@dataclass(frozen=True)
class MaterialSpec:
    title: str = ""
    document_id: int | None = None
    video_url: str = ""


def _open(campaign: Campaign, now: dt.datetime) -> None:
    if not campaign.opens_at <= now < campaign.closes_at:
        raise ValidationError(_("Đợt học tập không trong thời gian mở."), code="closed")


def _check_reader(campaign: Campaign, member: Member) -> None:
    if not in_audience(member, campaign.audience_unit_id):
        raise PermissionDenied


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    unit: OrgUnit,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    materials: Sequence[MaterialSpec],
    audience_unit: OrgUnit | None = None,
    description: str = "",
    require_read: bool = True,
    require_reflection: bool = False,
    quiz: Quiz | None = None,
    require_quiz: bool = False,
    announce: bool = True,
) -> Campaign:
    if not has_perm_on(actor, STUDY_MANAGE, unit) or not may_address(actor, STUDY_MANAGE, audience_unit):
        raise PermissionDenied
    title = single_line(title, 300)
    if not title:
        raise ValidationError(_("Cần có tên đợt học tập."), code="no_title")
    if closes_at <= opens_at:
        raise ValidationError(_("Ngày đóng phải sau ngày mở."), code="dates")
    if not (require_read or require_reflection or require_quiz):
        raise ValidationError(_("Chọn ít nhất một điều kiện hoàn thành."), code="no_rule")
    if require_quiz and quiz is None:
        raise ValidationError(_("Điều kiện “đạt bài kiểm tra” cần chọn bài kiểm tra."), code="no_quiz")
    campaign = Campaign.objects.create(
        title=title, description=description.strip(), unit=unit, audience_unit=audience_unit, opens_at=opens_at,
        closes_at=closes_at, require_read=require_read, require_reflection=require_reflection, quiz=quiz,
        require_quiz=require_quiz, created_by=actor,
    )  # fmt: skip
    for position, spec in enumerate(materials):
        _material(campaign, spec, position)
    if require_read and not materials:
        raise ValidationError(_("Điều kiện “đọc hết tài liệu” cần ít nhất một tài liệu."), code="no_materials")
    audit_record(actor=actor, action="study.campaign_created", target=campaign, unit=unit)
    if announce:
        audience = Audience.SUBTREE if audience_unit is not None else Audience.COMMITTEE
        url = reverse("study:campaign", kwargs={"campaign_id": campaign.pk})
        notify(kind=Kind.GENERAL, text=f"Học tập: {title}", url=url, audience=audience, unit=audience_unit, actor=actor)
    return campaign


def _material(campaign: Campaign, spec: MaterialSpec, position: int) -> Material:
    document = None
    if spec.document_id is not None:
        document = Document.objects.filter(pk=spec.document_id, state=DocumentState.PUBLISHED).first()
        if document is None:
            raise ValidationError(_("Không có văn bản đã phát hành này trong thư viện."), code="no_document")
    elif not spec.video_url:
        raise ValidationError(_("Tài liệu cần một văn bản hoặc một đường dẫn video."), code="no_source")
    title = single_line(spec.title, 300) or (str(document) if document else spec.video_url)
    return Material.objects.create(
        campaign=campaign, document=document, video_url=spec.video_url, title=title[:300], position=position
    )


@transaction.atomic
def material_mark_read(*, member: Member, material: Material, now: dt.datetime | None = None) -> bool:
    """Idempotent: True when the mark is new."""
    campaign = material.campaign
    _check_reader(campaign, member)
    _open(campaign, now_or(now))
    _, created = MaterialRead.objects.get_or_create(material=material, member=member)
    if created:
        refresh_completion(campaign=campaign, member=member, now=now_or(now))
    return created


def _attach(reflection: Reflection, upload: UploadedFile) -> None:
    checked = check_upload(upload)
    quota_check(current_schema(), "storage", checked.size)
    old = reflection.attachment_stored
    reflection.attachment_stored = STORE.save(ext=checked.ext, source=upload)
    usage_record(current_schema(), "storage", checked.size)
    reflection.attachment_name, reflection.attachment_type = checked.name, checked.content_type
    reflection.attachment_size = checked.size
    if old:
        transaction.on_commit(lambda: STORE.delete(old))


@transaction.atomic
def reflection_submit(
    *,
    actor: User,
    member: Member,
    campaign: Campaign,
    body: str,
    upload: UploadedFile | None = None,
    now: dt.datetime | None = None,
) -> Reflection:
    """Submit (or rewrite after a return) the member's reflection. A secretary may file it for a member of their
    cell (audited proxy)."""
    when = now_or(now)
    _check_reader(campaign, member)
    proxy = member.user_id != actor.pk
    if proxy and not has_perm_on(actor, MEMBERS_ACT_FOR, member.cell):
        raise PermissionDenied
    _open(campaign, when)
    body = body.strip()
    if not body:
        raise ValidationError(_("Bài thu hoạch không được để trống."), code="empty")
    if len(body) > MAX_REFLECTION:
        raise ValidationError(_("Bài thu hoạch quá dài (tối đa %(n)s ký tự).") % {"n": MAX_REFLECTION}, code="long")
    reflection = Reflection.objects.select_for_update().filter(campaign=campaign, member=member).first()
    if reflection is not None and reflection.status == ReflectionStatus.ACCEPTED:
        raise ValidationError(_("Bài thu hoạch đã được duyệt, không sửa được nữa."), code="accepted")
    if reflection is None:
        reflection = Reflection(campaign=campaign, member=member, cell=member.cell)
    reflection.body, reflection.status, reflection.submitted_at = body, ReflectionStatus.SUBMITTED, when
    reflection.cell = member.cell
    if upload is not None:
        _attach(reflection, upload)
    reflection.save()
    audit_record(
        actor=actor, action="study.reflection_submitted", target=reflection, unit=member.cell,
        on_behalf_of=member.user if proxy else None,
        changes={"on_behalf_of_member": {"id": member.pk, "name": member.full_name}} if proxy else {},
    )  # fmt: skip
    refresh_completion(campaign=campaign, member=member, now=when)
    return reflection


@transaction.atomic
def reflection_review(
    *, actor: User, reflection: Reflection, accept: bool, comment: str = "", now: dt.datetime | None = None
) -> Reflection:
    reflection = (
        Reflection.objects.select_for_update().select_related("cell", "campaign", "member").get(pk=reflection.pk)
    )
    if not has_perm_on(actor, STUDY_REVIEW, reflection.cell):
        raise PermissionDenied
    if reflection.status != ReflectionStatus.SUBMITTED:
        raise ValidationError(_("Bài này đã được duyệt hoặc trả lại."), code="reviewed")
    comment = comment.strip()[:2000]
    if not accept and not comment:
        raise ValidationError(_("Trả lại bài cần có nhận xét để đảng viên viết lại."), code="no_comment")
    reflection.status = ReflectionStatus.ACCEPTED if accept else ReflectionStatus.RETURNED
    reflection.review_comment, reflection.reviewed_by, reflection.reviewed_at = comment, actor, now_or(now)
    reflection.save()
    audit_record(
        actor=actor, action="study.reflection_reviewed", target=reflection, unit=reflection.cell,
        changes={"status": {"from": ReflectionStatus.SUBMITTED, "to": reflection.status}},
    )  # fmt: skip
    refresh_completion(campaign=reflection.campaign, member=reflection.member, now=now_or(now))
    if reflection.member.user_id:
        url = reverse("study:campaign", kwargs={"campaign_id": reflection.campaign_id})
        label = ReflectionStatus(reflection.status).label
        notify(kind=Kind.GENERAL, text=f"Bài thu hoạch “{reflection.campaign.title}”: {label}", url=url,
               user_ids=[reflection.member.user_id])  # fmt: skip
    return reflection


@transaction.atomic
def completion_record_proxy(
    *, actor: User, campaign: Campaign, member: Member, note: str = "", now: dt.datetime | None = None
) -> Completion:
    """A secretary records that a member without a smartphone studied at the cell (audited, on behalf of)."""
    if not has_perm_on(actor, MEMBERS_ACT_FOR, member.cell):
        raise PermissionDenied
    _check_reader(campaign, member)
    note = single_line(note, 300)
    if not note:
        raise ValidationError(_("Ghi rõ đảng viên đã học tập thế nào (ví dụ: học tại buổi sinh hoạt chi bộ)."),
                              code="no_note")  # fmt: skip
    completion, created = Completion.objects.get_or_create(
        campaign=campaign, member=member, defaults={"completed_at": now_or(now), "proxy_by": actor, "note": note}
    )
    if not created:
        raise ValidationError(_("Đảng viên này đã hoàn thành đợt học tập."), code="done")
    audit_record(
        actor=actor, action="study.completion_proxy", target=completion, unit=member.cell,
        on_behalf_of=member.user, changes={"on_behalf_of_member": {"id": member.pk, "name": member.full_name},
                                           "note": note},
    )  # fmt: skip
    return completion
