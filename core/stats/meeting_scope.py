"""Who may read cell meeting figures of which unit: holders of MEETINGS_RUN (secretaries, committee and tenant
admins) or ORG_VIEW on the unit; by default they see the highest unit they hold."""

from django.contrib.auth.models import AnonymousUser, User

from core.access.checks import ANY, has_perm_on, scope_paths
from core.access.permissions import MEETINGS_RUN, ORG_VIEW
from core.org.models import OrgUnit

PERMS = (MEETINGS_RUN, ORG_VIEW)


def may_view(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    return any(has_perm_on(user, perm, unit) for perm in PERMS)


def top_unit(user: User | AnonymousUser) -> OrgUnit | None:
    """The highest unit whose figures the user may read (the root for whole-tree scopes); None without scope."""
    paths = sorted({p for perm in PERMS for p in scope_paths(user, perm)}, key=lambda p: (p != ANY, len(p), p))
    if not paths:
        return None
    if paths[0] == ANY:
        return OrgUnit.objects.filter(depth=0).order_by("pk").first()
    return OrgUnit.objects.filter(path=paths[0]).first()
