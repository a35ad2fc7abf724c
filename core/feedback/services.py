"""Writes of feedback threads: a member (or a secretary for a member without a smartphone) opens a thread to
their cell or a committee above it; replies both ways with attachments; handlers move the status. Every write is
audited; the other side is notified through core/notifications (never with an anonymous author's name)."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from billing_free.limits import quota_check, usage_record
from core.access.checks import has_perm_on
from core.access.models import RoleGrant
from core.access.permissions import FEEDBACK_HANDLE, MEMBERS_ACT_FOR, ROLE_PERMISSIONS
from core.audit.services import audit_record
from core.content.storage import PrivateStore
from core.content.uploads import check_upload
from core.feedback.models import Attachment, Message, Source, Status, Thread
from core.members.models import GONE_STATUSES, Member
from core.notifications.models import Kind
from core.notifications.services import notify
from core.org.models import OrgUnit
from tenants.db.schema import current_schema

STORE = PrivateStore("feedback")
MAX_BODY = 5000


def addressable_units(member: Member) -> list[OrgUnit]:
    """The member's cell and every committee above it, nearest first."""
    ids = [int(p) for p in member.cell.path.strip(".").split(".") if p]
    units = OrgUnit.objects.in_bulk(ids)
    return [units[i] for i in reversed(ids) if i in units]


def is_handler(user: User, thread: Thread) -> bool:
    return has_perm_on(user, FEEDBACK_HANDLE, thread.unit)


def _handlers_of(unit: OrgUnit) -> list[int]:
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if FEEDBACK_HANDLE in perms]
    return list(RoleGrant.objects.filter(unit=unit, role__in=roles).values_list("user_id", flat=True).distinct())


def _body(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("Nội dung không được để trống."), code="empty")
    if len(text) > MAX_BODY:
        raise ValidationError(_("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": MAX_BODY}, code="too_long")
    return text


def _message(thread: Thread, author: User, body: str, upload: UploadedFile | None, *, handler: bool) -> Message:
    checked = check_upload(upload) if upload is not None else None
    if checked is not None:
        quota_check(current_schema(), "storage", checked.size)  # the plan's file size and storage (ADR 0034)
    message = Message.objects.create(thread=thread, author=author, body=body, from_handler=handler)
    if upload is not None and checked is not None:
        stored = STORE.save(ext=checked.ext, source=upload)
        usage_record(current_schema(), "storage", checked.size)
        Attachment.objects.create(
            message=message,
            original_name=checked.name,
            stored_name=stored,
            content_type=checked.content_type,
            size=checked.size,
        )
    return message


def _sender(actor: User, member: Member | None) -> tuple[Member, bool]:
    """The member the thread is from, and whether the actor files for them (a secretary's proxy)."""
    own = Member.objects.select_related("cell").filter(user=actor).exclude(status__in=GONE_STATUSES).first()
    proxy = member is not None and (own is None or member.pk != own.pk)
    member = member or own
    if member is None:
        raise PermissionDenied(_("Chỉ đảng viên mới gửi được ý kiến, kiến nghị."))
    if proxy and not has_perm_on(actor, MEMBERS_ACT_FOR, member.cell):
        raise PermissionDenied(_("Đồng chí không được gửi thay cho đảng viên này."))
    return member, proxy


@transaction.atomic
def thread_create(
    *,
    actor: User,
    unit: OrgUnit,
    subject: str,
    body: str,
    hide_name_from_cell: bool = False,
    upload: UploadedFile | None = None,
    member: Member | None = None,
    source: str = Source.MEMBER,
) -> Thread:
    """Open a thread. `member` is the actor's own record, or — for a secretary filing on behalf of a member
    without a smartphone — that member (audited as a proxy action)."""
    member, proxy = _sender(actor, member)
    if unit.pk not in {u.pk for u in addressable_units(member)}:
        raise ValidationError(_("Chỉ gửi được tới chi bộ của mình hoặc cấp ủy cấp trên."), code="bad_unit")
    subject = subject.strip()[:200]
    if not subject:
        raise ValidationError(_("Cần có tiêu đề."), code="no_subject")
    author = member.user if proxy else actor
    thread = Thread.objects.create(
        author=author,
        member=member,
        author_cell=member.cell,
        unit=unit,
        subject=subject,
        hide_name_from_cell=hide_name_from_cell,
        source=Source.PROXY if proxy else source,
        filed_by=actor if proxy else None,
    )
    _message(thread, actor, _body(body), upload, handler=False)
    audit_record(
        actor=actor,
        action="feedback.thread_created",
        target=thread,
        unit=unit,
        on_behalf_of=member.user if proxy else None,
        changes={"on_behalf_of_member": {"id": member.pk, "name": member.full_name}} if proxy else {},
    )
    url = reverse("feedback:detail", kwargs={"thread_id": thread.pk})
    notify(kind=Kind.FEEDBACK, text=f"Ý kiến mới gửi {unit.name}: {subject}", url=url, user_ids=_handlers_of(unit))
    return thread


@transaction.atomic
def thread_reply(*, actor: User, thread: Thread, body: str, upload: UploadedFile | None = None) -> Message:
    thread = Thread.objects.select_for_update().select_related("unit").get(pk=thread.pk)
    handler = is_handler(actor, thread)
    if not handler and actor.pk != thread.author_id and actor.pk != thread.filed_by_id:
        raise PermissionDenied
    if thread.status == Status.CLOSED:
        raise ValidationError(_("Ý kiến này đã đóng."), code="closed")
    message = _message(thread, actor, _body(body), upload, handler=handler)
    now = timezone.now()
    if handler:
        thread.status = Status.ANSWERED
        thread.first_response_at = thread.first_response_at or now
    elif thread.status == Status.ANSWERED:
        thread.status = Status.IN_PROGRESS
    thread.save()
    audit_record(
        actor=actor, action="feedback.replied", target=thread, unit=thread.unit, changes={"by_handler": handler}
    )
    url = reverse("feedback:detail", kwargs={"thread_id": thread.pk})
    if handler and thread.author_id:
        notify(
            kind=Kind.FEEDBACK,
            text=f"{thread.unit.name} đã trả lời: {thread.subject}",
            url=url,
            user_ids=[thread.author_id],
        )
    elif not handler:
        notify(
            kind=Kind.FEEDBACK,
            text=f"Trả lời mới về ý kiến: {thread.subject}",
            url=url,
            user_ids=_handlers_of(thread.unit),
        )
    return message


@transaction.atomic
def thread_set_status(*, actor: User, thread: Thread, status: str) -> Thread:
    thread = Thread.objects.select_for_update().select_related("unit").get(pk=thread.pk)
    if not is_handler(actor, thread):
        raise PermissionDenied
    if status not in (Status.IN_PROGRESS, Status.CLOSED):
        raise ValidationError(_("Trạng thái không hợp lệ."), code="bad_status")
    before = thread.status
    thread.status = status
    now = timezone.now()
    if status == Status.CLOSED:
        thread.closed_at = now
    thread.first_response_at = thread.first_response_at or now
    thread.save()
    audit_record(
        actor=actor,
        action="feedback.status",
        target=thread,
        unit=thread.unit,
        changes={"status": {"from": before, "to": status}},
    )
    if thread.author_id and before != status:
        label = Status(status).label
        notify(
            kind=Kind.FEEDBACK,
            text=f"Ý kiến “{thread.subject}”: {label}",
            url=reverse("feedback:detail", kwargs={"thread_id": thread.pk}),
            user_ids=[thread.author_id],
        )
    return thread
