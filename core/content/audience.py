"""Who may see a piece of content: its audience is a unit and its subtree, or the whole committee.

A content model stores its audience as a nullable foreign key to `org.OrgUnit` (conventionally
`audience_unit`; NULL = the whole committee). A reader sees an item when the audience is the whole committee
or one of the units on the path from the root down to the reader's own unit: "my unit and every unit above me
publishing to a subtree that contains me". The reader's ancestor ids come straight from the materialised path
of their cell (ADR 0006: `"1.4.17.203."` → 1, 4, 17, 203), so the filter is

    audience_unit IS NULL OR audience_unit_id IN (1, 4, 17, 203)

— an index lookup on a handful of ids whatever the size of the tenant (472,869 members / 20,000 cells), no
join with members or the tree at read time, and it stays right when a unit moves (the path is read at request
time, nothing is denormalised).

Usage from any content area (documents, news, study material …):

    reader = reader_for(request.user)            # one query (the member and their cell), cached on the user
    qs = visible(Document.objects.filter(state="published"), reader)
    if not reader_sees(reader, document.audience_unit_id): raise Http404

Users without a member profile (administrators, officers) read with the ancestors of the units of their role
grants; tenant superusers see everything.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from core.access.checks import ANY, granted_unit_paths, has_perm_on, scope_paths
from core.members.models import Member, MemberStatus
from core.org.models import OrgUnit

GONE = (MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED)


def path_ids(path: str) -> tuple[int, ...]:
    """The unit ids of a materialised path, root first: "1.4.17." → (1, 4, 17)."""
    return tuple(int(part) for part in path.split(".") if part)


@dataclass(frozen=True)
class Reader:
    """What a signed-in user may read: their units (ancestors-or-self, root first) or everything."""

    user_id: int | None
    member_id: int | None = None
    cell_id: int | None = None
    cell_path: str = ""
    unit_ids: tuple[int, ...] = ()
    sees_all: bool = False
    name: str = ""  # the member's full name, for greetings

    @property
    def is_member(self) -> bool:
        return self.member_id is not None


NOBODY = Reader(user_id=None)


def reader_from_member(member: Member | None, user: User | None = None) -> Reader:
    """A reader for a member whose cell is loaded (no query); extra grant units of `user` are added."""
    user_id = user.pk if user is not None else (member.user_id if member is not None else None)
    if user is not None and user.is_superuser:
        return Reader(
            user_id=user_id,
            member_id=member.pk if member else None,
            cell_id=member.cell_id if member else None,
            cell_path=member.cell.path if member else "",
            sees_all=True,
            name=member.full_name if member else "",
        )
    ids: list[int] = []
    if member is not None:
        ids.extend(path_ids(member.cell.path))
    if user is not None:
        for scope in granted_unit_paths(user):
            ids.extend(i for i in path_ids(scope) if i not in ids)
    return Reader(
        user_id=user_id,
        member_id=member.pk if member is not None else None,
        cell_id=member.cell_id if member is not None else None,
        cell_path=member.cell.path if member is not None else "",
        unit_ids=tuple(ids),
        name=member.full_name if member is not None else "",
    )


def reader_for(user: User | AnonymousUser | None) -> Reader:
    """The reader for a request's user: one query for the member and their cell, cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    assert isinstance(user, User)
    cached = getattr(user, "_sotay_reader", None)
    if cached is not None:
        return cached
    member = Member.objects.select_related("cell").filter(user_id=user.pk).exclude(status__in=GONE).first()
    reader = reader_from_member(member, user)
    user._sotay_reader = reader  # type: ignore[attr-defined]
    return reader


def audience_q(reader: Reader, field: str = "audience_unit") -> Q:
    """A filter on a content model: items whose audience contains the reader (nothing for anonymous users)."""
    if reader.sees_all:
        return Q()
    if reader.user_id is None:
        return Q(pk__in=[])
    whole = Q(**{f"{field}__isnull": True})
    return whole | Q(**{f"{field}_id__in": list(reader.unit_ids)}) if reader.unit_ids else whole


def visible[M: Model](qs: QuerySet[M], reader: Reader, field: str = "audience_unit") -> QuerySet[M]:
    return qs.filter(audience_q(reader, field))


def reader_sees(reader: Reader, audience_unit_id: int | None) -> bool:
    """The same rule as audience_q for one item already in memory."""
    if reader.sees_all:
        return True
    if reader.user_id is None:
        return False
    return audience_unit_id is None or audience_unit_id in reader.unit_ids


def audience_label(unit: OrgUnit | None) -> str:
    """“Toàn đảng bộ” or “<unit> và các tổ chức trực thuộc”."""
    if unit is None:
        return _("Toàn đảng bộ")
    return _("%(unit)s và các tổ chức trực thuộc") % {"unit": unit.name}


def may_address(user: User | AnonymousUser | None, perm: str, audience_unit: OrgUnit | None) -> bool:
    """May `user`, holding `perm`, address content to this audience? The whole committee needs the permission
    over the whole tree (a grant on the root or a superuser); a unit needs it on that unit (its subtree)."""
    if audience_unit is None:
        scopes = scope_paths(user, perm)
        if ANY in scopes:
            return True
        roots = OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)
        return any(scope in set(roots) for scope in scopes)
    return has_perm_on(user, perm, audience_unit)


def audience_members(audience_unit: OrgUnit | None) -> QuerySet[Member]:
    """The members an audience reaches (transferred-out and deceased excluded): denominators of read rates."""
    members = Member.objects.exclude(status__in=GONE)
    if audience_unit is None:
        return members
    return members.filter(cell__path__startswith=audience_unit.path)


__all__ = [
    "NOBODY",
    "Reader",
    "audience_label",
    "audience_members",
    "audience_q",
    "may_address",
    "path_ids",
    "reader_for",
    "reader_from_member",
    "reader_sees",
    "visible",
]
