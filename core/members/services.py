"""Member writes: profile updates, transfers between cells, proposed corrections and their decisions."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_ACT_FOR, MEMBERS_APPROVE_CORRECTIONS, MEMBERS_MANAGE
from core.audit.services import audit_record
from core.members.models import (
    CORRECTABLE_FIELDS,
    PROFILE_FIELDS,
    CorrectionStatus,
    Member,
    MemberTransfer,
    ProfileCorrection,
)
from core.members.sensitive import field_labels, hidden_fields
from core.org.models import MEMBER_HOLDING_KINDS, OrgUnit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _changes(member: Member, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for field, new in values.items():
        old = getattr(member, field)
        if old != new:
            out[field] = {"from": str(old) if old is not None else None, "to": str(new) if new is not None else None}
    return out


UNDECIDABLE = _(
    "Đề nghị có mục %(f)s mà đồng chí không có quyền xem nên không duyệt được; người có quyền xem mục này sẽ duyệt."
)


def _refuse_hidden(actor: User, member: Member, fields: Any, message: "StrOrPromise") -> None:
    """ValidationError naming the sensitive fields among `fields` that `actor` may not see (so not change)."""
    hidden = hidden_fields(actor, member, fields)
    if hidden:
        raise ValidationError(message, code="sensitive_field", params={"f": field_labels(hidden)})


@transaction.atomic
def member_update(*, member: Member, values: dict[str, Any], actor: User) -> Member:
    member = Member.objects.select_for_update().select_related("cell").get(pk=member.pk)
    if not has_perm_on(actor, MEMBERS_MANAGE, member.cell):
        raise PermissionDenied
    unknown = sorted(set(values) - set(PROFILE_FIELDS))
    if unknown:  # status: core/members/status.py; cell: member_transfer
        raise ValidationError(
            _("Không sửa trực tiếp được các mục: %(f)s."), code="not_editable", params={"f": ", ".join(unknown)}
        )
    _refuse_hidden(actor, member, values, _("Đồng chí không có quyền sửa %(f)s của đảng viên này."))
    changes = _changes(member, values)
    if not changes:
        return member
    for field, value in values.items():
        setattr(member, field, value)
    member.full_clean(exclude=["cell", "user"])
    member.save()
    audit_record(actor=actor, action="member.updated", target=member, changes=changes, unit=member.cell)
    return member


@transaction.atomic
def member_transfer(
    *, member: Member, to_cell: OrgUnit, actor: User, on: dt.date | None = None, reason: str = ""
) -> MemberTransfer:
    """Move a member to another cell; the history row keeps where they were."""
    member = Member.objects.select_for_update().select_related("cell").get(pk=member.pk)
    if not (has_perm_on(actor, MEMBERS_MANAGE, member.cell) and has_perm_on(actor, MEMBERS_MANAGE, to_cell)):
        raise PermissionDenied
    if to_cell.kind not in MEMBER_HOLDING_KINDS or not to_cell.is_open:
        raise ValidationError(_("Chỉ chuyển đảng viên đến chi bộ hoặc tổ đảng đang hoạt động."), code="bad_cell")
    if to_cell.pk == member.cell_id:
        raise ValidationError(_("Đảng viên đang sinh hoạt tại chi bộ này."), code="same_cell")
    transfer = MemberTransfer.objects.create(
        member=member, from_cell=member.cell, to_cell=to_cell, on=on or timezone.localdate(), reason=reason, actor=actor
    )
    member.cell = to_cell
    member.save(update_fields=["cell", "updated_at"])
    audit_record(
        actor=actor,
        unit=to_cell,
        action="member.transferred",
        target=member,
        changes={"cell": {"from": transfer.from_cell.code, "to": to_cell.code}, "reason": reason},
    )
    return transfer


@transaction.atomic
def correction_propose(*, member: Member, values: dict[str, Any], note: str, actor: User) -> ProfileCorrection:
    """A member proposes corrections to their own profile (only CORRECTABLE_FIELDS).

    A cell secretary may record the proposal for a member without a smartphone (a proxy action): allowed
    with MEMBERS_ACT_FOR over the member's cell and audited with who acted for whom.
    """
    member = Member.objects.select_related("cell").get(pk=member.pk)
    proxy = member.user_id != actor.pk
    if proxy and not has_perm_on(actor, MEMBERS_ACT_FOR, member.cell):
        raise PermissionDenied
    unknown = set(values) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Không thể đề nghị sửa các mục: %(f)s."), code="not_correctable", params={"f": ", ".join(sorted(unknown))}
        )
    _refuse_hidden(actor, member, values, _("Đồng chí không có quyền đề nghị sửa %(f)s của đảng viên này."))
    changes = _changes(member, values)
    if not changes:
        raise ValidationError(_("Không có thay đổi nào so với hồ sơ hiện tại."), code="no_change")
    correction = ProfileCorrection.objects.create(member=member, changes=changes, note=note, requested_by=actor)
    audit = {"fields": changes, "proxy": proxy}
    if proxy:
        audit["on_behalf_of_member"] = {"id": member.pk, "name": member.full_name}
    audit_record(
        actor=actor,
        action="member.correction_proposed",
        target=member,
        changes=audit,
        on_behalf_of=member.user if proxy else None,
        unit=member.cell,
    )
    return correction


@transaction.atomic
def correction_decide(*, correction: ProfileCorrection, approve: bool, actor: User) -> ProfileCorrection:
    correction = ProfileCorrection.objects.select_for_update().select_related("member__cell").get(pk=correction.pk)
    if not has_perm_on(actor, MEMBERS_APPROVE_CORRECTIONS, correction.member.cell):
        raise PermissionDenied
    if correction.status != CorrectionStatus.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý."), code="already_decided")
    member = correction.member
    _refuse_hidden(actor, member, correction.changes, UNDECIDABLE)
    if approve:
        for field, change in correction.changes.items():
            setattr(member, field, change["to"])
        member.full_clean(exclude=["cell", "user"])
        member.save()
    correction.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
    correction.decided_by, correction.decided_at = actor, timezone.now()
    correction.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor, action=f"member.correction_{correction.status}", target=member, changes=correction.changes
    )
    return correction
