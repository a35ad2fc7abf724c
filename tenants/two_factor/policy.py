"""Who must (and who may) use two-factor authentication, on the host the request is on."""

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django_otp import match_token, user_has_device

from core.access.models import Role, RoleGrant
from tenants.console.access import can_use_console

# Roles offered 2FA on a tenant host (and required to use it when the tenant says so).
TWO_FACTOR_ROLES = (Role.TENANT_ADMIN, Role.ORG_DEPARTMENT)


def on_console(request: HttpRequest) -> bool:
    return getattr(request, "tenant", None) is None


def may_enrol(request: HttpRequest, user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if on_console(request):
        return can_use_console(user)
    return user.is_superuser or RoleGrant.objects.filter(user=user, role__in=TWO_FACTOR_ROLES).exists()


def two_factor_required(request: HttpRequest, user: User | AnonymousUser) -> bool:
    """Console: every console user. Tenant: the 2FA roles, when the tenant requires it."""
    if on_console(request):
        return may_enrol(request, user)
    tenant = request.tenant  # type: ignore[attr-defined]
    return bool(tenant.require_two_factor) and may_enrol(request, user)


def must_verify(request: HttpRequest, user: User) -> bool:
    """Whether this signed-in user has to pass a second factor before going on (enrolled, or required)."""
    return user_has_device(user, confirmed=True) or two_factor_required(request, user)


def totp_issuer(device: object) -> str:
    """The name authenticator apps show next to the code: the platform and the committee (or the console)."""
    from tenants.db.schema import current_schema

    schema = current_schema()
    return "Sổ tay" if schema == "public" else f"Sổ tay ({schema})"


def token_login_refusal(request: HttpRequest, user: User, otp_token: str) -> dict[str, str] | None:
    """For API token login (after the password): None when a token may be issued, else the 403 body.

    An account with a device must send a code from it (or a backup code) as `otp_token`; an account that
    must use 2FA but has no device enrols on the web first. A token is never a way around the second factor.
    """
    if user_has_device(user, confirmed=True):
        if otp_token and match_token(user, "".join(otp_token.split())) is not None:
            return None
        return {
            "detail": "Cần mã xác thực hai bước (otp_token) đúng và còn hiệu lực.",
            "code": "two_factor_code_required",
        }
    if two_factor_required(request, user):
        return {
            "detail": "Tài khoản này bắt buộc xác thực hai bước: hãy cài đặt trên trang web trước.",
            "code": "two_factor_enrolment_required",
        }
    return None
