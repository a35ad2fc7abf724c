"""The top units of a user's scopes (access sits above org: it reads the tree, the tree never reads grants)."""

from django.contrib.auth.models import AnonymousUser, User

from core.access.checks import ANY, scope_paths
from core.org.models import OrgUnit
from core.org.selectors import org_root


def units_in_scope(user: User | AnonymousUser | None, perm: str) -> list[OrgUnit]:
    """The top units of the user's scopes for `perm` (the root for superusers)."""
    scopes = scope_paths(user, perm)
    if ANY in scopes:
        root = org_root()
        return [root] if root else []
    return list(OrgUnit.objects.filter(path__in=scopes).order_by("path"))
