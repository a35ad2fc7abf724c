"""Org tree restructures that carry members: merge a unit into another, split a cell. They move members (with
their transfer history), so they sit above both core.org and core.members (ADR 0042); the tree lock, the unit
events and the other tree writes stay in core/org/services.py."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.members.models import Member, MemberTransfer
from core.org.models import MEMBER_HOLDING_KINDS, OrgUnit
from core.org.services import local_today, lock_tree, org_unit_create, org_unit_move, unit_event


def _transfer_members(members: Iterable[Member], to_cell: OrgUnit, reason: str, actor: User | None) -> int:
    moved = 0
    today = local_today()
    for member in members:
        if member.cell_id == to_cell.pk:
            continue
        MemberTransfer.objects.create(
            member=member, from_cell_id=member.cell_id, to_cell=to_cell, on=today, reason=reason, actor=actor
        )
        member.cell = to_cell
        member.save(update_fields=["cell", "updated_at"])
        moved += 1
    return moved


@transaction.atomic
def org_unit_merge(*, source: OrgUnit, target: OrgUnit, actor: User | None = None) -> OrgUnit:
    """Merge `source` into `target`: its children and members follow (with transfer history), and
    `source` is closed with `merged_into=target` — never deleted."""
    lock_tree()
    source = OrgUnit.objects.get(pk=source.pk)
    target = OrgUnit.objects.get(pk=target.pk)
    if source.pk == target.pk or target.path.startswith(source.path):
        raise ValidationError(
            _("Không thể sáp nhập một tổ chức vào chính nó hoặc cấp dưới của nó."), code="merge_into_self"
        )
    if not source.is_open or not target.is_open:
        raise ValidationError(_("Chỉ sáp nhập các tổ chức đang hoạt động."), code="closed")
    if source.members.exists() and target.kind not in MEMBER_HOLDING_KINDS:
        raise ValidationError(_("Đảng viên chỉ có thể chuyển về chi bộ hoặc tổ đảng."), code="target_not_cell")
    for child in list(source.children.filter(valid_to__isnull=True)):
        org_unit_move(unit=child, new_parent=target, actor=actor)
    moved = _transfer_members(list(source.members.all()), target, f"Sáp nhập {source.name} vào {target.name}", actor)
    OrgUnit.objects.filter(pk=source.pk).update(valid_to=local_today(), merged_into=target)
    source.refresh_from_db()
    unit_event(source, "merged", {"into": target.code, "members_moved": moved}, actor)
    return target


@transaction.atomic
def org_unit_split(*, unit: OrgUnit, parts: list[dict], actor: User | None = None) -> list[OrgUnit]:
    """Split a cell into new sibling cells. Each part: {"code", "name", "members": [member ids]}.
    Every member of the cell must be assigned to exactly one part; the old cell is closed."""
    lock_tree()
    unit = OrgUnit.objects.get(pk=unit.pk)
    if unit.kind not in MEMBER_HOLDING_KINDS or not unit.is_open:
        raise ValidationError(_("Chỉ tách được chi bộ/tổ đảng đang hoạt động."), code="not_splittable")
    if len(parts) < 2:
        raise ValidationError(_("Cần ít nhất hai chi bộ mới khi tách."), code="too_few_parts")
    current = set(unit.members.values_list("pk", flat=True))
    assigned = [pk for part in parts for pk in part["members"]]
    if sorted(assigned) != sorted(current):
        raise ValidationError(
            _("Mỗi đảng viên của chi bộ phải được phân vào đúng một chi bộ mới."), code="assignment_mismatch"
        )
    created = []
    for part in parts:
        new = org_unit_create(code=part["code"], name=part["name"], kind=unit.kind, parent=unit.parent, actor=actor)
        _transfer_members(Member.objects.filter(pk__in=part["members"]), new, f"Tách từ {unit.name}", actor)
        created.append(new)
    OrgUnit.objects.filter(pk=unit.pk).update(valid_to=local_today())
    unit_event(unit, "split", {"into": [u.code for u in created]}, actor)
    return created
