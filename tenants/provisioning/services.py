"""Tenant lifecycle writes: request → provision (clone) → ready; suspend, resume, archive, delete.

Every write runs in one transaction with a PlatformAuditEvent; the routing map is invalidated and tasks
are enqueued only after commit.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import quote_schema_name, schema_exists

from billing_free.services import plan_assign_initial
from tenants.audit import record_platform_event
from tenants.db.schema import activate_public, tenant_schema
from tenants.models import Domain, Tenant, TenantStatus
from tenants.provisioning.clone import clone_schema
from tenants.provisioning.template import ensure_template_current
from tenants.routing import host_map
from tenants.validators import host_label, validate_slug

# Legal lifecycle moves; anything else is refused with a Vietnamese message.
TRANSITIONS: dict[str, set[str]] = {
    TenantStatus.PROVISIONING: {TenantStatus.READY, TenantStatus.FAILED},
    TenantStatus.FAILED: {TenantStatus.PROVISIONING},
    TenantStatus.READY: {TenantStatus.SUSPENDED, TenantStatus.ARCHIVED},
    TenantStatus.SUSPENDED: {TenantStatus.READY, TenantStatus.ARCHIVED},
    TenantStatus.ARCHIVED: {TenantStatus.READY},
}


def _after_commit_invalidate() -> None:
    transaction.on_commit(host_map.invalidate)


def _move(tenant: Tenant, to: str, *, actor: str, reason: str = "") -> Tenant:
    if to not in TRANSITIONS.get(tenant.status, set()):
        raise ValidationError(
            _("Không thể chuyển đảng bộ “%(name)s” từ trạng thái “%(from)s” sang “%(to)s”."),
            code="illegal_transition",
            params={"name": tenant.name, "from": tenant.get_status_display(), "to": TenantStatus(to).label},
        )
    before = tenant.status
    tenant.status = to
    tenant.status_reason = reason
    tenant.save(update_fields=["status", "status_reason", "updated_at"])
    record_platform_event(
        actor=actor,
        action=f"tenant.{to}",
        tenant_slug=tenant.schema_name,
        changes={"status": [before, to], "reason": reason},
    )
    _after_commit_invalidate()
    return tenant


@transaction.atomic
def tenant_request(*, slug: str, name: str, admin_email: str, actor: str, enqueue: bool = True) -> Tenant:
    """Register a tenant in `provisioning` with its platform host and enqueue the provisioning task.

    `enqueue=False` leaves provisioning to the caller (the demo seed runs it in-process).
    """
    from tenants.tasks import provision_tenant

    activate_public()  # public-schema write, whatever schema the caller left active
    validate_slug(slug)
    if Tenant.objects.filter(schema_name__iexact=slug).exists() or schema_exists(slug):
        raise ValidationError(_("Mã đảng bộ “%(slug)s” đã được sử dụng."), code="duplicate_slug", params={"slug": slug})
    name = name.strip()
    if not name:
        raise ValidationError(_("Vui lòng nhập tên đảng bộ."), code="name_required")
    tenant = Tenant(schema_name=slug, name=name, admin_email=admin_email, progress=0, progress_label="Đang chờ xử lý")
    tenant.full_clean()
    tenant.save()
    Domain.objects.create(domain=f"{host_label(slug)}.{settings.PLATFORM_DOMAIN}", tenant=tenant, is_primary=True)
    plan_assign_initial(tenant=tenant, actor=actor)  # every tenant has a plan from its creation (ADR 0034)
    record_platform_event(
        actor=actor,
        action="tenant.requested",
        tenant_slug=slug,
        changes={"name": name, "admin_email": admin_email},
    )
    if enqueue:
        transaction.on_commit(lambda: provision_tenant.delay(tenant.pk))
    return tenant


def _progress(tenant: Tenant, percent: int, label: str) -> None:
    """Progress is committed on its own so the console can show it while the clone runs."""
    Tenant.objects.filter(pk=tenant.pk).update(progress=percent, progress_label=label, updated_at=timezone.now())


def tenant_provision(*, tenant_id: int, actor: str = "system") -> Tenant:
    """Clone the template into the tenant's schema, create its first admin, mark it ready — all or nothing.

    On failure the transaction leaves no schema behind and the tenant shows `failed` with the reason;
    `tenant_retry` puts it back in the queue.
    """
    from core.accounts.services import account_create_first_admin

    activate_public()
    tenant = Tenant.objects.get(pk=tenant_id)
    if tenant.status != TenantStatus.PROVISIONING:
        return tenant
    try:
        _progress(tenant, 10, "Kiểm tra lược đồ mẫu")
        ensure_template_current()
        _progress(tenant, 30, "Sao chép lược đồ mẫu")
        with transaction.atomic():
            clone_schema(settings.TENANT_TEMPLATE_SCHEMA, tenant.schema_name)
            with tenant_schema(tenant):
                account_create_first_admin(email=tenant.admin_email, actor=actor)
            tenant.status = TenantStatus.READY
            tenant.progress, tenant.progress_label = 100, "Hoàn tất"
            tenant.ready_at = timezone.now()
            tenant.status_reason = ""
            tenant.save(
                update_fields=[
                    "status",
                    "progress",
                    "progress_label",
                    "ready_at",
                    "status_reason",
                    "updated_at",
                ]
            )
            record_platform_event(
                actor=actor,
                action="tenant.ready",
                tenant_slug=tenant.schema_name,
                changes={"status": [TenantStatus.PROVISIONING, TenantStatus.READY]},
            )
            _after_commit_invalidate()
    except Exception as exc:
        activate_public()
        with transaction.atomic():
            Tenant.objects.filter(pk=tenant.pk).update(
                status=TenantStatus.FAILED,
                status_reason=f"{type(exc).__name__}: {exc}"[:2000],
                progress_label="Khởi tạo lỗi",
                updated_at=timezone.now(),
            )
            record_platform_event(
                actor=actor,
                action="tenant.failed",
                tenant_slug=tenant.schema_name,
                changes={"error": str(exc)[:2000]},
            )
        raise
    return tenant


@transaction.atomic
def tenant_retry(*, tenant: Tenant, actor: str) -> Tenant:
    from tenants.tasks import provision_tenant

    tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
    _move(tenant, TenantStatus.PROVISIONING, actor=actor, reason="")
    Tenant.objects.filter(pk=tenant.pk).update(progress=0, progress_label="Đang chờ xử lý")
    transaction.on_commit(lambda: provision_tenant.delay(tenant.pk))
    return tenant


@transaction.atomic
def tenant_suspend(*, tenant: Tenant, actor: str, reason: str = "") -> Tenant:
    return _move(
        Tenant.objects.select_for_update().get(pk=tenant.pk),
        TenantStatus.SUSPENDED,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def tenant_resume(*, tenant: Tenant, actor: str) -> Tenant:
    return _move(Tenant.objects.select_for_update().get(pk=tenant.pk), TenantStatus.READY, actor=actor)


@transaction.atomic
def tenant_archive(*, tenant: Tenant, actor: str, reason: str = "") -> Tenant:
    """Stop routing the tenant; its schema and data are kept."""
    return _move(
        Tenant.objects.select_for_update().get(pk=tenant.pk),
        TenantStatus.ARCHIVED,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def tenant_delete(*, tenant: Tenant, actor: str, confirm_slug: str) -> None:
    """Drop the schema and the tenant row. `confirm_slug` must repeat the slug (a typed confirmation)."""
    tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
    if confirm_slug != tenant.schema_name:
        raise ValidationError(
            _("Xác nhận không khớp: hãy nhập đúng mã đảng bộ “%(slug)s” để xoá."),
            code="confirmation_mismatch",
            params={"slug": tenant.schema_name},
        )
    if tenant.status == TenantStatus.READY:
        raise ValidationError(_("Hãy tạm ngừng hoặc lưu trữ đảng bộ trước khi xoá."), code="delete_ready")
    slug = tenant.schema_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fire deferred FK checks before their tables go
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote_schema_name(slug)} CASCADE")
    Tenant.objects.filter(pk=tenant.pk).delete()
    record_platform_event(actor=actor, action="tenant.deleted", tenant_slug=slug, changes={})
    _after_commit_invalidate()
