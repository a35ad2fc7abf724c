"""Role grant writes. A granter may grant only inside their ROLES_GRANT scope and only the roles their own
highest role allows (committee admins appoint secretaries and editors; only tenant admins appoint admins)."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.access.checks import ANY, forget_grants, has_perm_on, scope_paths
from core.access.models import Role, RoleGrant
from core.access.permissions import ROLES_GRANT
from core.audit.services import audit_record
from core.org.models import OrgUnit

DELEGABLE_BY_COMMITTEE_ADMIN = {Role.CELL_SECRETARY, Role.CELL_DEPUTY, Role.EDITOR, Role.APPROVER, Role.PUBLISHER}


def grantable_roles(granter: User) -> set[str]:
    if (
        ANY in scope_paths(granter, ROLES_GRANT)
        or RoleGrant.objects.filter(user=granter, role=Role.TENANT_ADMIN).exists()
    ):
        return set(Role.values)
    if scope_paths(granter, ROLES_GRANT):
        return set(DELEGABLE_BY_COMMITTEE_ADMIN)
    return set()


@transaction.atomic
def role_grant(*, user: User, role: str, unit: OrgUnit, granter: User) -> RoleGrant:
    if not has_perm_on(granter, ROLES_GRANT, unit):
        raise PermissionDenied
    if role not in grantable_roles(granter):
        raise ValidationError(
            _("Bạn không được giao vai trò “%(role)s”."), code="role_not_grantable", params={"role": Role(role).label}
        )
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit, defaults={"granted_by": granter})
    if not created:
        raise ValidationError(_("Người dùng đã có vai trò này tại tổ chức này."), code="duplicate_grant")
    forget_grants(user)
    audit_record(
        actor=granter,
        action="role.granted",
        target=grant,
        unit=unit,
        changes={"user": user.get_username(), "role": role, "unit": unit.code},
    )
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleGrant, granter: User) -> None:
    grant = RoleGrant.objects.select_related("unit", "user").get(pk=grant.pk)
    if not has_perm_on(granter, ROLES_GRANT, grant.unit) or grant.role not in grantable_roles(granter):
        raise PermissionDenied
    audit_record(
        actor=granter,
        action="role.revoked",
        target=grant,
        unit=grant.unit,
        changes={"user": grant.user.get_username(), "role": grant.role, "unit": grant.unit.code},
    )
    grant.delete()
    forget_grants(grant.user)
