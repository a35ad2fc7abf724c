"""Org tree writes: create, rename, move, merge, split, close.

Structural writes take a transaction-level advisory lock (one per schema) so concurrent edits are
serialised, and update the materialised paths of a moved subtree with one UPDATE. Units are never deleted:
a merged or split unit is closed (`valid_to`) and its history (OrgUnitEvent) stays.
"""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit.services import audit_record
from core.members.models import Member, MemberTransfer
from core.org.models import MEMBER_HOLDING_KINDS, OrgKind, OrgUnit, OrgUnitEvent

TREE_LOCK_KEY = 0x507A7EE0


def _lock_tree() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", [TREE_LOCK_KEY])


def _event(unit: OrgUnit, kind: str, data: dict, actor: User | None) -> None:
    OrgUnitEvent.objects.create(unit=unit, kind=kind, data=data, actor=actor)
    audit_record(actor=actor, action=f"org.unit_{kind}", target=unit, changes=data, unit=unit)


def _today() -> dt.date:
    return timezone.localdate()


def _root() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgKind.ROOT).first()


@transaction.atomic
def org_unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None,
    valid_from: dt.date | None = None,
    actor: User | None = None,
) -> OrgUnit:
    """Create a unit; with no parent a non-root unit goes directly under the tenant root."""
    _lock_tree()
    if parent is None and kind != OrgKind.ROOT:
        parent = _root()
        if parent is None:
            raise ValidationError(_("Chưa có đảng bộ gốc (tỉnh/thành phố)."), code="no_root")
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError(_("Mã tổ chức “%(code)s” đã tồn tại."), code="duplicate_code", params={"code": code})
    if kind == OrgKind.ROOT and _root() is not None:
        raise ValidationError(_("Đảng bộ gốc đã tồn tại."), code="root_exists")
    if parent is not None and not parent.is_open:
        raise ValidationError(_("Không thể thêm vào tổ chức đã giải thể/sáp nhập."), code="parent_closed")
    unit = OrgUnit.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from or _today(),
        path="",
        depth=(parent.depth + 1) if parent else 0,
    )
    unit.path = f"{parent.path if parent else ''}{unit.pk}."
    unit.save(update_fields=["path"])
    _event(
        unit, "created", {"code": code, "name": name, "kind": kind, "parent": parent.code if parent else None}, actor
    )
    return unit


@transaction.atomic
def org_unit_rename(*, unit: OrgUnit, name: str, actor: User | None = None) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    old = unit.name
    unit.name = name
    unit.save(update_fields=["name"])
    _event(unit, "renamed", {"from": old, "to": name}, actor)
    return unit


@transaction.atomic
def org_unit_move(*, unit: OrgUnit, new_parent: OrgUnit, actor: User | None = None) -> OrgUnit:
    """Move `unit` and its whole subtree under `new_parent` (paths rewritten in one UPDATE)."""
    _lock_tree()
    unit = OrgUnit.objects.get(pk=unit.pk)
    new_parent = OrgUnit.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(unit.path):
        raise ValidationError(
            _("Không thể chuyển một tổ chức vào chính nó hoặc tổ chức cấp dưới của nó."), code="move_into_self"
        )
    if not new_parent.is_open:
        raise ValidationError(_("Không thể chuyển vào tổ chức đã giải thể/sáp nhập."), code="parent_closed")
    old_parent, old_path = unit.parent, unit.path
    new_path = f"{new_parent.path}{unit.pk}."
    depth_delta = new_parent.depth + 1 - unit.depth
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_delta,
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    _event(unit, "moved", {"from": old_parent.code if old_parent else None, "to": new_parent.code}, actor)
    return unit


def _transfer_members(members: Iterable[Member], to_cell: OrgUnit, reason: str, actor: User | None) -> int:
    moved = 0
    today = _today()
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
    _lock_tree()
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
    OrgUnit.objects.filter(pk=source.pk).update(valid_to=_today(), merged_into=target)
    source.refresh_from_db()
    _event(source, "merged", {"into": target.code, "members_moved": moved}, actor)
    return target


@transaction.atomic
def org_unit_split(*, unit: OrgUnit, parts: list[dict], actor: User | None = None) -> list[OrgUnit]:
    """Split a cell into new sibling cells. Each part: {"code", "name", "members": [member ids]}.
    Every member of the cell must be assigned to exactly one part; the old cell is closed."""
    _lock_tree()
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
    OrgUnit.objects.filter(pk=unit.pk).update(valid_to=_today())
    _event(unit, "split", {"into": [u.code for u in created]}, actor)
    return created
