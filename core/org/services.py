"""Org tree writes: create, rename, move, close. Merging and splitting carry members along, so they live above
members, in core/orgtree/restructure.py (ADR 0042).

Structural writes take a transaction-level advisory lock (one per schema) so concurrent edits are
serialised, and update the materialised paths of a moved subtree with one UPDATE. Units are never deleted:
a merged or split unit is closed (`valid_to`) and its history (OrgUnitEvent) stays.
"""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit.services import audit_record
from core.org.models import OrgKind, OrgUnit, OrgUnitEvent

TREE_LOCK_KEY = 0x507A7EE0


def lock_tree() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", [TREE_LOCK_KEY])


def unit_event(unit: OrgUnit, kind: str, data: dict, actor: User | None) -> None:
    OrgUnitEvent.objects.create(unit=unit, kind=kind, data=data, actor=actor)
    audit_record(actor=actor, action=f"org.unit_{kind}", target=unit, changes=data, unit=unit)


def local_today() -> dt.date:
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
    lock_tree()
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
        valid_from=valid_from or local_today(),
        path="",
        depth=(parent.depth + 1) if parent else 0,
    )
    unit.path = f"{parent.path if parent else ''}{unit.pk}."
    unit.save(update_fields=["path"])
    unit_event(
        unit, "created", {"code": code, "name": name, "kind": kind, "parent": parent.code if parent else None}, actor
    )
    return unit


@transaction.atomic
def org_unit_rename(*, unit: OrgUnit, name: str, actor: User | None = None) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    old = unit.name
    unit.name = name
    unit.save(update_fields=["name"])
    unit_event(unit, "renamed", {"from": old, "to": name}, actor)
    return unit


@transaction.atomic
def org_unit_move(*, unit: OrgUnit, new_parent: OrgUnit, actor: User | None = None) -> OrgUnit:
    """Move `unit` and its whole subtree under `new_parent` (paths rewritten in one UPDATE)."""
    lock_tree()
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
    unit_event(unit, "moved", {"from": old_parent.code if old_parent else None, "to": new_parent.code}, actor)
    return unit
