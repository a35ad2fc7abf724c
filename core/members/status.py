"""Status changes of a member, kept as dated history (docs/adr/0019-member-status-history.md).

`member_status_change` is the one way `Member.status` changes after a member is registered (the file import
records its own history rows in SQL). TRANSITIONS says, for each event, from which statuses it may happen,
which status it leads to and what it must carry. Cell secretaries (MEMBERS_MARK) may exempt a member of their
cell and end the exemption, and mark "no smartphone" (`member_smartphone_set`); every other event needs
MEMBERS_MANAGE over the member's cell. Each write is one transaction with a history row and an audit entry.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_MANAGE, MEMBERS_MARK
from core.audit.services import audit_record
from core.members.models import (
    GONE_STATUSES,
    ExemptReason,
    Member,
    MemberStatus,
    MemberStatusChange,
    StatusEvent,
)

S = MemberStatus
WORKING = (S.OFFICIAL, S.PROBATIONARY)
NOT_GONE = (S.OFFICIAL, S.PROBATIONARY, S.EXEMPT, S.WORKING_AWAY)


def _back_to_work(member: Member) -> str:
    return S.OFFICIAL if member.official_on else S.PROBATIONARY


@dataclass(frozen=True)
class Transition:
    allowed_from: tuple[str, ...]
    leads_to: Callable[[Member], str]
    needs: tuple[str, ...] = ()  # "reason", "place", "decision"
    secretary_may: bool = False  # MEMBERS_MARK is enough (otherwise MEMBERS_MANAGE)


TRANSITIONS: dict[str, Transition] = {
    StatusEvent.OFFICIAL: Transition((S.PROBATIONARY,), lambda m: S.OFFICIAL),
    StatusEvent.EXEMPT: Transition((*WORKING, S.WORKING_AWAY), lambda m: S.EXEMPT, ("reason",), secretary_may=True),
    StatusEvent.WORKING_AWAY: Transition((*WORKING, S.EXEMPT), lambda m: S.WORKING_AWAY, ("place",)),
    StatusEvent.RETURNED: Transition((S.EXEMPT, S.WORKING_AWAY), _back_to_work, secretary_may=True),
    StatusEvent.TRANSFERRED_OUT: Transition(NOT_GONE, lambda m: S.TRANSFERRED_OUT, ("place",)),
    StatusEvent.TRANSFERRED_IN: Transition((S.TRANSFERRED_OUT,), _back_to_work, ("place",)),
    StatusEvent.DECEASED: Transition(NOT_GONE, lambda m: S.DECEASED),
    StatusEvent.EXPELLED: Transition(NOT_GONE, lambda m: S.EXPELLED, ("decision",)),
    StatusEvent.REMOVED: Transition(NOT_GONE, lambda m: S.REMOVED, ("decision",)),
}
NEEDS_MESSAGES = {
    "reason": _("Cần chọn lý do miễn sinh hoạt (tuổi cao, sức khoẻ, khác)."),
    "place": _("Cần ghi nơi đến, nơi chuyển đến hoặc chuyển đi."),
    "decision": _("Cần ghi số và ngày của quyết định."),
}


@dataclass(frozen=True)
class StatusInput:
    event: str
    on: dt.date
    until: dt.date | None = None
    reason: str = ""  # ExemptReason for "exempt"
    place: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    note: str = ""


def events_for(user: User, member: Member) -> list[str]:
    """The events `user` may record for `member` now (for the page's choices)."""
    manage = has_perm_on(user, MEMBERS_MANAGE, member.cell)
    mark = manage or has_perm_on(user, MEMBERS_MARK, member.cell)
    return [
        event
        for event, t in TRANSITIONS.items()
        if member.status in t.allowed_from and (manage or (mark and t.secretary_may and _secretary_case(event, member)))
    ]


def _secretary_case(event: str, member: Member) -> bool:
    """A secretary ends an exemption, not a stay away (that is the department's record)."""
    return event != StatusEvent.RETURNED or member.status == S.EXEMPT


def _check(actor: User, member: Member, data: StatusInput) -> Transition:
    transition = TRANSITIONS.get(data.event)
    if transition is None:
        raise ValidationError(_("Sự kiện trạng thái không hợp lệ."), code="bad_event")
    if data.event not in events_for(actor, member):
        if member.status not in transition.allowed_from:
            raise ValidationError(
                _("Không thể ghi “%(event)s” cho đảng viên đang ở trạng thái “%(status)s”."),
                code="bad_transition",
                params={"event": StatusEvent(data.event).label, "status": member.get_status_display()},
            )
        raise PermissionDenied
    if data.on > timezone.localdate():
        raise ValidationError(_("Ngày hiệu lực không được sau hôm nay."), code="future")
    latest = member.status_changes.order_by("-on").values_list("on", flat=True).first()
    if latest is not None and data.on < latest:
        raise ValidationError(
            _("Ngày hiệu lực không được trước lần thay đổi trạng thái trước (%(d)s)."),
            code="before_last",
            params={"d": latest.strftime("%d/%m/%Y")},
        )
    if data.until is not None and data.until < data.on:
        raise ValidationError(_("Ngày kết thúc không được trước ngày bắt đầu."), code="bad_until")
    missing = [n for n in transition.needs if not _has(n, data)]
    if missing:
        raise ValidationError(" ".join(str(NEEDS_MESSAGES[n]) for n in missing), code="missing")
    return transition


def _has(need: str, data: StatusInput) -> bool:
    if need == "reason":
        return data.reason in ExemptReason.values
    if need == "place":
        return bool(data.place.strip())
    return bool(data.decision_number.strip()) and data.decision_date is not None


@transaction.atomic
def member_status_change(*, member: Member, data: StatusInput, actor: User) -> MemberStatusChange:
    member = Member.objects.select_for_update().select_related("cell").get(pk=member.pk)
    transition = _check(actor, member, data)
    before, after = member.status, transition.leads_to(member)
    change = MemberStatusChange.objects.create(
        member=member,
        event=data.event,
        status_before=before,
        status_after=after,
        on=data.on,
        until=data.until,
        exempt_reason=data.reason if data.event == StatusEvent.EXEMPT else "",
        place=data.place.strip()[:200],
        decision_number=data.decision_number.strip()[:50],
        decision_date=data.decision_date,
        note=data.note.strip()[:300],
        actor=actor,
    )
    member.status = after
    member.exempt_reason = change.exempt_reason
    fields = ["status", "exempt_reason", "updated_at"]
    if data.event == StatusEvent.OFFICIAL:
        member.official_on = data.on
        fields.append("official_on")
    member.save(update_fields=fields)
    audit_record(actor=actor, action="member.status_changed", target=member, unit=member.cell, changes=_audit(change))
    return change


def _audit(change: MemberStatusChange) -> dict[str, object]:
    out: dict[str, object] = {
        "event": change.event,
        "status": {"from": change.status_before, "to": change.status_after},
        "on": change.on.isoformat(),
    }
    for key in ("exempt_reason", "place", "decision_number", "note"):
        if getattr(change, key):
            out[key] = getattr(change, key)
    if change.until:
        out["until"] = change.until.isoformat()
    if change.decision_date:
        out["decision_date"] = change.decision_date.isoformat()
    return out


@transaction.atomic
def member_smartphone_set(*, member: Member, has_smartphone: bool, actor: User) -> Member:
    """The secretary (MEMBERS_MARK) or the department records whether a member has a smartphone."""
    member = Member.objects.select_for_update().select_related("cell").get(pk=member.pk)
    if not (has_perm_on(actor, MEMBERS_MARK, member.cell) or has_perm_on(actor, MEMBERS_MANAGE, member.cell)):
        raise PermissionDenied
    if member.status in GONE_STATUSES:
        raise ValidationError(_("Đảng viên này không còn sinh hoạt tại chi bộ."), code="gone")
    if member.has_smartphone == has_smartphone:
        return member
    member.has_smartphone = has_smartphone
    member.save(update_fields=["has_smartphone", "updated_at"])
    audit_record(
        actor=actor,
        action="member.smartphone_set",
        target=member,
        unit=member.cell,
        changes={"has_smartphone": {"from": not has_smartphone, "to": has_smartphone}},
    )
    return member


def status_history(member: Member) -> list[MemberStatusChange]:
    return list(member.status_changes.select_related("actor").order_by("-on", "-pk"))
