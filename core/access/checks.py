"""Scoped permission checks (tenancy rule 4): subtree grants, fail closed, "not found" for forbidden.

`scope_paths(user, perm)` is the list of materialised paths whose subtrees the user may act on; querysets
are filtered with `path LIKE '<scope>%'`. Superusers (the tenant's own administrators) have every
permission over the whole tree. Grants are cached on the user object for the request.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from core.access.models import RoleGrant
from core.access.permissions import ROLE_PERMISSIONS
from core.org.models import OrgUnit

ANY = "*"  # the whole tree


def _grants(user: User) -> list[tuple[str, str]]:
    cached = getattr(user, "_sotay_grants", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).values_list("role", "unit__path"))
        user._sotay_grants = cached  # type: ignore[attr-defined]
    return cached


def granted_unit_paths(user: User) -> list[str]:
    """Paths of the units where `user` holds any role, whatever the permission (e.g. to read content there)."""
    return sorted({path for _role, path in _grants(user)})


def forget_grants(user: User) -> None:
    user.__dict__.pop("_sotay_grants", None)


def scope_paths(user: User | AnonymousUser | None, perm: str) -> list[str]:
    """Paths of the subtrees where `user` holds `perm`; [ANY] for superusers; [] when none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    assert isinstance(user, User)
    if user.is_superuser:
        return [ANY]
    paths = sorted({path for role, path in _grants(user) if perm in ROLE_PERMISSIONS.get(role, frozenset())})
    # drop paths inside another granted path: "1.4." covers "1.4.17."
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def has_perm_on(user: User | AnonymousUser | None, perm: str, unit: OrgUnit) -> bool:
    return any(scope == ANY or unit.path.startswith(scope) for scope in scope_paths(user, perm))


def has_perm_anywhere(user: User | AnonymousUser | None, perm: str) -> bool:
    return bool(scope_paths(user, perm))


def scope_q(user: User | AnonymousUser | None, perm: str, path_field: str) -> Q:
    """A Q restricting `path_field` (e.g. "cell__path") to the user's scopes; matches nothing if none."""
    scopes = scope_paths(user, perm)
    if ANY in scopes:
        return Q()
    if not scopes:
        return Q(pk__in=[])
    q = Q()
    for scope in scopes:
        q |= Q(**{f"{path_field}__startswith": scope})
    return q


def scoped[M: Model](qs: QuerySet[M], user: User | AnonymousUser | None, perm: str, path_field: str) -> QuerySet[M]:
    return qs.filter(scope_q(user, perm, path_field))


def access_object[M: Model](
    qs: QuerySet[M], pk: Any, user: User | AnonymousUser | None, perm: str, path_field: str
) -> M:
    """The object with `pk` if the user holds `perm` over it; Http404 alike for missing and forbidden."""
    try:
        return scoped(qs, user, perm, path_field).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
