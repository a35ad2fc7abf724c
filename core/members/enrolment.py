"""Adding a member from the tenant host or the API (the file import adds many at once).

A member enters the register in one of three ways, each the first row of their status history: newly admitted
(kết nạp, on the admission date), transferred in from another party organisation (with where from), or an
existing member entered into the handbook (bổ sung hồ sơ). Needs MEMBERS_MANAGE over the cell; a sensitive field
(core/members/sensitive.py) the actor may not see may not be set either.
"""

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing_free.limits import quota_check
from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_MANAGE
from core.audit.services import audit_record
from core.members.models import PROFILE_FIELDS, Member, MemberStatus, MemberStatusChange, StatusEvent
from core.members.sensitive import MEMBER_FIELDS, field_labels
from core.org.models import MEMBER_HOLDING_KINDS, OrgUnit
from tenants.db.schema import current_schema

JOIN_EVENTS = (StatusEvent.ADMITTED, StatusEvent.TRANSFERRED_IN, StatusEvent.ENTERED)


def _refuse_hidden_sensitive(actor: User, cell: OrgUnit, values: dict[str, Any]) -> None:
    hidden = [
        name
        for name in MEMBER_FIELDS
        if values.get(name) not in (None, "") and not has_perm_on(actor, _permission(name), cell)
    ]
    if hidden:
        raise ValidationError(
            _("Đồng chí không có quyền ghi %(f)s của đảng viên."),
            code="sensitive_field",
            params={"f": field_labels(hidden)},
        )


def _permission(name: str) -> str:
    from core.members.sensitive import SENSITIVE_FIELDS

    return SENSITIVE_FIELDS[name].permission


def _check(*, cell: OrgUnit, values: dict[str, Any], actor: User, event: str, place: str) -> None:
    if not has_perm_on(actor, MEMBERS_MANAGE, cell):
        raise PermissionDenied
    if cell.kind not in MEMBER_HOLDING_KINDS or not cell.is_open:
        raise ValidationError(_("Chỉ thêm đảng viên vào chi bộ hoặc tổ đảng đang hoạt động."), code="bad_cell")
    if event not in JOIN_EVENTS:
        raise ValidationError(_("Cách vào danh sách không hợp lệ."), code="bad_event")
    if event == StatusEvent.TRANSFERRED_IN and not place.strip():
        raise ValidationError(_("Cần ghi nơi chuyển đến từ đâu."), code="missing")
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("Không ghi được các mục: %(f)s."), code="unknown", params={"f": ", ".join(unknown)})
    _refuse_hidden_sensitive(actor, cell, values)


def _join_date(member: Member, event: str, on: dt.date | None) -> dt.date:
    """Admitted and already-active members are in the register since their admission; a transfer from its day."""
    if event in (StatusEvent.ADMITTED, StatusEvent.ENTERED):
        return member.admitted_on
    return on or timezone.localdate()


@transaction.atomic
def member_create(
    *, cell: OrgUnit, values: dict[str, Any], actor: User, event: str = StatusEvent.ENTERED, place: str = "",
    on: dt.date | None = None,
) -> Member:  # fmt: skip
    """`values`: PROFILE_FIELDS (party card number, name, dates, sex … the Regulation 339 fields)."""
    _check(cell=cell, values=values, actor=actor, event=event, place=place)
    quota_check(current_schema(), "members", 1)
    member = Member(cell=cell, **values)
    member.status = MemberStatus.OFFICIAL if member.official_on else MemberStatus.PROBATIONARY
    member.full_clean(exclude=["user"])
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # the card number was taken between the check and the insert
        raise ValidationError(_("Số thẻ đảng này đã có trong danh sách."), code="duplicate") from None
    MemberStatusChange.objects.create(
        member=member,
        event=event,
        status_after=member.status,
        on=_join_date(member, event, on),
        place=place.strip()[:200],
        actor=actor,
    )
    changes = {k: str(v) for k, v in values.items() if v not in (None, "")}
    audit_record(
        actor=actor,
        action="member.created",
        target=member,
        unit=cell,
        changes={**changes, "event": event, "place": place.strip()},
    )
    return member
