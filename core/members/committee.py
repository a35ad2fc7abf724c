"""Committee seats (cấp ủy viên): who sits on the committee of a party organisation and so attends its
committee meetings. Appointing and ending a seat needs MEMBERS_MANAGE over the unit; every write is audited."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_MANAGE
from core.audit.services import audit_record
from core.members.models import GONE_STATUSES, CommitteePosition, CommitteeSeat, Member
from core.org.models import OrgKind, OrgUnit

GONE = GONE_STATUSES
POSITION_ORDER = {position: n for n, position in enumerate(CommitteePosition.values)}


def committee_of(unit: OrgUnit) -> list[CommitteeSeat]:
    """The unit's open seats: secretary, deputies, standing members, members; by name within a position."""
    seats = CommitteeSeat.objects.filter(unit=unit, ended_on__isnull=True).select_related("member", "member__cell")
    return sorted(seats, key=lambda s: (POSITION_ORDER.get(s.position, 99), s.member.name_folded))


def committee_unit_problem(*, kind: str, is_open: bool) -> str | None:
    """Why a unit has no committee: "party_group" or "closed" (dissolved, merged); None when it has one.

    The rule of `committee_seat_add`, on plain values so the committee import checks rows the same way."""
    if kind == OrgKind.PARTY_GROUP:
        return "party_group"
    if not is_open:
        return "closed"
    return None


def seat_member_problem(*, unit_path: str, status: str, cell_path: str) -> str | None:
    """Why a member may not take a seat on the unit's committee: "gone" (transferred out, deceased, expelled,
    removed) or "outside" (their cell is not in the unit's subtree); None when they may. Shared with the import."""
    if status in GONE:
        return "gone"
    if not cell_path.startswith(unit_path):
        return "outside"
    return None


@transaction.atomic
def committee_seat_add(
    *, unit: OrgUnit, member: Member, position: str, actor: User, started_on: dt.date | None = None
) -> CommitteeSeat:
    if not has_perm_on(actor, MEMBERS_MANAGE, unit):
        raise PermissionDenied
    if committee_unit_problem(kind=unit.kind, is_open=unit.is_open):
        raise ValidationError(_("Tổ chức này không có cấp ủy (tổ đảng, hoặc đã giải thể)."), code="no_committee")
    if position not in CommitteePosition.values:
        raise ValidationError(_("Chức vụ không hợp lệ."), code="bad_position")
    member = Member.objects.select_related("cell").get(pk=member.pk)
    if seat_member_problem(unit_path=unit.path, status=member.status, cell_path=member.cell.path):
        raise ValidationError(
            _("Cấp ủy viên phải là đảng viên đang sinh hoạt trong đảng bộ, chi bộ này."), code="outside"
        )
    try:
        with transaction.atomic():
            seat = CommitteeSeat.objects.create(
                unit=unit, member=member, position=position, started_on=started_on or timezone.localdate()
            )
    except IntegrityError:
        raise ValidationError(_("Đồng chí này đã là cấp ủy viên của tổ chức."), code="duplicate") from None
    audit_record(
        actor=actor,
        action="members.committee_seat_added",
        target=member,
        unit=unit,
        changes={"unit": unit.code, "position": position, "started_on": seat.started_on.isoformat()},
    )
    return seat


@transaction.atomic
def committee_seat_end(*, seat: CommitteeSeat, actor: User, ended_on: dt.date | None = None) -> CommitteeSeat:
    seat = CommitteeSeat.objects.select_for_update().select_related("unit", "member").get(pk=seat.pk)
    if not has_perm_on(actor, MEMBERS_MANAGE, seat.unit):
        raise PermissionDenied
    if seat.ended_on is not None:
        raise ValidationError(_("Nhiệm kỳ cấp ủy của đồng chí này đã kết thúc."), code="ended")
    ended_on = ended_on or timezone.localdate()
    if ended_on < seat.started_on:
        raise ValidationError(_("Ngày kết thúc không thể trước ngày bắt đầu."), code="bad_date")
    seat.ended_on = ended_on
    seat.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action="members.committee_seat_ended",
        target=seat.member,
        unit=seat.unit,
        changes={"unit": seat.unit.code, "position": seat.position, "ended_on": ended_on.isoformat()},
    )
    return seat
