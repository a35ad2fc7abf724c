"""Org tree writes. Structural writes take a transaction-level advisory lock so they are serialised."""

import datetime as dt

from django.contrib.auth.models import User
from django.db import connection, transaction

from core.audit.services import audit_record
from core.org.models import OrgKind, OrgUnit

TREE_LOCK_KEY = 0x50_7A_7E_E0  # one lock per schema: the lock is taken while the search_path is the tenant's


def _lock_tree() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", [TREE_LOCK_KEY])


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
    _lock_tree()
    if parent is None and kind != OrgKind.ROOT and OrgUnit.objects.filter(kind=OrgKind.ROOT).exists():
        parent = OrgUnit.objects.get(kind=OrgKind.ROOT)
    unit = OrgUnit.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        path="",
        depth=(parent.depth + 1) if parent else 0,
    )
    unit.path = f"{parent.path if parent else ''}{unit.pk}."
    unit.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action="org.unit_created",
        target=unit,
        changes={"code": code, "name": name, "kind": kind, "parent": parent.code if parent else None},
    )
    return unit
