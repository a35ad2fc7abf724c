"""Org tree reads."""

from django.db.models import Count, Q

from core.org.models import OrgKind, OrgUnit


def org_root() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgKind.ROOT).first()


def org_summary() -> dict[str, int]:
    """Counts shown on the tenant home page, in one query."""
    return OrgUnit.objects.aggregate(
        units=Count("pk", filter=Q(depth=1)),
        cells=Count("pk", filter=Q(kind=OrgKind.CELL)),
        all_units=Count("pk"),
    )
