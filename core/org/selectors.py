"""Org tree reads: root, summary, breadcrumbs, lookups. Children with member counts are in core/orgtree/selectors.py,
the top units of a user's scope in core/access/scope.py (ADR 0042)."""

from django.db.models import Count, Q

from core.org.models import OrgKind, OrgUnit


def org_root() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgKind.ROOT).first()


def org_summary() -> dict[str, int]:
    """Counts shown on the tenant home page, in one query."""
    return OrgUnit.objects.filter(valid_to__isnull=True).aggregate(
        units=Count("pk", filter=Q(depth=1)),
        cells=Count("pk", filter=Q(kind=OrgKind.CELL)),
        all_units=Count("pk"),
    )


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """Root … parent of `unit`, from its materialised path (one query)."""
    ids = [int(x) for x in unit.path.split(".") if x][:-1]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def unit_by_code(code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code).first()
