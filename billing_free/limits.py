"""The one interface core services call to respect a tenant's plan (ADR 0034):

    quota_check(tenant, "members", 120)          # before writing 120 new members
    quota_check(tenant, "units", 1)               # before a rollout unit goes live
    quota_check(tenant, "storage", upload.size)   # before a file is stored (file size and total storage)
    quota_check(tenant, "notifications", n)       # before a fan-out of n notifications
    usage_record(tenant, "storage", +size / -size)    # after commit of an upload / a delete
    usage_record(tenant, "notifications", n)          # after a fan-out

`tenant` is a Tenant or its schema name. A hard limit raises `QuotaExceeded` (a ValidationError with a
Vietnamese message and code "quota_exceeded") before anything is written. API requests are limited by
`billing_free.throttling.TenantPlanThrottle`.
"""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from billing_free import meter
from billing_free.models import DailyUsage, TenantUsage
from billing_free.plans import TenantLimits, schema_of, tenant_limits
from billing_free.resources import ATTACHMENT, MEMBERS, NOTIFICATIONS, RESOURCES, STORAGE, UNITS, Resource
from tenants.models import Tenant


class QuotaExceeded(ValidationError):
    pass


def members_used(schema: str) -> int:
    """Current members of the tenant (those who have not left), read by schema-qualified SQL, so it works
    from any schema."""
    from core.members.models import GONE_STATUSES, Member

    table = f'"{schema}"."{Member._meta.db_table}"'
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE NOT (status = ANY(%s))", [list(GONE_STATUSES)])
        return int(cursor.fetchone()[0])


def units_used(tenant_id: int) -> int:
    from tenants.rollout.models import RolloutUnit, UnitState

    return RolloutUnit.objects.filter(tenant_id=tenant_id, state=UnitState.LIVE).count()


def storage_used(tenant_id: int) -> int:
    return TenantUsage.objects.filter(tenant_id=tenant_id).values_list("storage_bytes", flat=True).first() or 0


def notifications_today(limits: TenantLimits) -> int:
    day = timezone.localdate()
    stored = DailyUsage.objects.filter(tenant_id=limits.tenant_id, day=day).values_list("notifications_sent", flat=True)
    return (stored.first() or 0) + meter.pending(limits.schema, "notifications_sent", day)


def used_now(limits: TenantLimits, resource: Resource) -> int:
    if resource is MEMBERS:
        return members_used(limits.schema)
    if resource is UNITS:
        return units_used(limits.tenant_id)
    if resource is STORAGE:
        return storage_used(limits.tenant_id)
    if resource is NOTIFICATIONS:
        return notifications_today(limits)
    raise ValueError(resource.key)


def _refuse(message: str, **params: object) -> QuotaExceeded:
    return QuotaExceeded(message % params, code="quota_exceeded")


def _check_file(limits: TenantLimits, size: int) -> None:
    biggest = ATTACHMENT.limit(limits.plan)
    if biggest and size > biggest:
        raise _refuse(
            _("Tệp quá lớn (%(size)s): gói “%(plan)s” nhận tệp tối đa %(limit)s. Tệp chưa được lưu."),
            size=filesizeformat(size), plan=limits.plan.name, limit=filesizeformat(biggest),
        )  # fmt: skip
    total = STORAGE.limit(limits.plan)
    used = storage_used(limits.tenant_id)
    if total and used + size > total:
        raise _refuse(
            _(
                "Đã hết dung lượng lưu trữ của gói “%(plan)s”: đã dùng %(used)s trên %(limit)s, tệp này %(size)s. "
                "Tệp chưa được lưu; đề nghị xoá bớt tệp cũ hoặc liên hệ quản trị nền tảng để nâng gói."
            ),
            plan=limits.plan.name, used=filesizeformat(used), limit=filesizeformat(total), size=filesizeformat(size),
        )  # fmt: skip


def _platform(tenant: Tenant | str) -> bool:
    """The public and template schemas are the platform's, not a tenant's: no plan bounds them."""
    from core.tasks import non_tenant_schemas

    return schema_of(tenant) in non_tenant_schemas()


def quota_check(tenant: Tenant | str, resource: str, amount: int = 1) -> None:
    """Raise QuotaExceeded if adding `amount` of `resource` would pass the tenant's hard limit."""
    kind = RESOURCES[resource]
    if _platform(tenant):
        return
    limits = tenant_limits(tenant)
    if kind is STORAGE:
        _check_file(limits, amount)
        return
    limit = kind.limit(limits.plan)
    if not limit or amount <= 0:
        return
    used = used_now(limits, kind)
    if used + amount > limit:
        raise _refuse(
            _(
                "Vượt hạn mức “%(what)s” của gói “%(plan)s”: đang có %(used)s, thêm %(amount)s, tối đa %(limit)s. "
                "Chưa có gì được ghi; đề nghị liên hệ quản trị nền tảng để nâng gói."
            ),
            what=kind.label, plan=limits.plan.name, used=f"{used:,}".replace(",", "."),
            amount=f"{amount:,}".replace(",", "."), limit=f"{limit:,}".replace(",", "."),
        )  # fmt: skip


def _add_storage(tenant_id: int, amount: int) -> None:
    updated = TenantUsage.objects.filter(tenant_id=tenant_id).update(storage_bytes=F("storage_bytes") + amount)
    if not updated:
        TenantUsage.objects.get_or_create(tenant_id=tenant_id, defaults={"storage_bytes": max(amount, 0)})


def usage_record(tenant: Tenant | str, resource: str, amount: int) -> None:
    """Count use: storage bytes (+ on upload, − on delete; written after commit, one query), notifications
    and API requests (in-process counters, no query)."""
    if _platform(tenant):
        return
    if resource == STORAGE.key:
        tenant_id = tenant_limits(tenant).tenant_id
        transaction.on_commit(lambda: _add_storage(tenant_id, amount))
    elif resource == NOTIFICATIONS.key:
        meter.count(schema_of(tenant), "notifications_sent", amount)
    elif resource == "api":
        meter.count(schema_of(tenant), "api_requests", amount)
    else:
        raise ValueError(f"{resource} is measured, not recorded")
