"""Who approves a meeting's minutes: holders of a role that runs meetings on the cell or a unit above it."""

from django.contrib.auth.models import User

from core.meetings.models import Meeting


def minutes_approvers(meeting: Meeting, *, exclude_user_id: int | None) -> list[User]:
    """Who may approve the minutes: holders of a role that runs meetings on the cell or a unit above it (not the
    writer, nor the tenant's technical administrators), at most 10, cell first."""
    from core.access.models import RoleGrant
    from core.access.permissions import MEETINGS_RUN, ROLE_PERMISSIONS

    parts = meeting.cell.path.rstrip(".").split(".")
    ancestors = [".".join(parts[: i + 1]) + "." for i in range(len(parts))]
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if MEETINGS_RUN in perms]
    grants = RoleGrant.objects.filter(role__in=roles, unit__path__in=ancestors, user__is_active=True)
    if exclude_user_id is not None:
        grants = grants.exclude(user_id=exclude_user_id)
    grants = grants.select_related("user__member").order_by("-unit__path", "user_id")[:10]
    seen: dict[int, User] = {}
    for grant in grants:
        seen.setdefault(grant.user_id, grant.user)
    return list(seen.values())
