"""Writes of two-factor authentication: confirm a new TOTP device (and issue backup codes), record use."""

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit.services import audit_record
from tenants.audit import record_platform_event
from tenants.models import Tenant
from tenants.routing import host_map
from tenants.two_factor.policy import on_console

BACKUP_CODES = 10
TOTP_NAME = "Ứng dụng xác thực"
BACKUP_NAME = "Mã dự phòng"


def _record(request: HttpRequest, user: User, action: str) -> None:
    if on_console(request):
        record_platform_event(actor=user.get_username(), action=f"console.{action}")
    else:
        audit_record(actor=user, action=f"account.{action}", target=user)


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device (created on first visit of the set-up page; same key on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with a code from the app: None if the code is wrong, else the new backup codes
    (shown once; earlier backup codes stop working). Other pending devices are dropped."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    _record(request, user, "two_factor_enrolled")
    return codes


@transaction.atomic
def tenant_two_factor_set(*, tenant: Tenant, required: bool, actor: str) -> None:
    """Require (or stop requiring) 2FA for the tenant's admins and organisation department (console)."""
    Tenant.objects.filter(pk=tenant.pk).update(require_two_factor=required)
    tenant.require_two_factor = required
    record_platform_event(
        actor=actor,
        action="tenant.two_factor_required" if required else "tenant.two_factor_optional",
        tenant_slug=tenant.schema_name,
        changes={"require_two_factor": required},
    )
    transaction.on_commit(host_map.invalidate)  # the host map carries the Tenant row routing hands to requests


def backup_code_used(*, request: HttpRequest, user: User) -> None:
    _record(request, user, "two_factor_backup_code_used")
