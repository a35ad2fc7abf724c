"""Who sees what on the console — the one place console views ask.

- Platform operators: staff public users without a ConsoleOfficer row; they see every tenant and may run
  lifecycle actions (create, suspend, resume, archive, retry, delete) and invite officers.
- Provincial organisation-committee officers: public users with a ConsoleOfficer row; they see only their
  tenant. Any other tenant (and any operators-only page) is a 404, never a 403, so ids reveal nothing.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import user_passes_test
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from tenants.models import Tenant
from tenants.rollout.models import ConsoleOfficer

type View = Callable[..., HttpResponse]


def officer_tenant_id(user: object) -> int | None:
    """The tenant id of an officer, None for everyone else (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_console_officer_tenant", "unset")
    if cached == "unset":
        cached = ConsoleOfficer.objects.filter(user_id=user.pk).values_list("tenant_id", flat=True).first()  # type: ignore[attr-defined]
        user._console_officer_tenant = cached  # type: ignore[attr-defined]
    return cached  # type: ignore[return-value]


def is_officer(user: object) -> bool:
    return officer_tenant_id(user) is not None


def is_operator(user: object) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False)) and not is_officer(user)


def can_use_console(user: object) -> bool:
    return bool(getattr(user, "is_active", False)) and (is_officer(user) or is_operator(user))


def console_tenants(user: object) -> QuerySet[Tenant]:
    """The tenants `user` may see on the console."""
    if not can_use_console(user):
        return Tenant.objects.none()
    tenant_id = officer_tenant_id(user)
    return Tenant.objects.all() if tenant_id is None else Tenant.objects.filter(pk=tenant_id)


def console_tenant_or_404(user: object, tenant_id: int) -> Tenant:
    tenant = console_tenants(user).filter(pk=tenant_id).first()
    if tenant is None:
        raise Http404
    return tenant


console_required: Callable[[View], View] = user_passes_test(can_use_console, login_url="console:login")


def operator_required(view: View) -> View:
    """Console login required; officers get a 404 (the page does not exist for them)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not is_operator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return console_required(wrapped)
