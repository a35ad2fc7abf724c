"""Member reads. Lists are always scoped by the caller's grants; sensitive fields are masked here."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.utils.text import capfirst

from core.access.checks import has_perm_on, scoped
from core.access.permissions import MEMBERS_APPROVE_CORRECTIONS, MEMBERS_VIEW
from core.members.models import GONE_STATUSES, Member, MemberStatus, ProfileCorrection
from core.members.search import fold
from core.members.sensitive import MASK, SENSITIVE_FIELDS, hidden_fields, may_see
from core.org.models import OrgUnit

PAGE_SIZE = 50


def member_counts() -> dict[str, int]:
    return Member.objects.aggregate(
        total=Count("pk"),
        official=Count("pk", filter=Q(status=MemberStatus.OFFICIAL)),
        probationary=Count("pk", filter=Q(status=MemberStatus.PROBATIONARY)),
    )


def members_visible(user: User | AnonymousUser | None) -> QuerySet[Member]:
    return scoped(Member.objects.all(), user, MEMBERS_VIEW, "cell__path")


@dataclass(frozen=True)
class MemberPage:
    rows: list[Member]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def member_search(
    user: User | AnonymousUser | None,
    *,
    q: str = "",
    unit: OrgUnit | None = None,
    status: str = "",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> MemberPage:
    """Accent-insensitive search by name ("nguyen van a" finds "Nguyễn Văn A"), or by party card number /
    phone, within the user's scope, optionally within a subtree and a status. Two queries."""
    qs = members_visible(user)
    if unit is not None:
        qs = qs.filter(cell__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    term = q.strip()
    if term:
        folded = fold(term)
        qs = qs.filter(Q(name_folded__contains=folded) | Q(party_card_number__startswith=term) | Q(phone=term))
    total = qs.count()
    rows = list(qs.select_related("cell").order_by("name_folded", "pk")[offset : offset + limit])
    return MemberPage(rows=rows, total=total, offset=offset, limit=limit)


def can_see_citizen_id(user: User | AnonymousUser | None, member: Member) -> bool:
    """The organisation department (MEMBERS_VIEW_SENSITIVE over the cell) and the member themself."""
    return may_see(user, member, "citizen_id")


@dataclass(frozen=True)
class CorrectionLine:
    label: str
    old: str
    new: str
    hidden: bool  # a sensitive field the viewer may not see: both values are masked


@dataclass(frozen=True)
class CorrectionView:
    correction: ProfileCorrection
    lines: list[CorrectionLine]
    can_decide: bool  # may approve corrections here and may see every field it touches


def _label(field: str) -> str:
    spec = SENSITIVE_FIELDS.get(field)
    if spec is not None:
        return str(spec.label)
    try:
        return capfirst(str(getattr(Member._meta.get_field(field), "verbose_name", field)))
    except FieldDoesNotExist:
        return field


def correction_view(user: User | AnonymousUser | None, correction: ProfileCorrection) -> CorrectionView:
    """A correction as `user` may see it: old → new per field, sensitive values masked for those without the
    right (core/members/sensitive.py)."""
    member = correction.member
    hidden = set(hidden_fields(user, member, correction.changes))
    lines = []
    for field, change in correction.changes.items():
        old, new = change.get("from") or "—", change.get("to") or "—"
        if field in hidden:
            old, new = MASK, MASK
        lines.append(CorrectionLine(label=_label(field), old=old, new=new, hidden=field in hidden))
    can_decide = not hidden and has_perm_on(user, MEMBERS_APPROVE_CORRECTIONS, member.cell)
    return CorrectionView(correction=correction, lines=lines, can_decide=can_decide)


def member_of(user: User | AnonymousUser | None) -> Member | None:
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.select_related("cell").filter(user_id=user.pk).first()


def cell_roster(cell: OrgUnit) -> list[Member]:
    return list(cell.members.exclude(status__in=GONE_STATUSES).order_by("name_folded"))
