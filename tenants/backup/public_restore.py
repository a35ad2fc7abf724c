"""Writing an archive's public rows for the restored tenant (inside the restore's transaction).

Per table: the tenant row is updated (same committee) or inserted (empty server, new slug); domains, plan link,
rollout waves, units and their history, officer links and adoption snapshots replace what the server holds for
that tenant; platform audit events are only added (an audit trail is never rewritten). Rows are inserted with
their archived values — timestamps included — and new ids; references between them follow the new ids.

Over the same committee its lifecycle status is left as the operator set it (suspended for the restore, say).
As a new slug (a rehearsal copy): only the platform host `<new slug>.<PLATFORM_DOMAIN>`, no custom domain, and
the copy starts suspended so no scheduled work (reminders, notifications) reaches real members before an
operator has looked at it. Console officers are people: an officer account that already exists here keeps its
one committee, and the copy gets no link to it (reported as a warning).
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, models
from psycopg import sql

from billing_free.models import Plan, TenantPlan, TenantUsage
from billing_free.plans import default_plan
from tenants.models import Domain, PlatformAuditEvent, Tenant, TenantStatus
from tenants.rollout.gate_cache import unit_states_changed
from tenants.rollout.models import AdoptionSnapshot, ConsoleOfficer, RolloutTransition, RolloutUnit, RolloutWave
from tenants.validators import host_label

Rows = list[dict[str, Any]]


@dataclass
class Target:
    slug: str
    archive_slug: str
    archive_domain: str
    existing: Tenant | None
    name: str = ""
    actor: str = "system"
    written: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def new_slug(self) -> bool:
        return self.slug != self.archive_slug


def _insert(model: type[models.Model], row: dict[str, Any], **overrides: Any) -> int:
    """INSERT one archived row (columns the model still has; archived values, converted) → its new id."""
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.column in overrides:
            values[f.column] = overrides[f.column]
        elif f.column in row:
            values[f.column] = f.get_db_prep_save(f.to_python(row[f.column]), connection)
    query = sql.SQL("INSERT INTO {table} ({cols}) VALUES ({vals}) RETURNING id").format(
        table=sql.Identifier("public", model._meta.db_table),
        cols=sql.SQL(", ").join(sql.Identifier(c) for c in values),
        vals=sql.SQL(", ").join(sql.Placeholder() for _ in values),
    )
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(), list(values.values()))
        return int(cursor.fetchone()[0])


def _count(target: Target, key: str, n: int = 1) -> None:
    target.written[key] = target.written.get(key, 0) + n


def _tenant(row: dict[str, Any], target: Target) -> Tenant:
    overrides: dict[str, Any] = {"schema_name": target.slug}
    if target.name:
        overrides["name"] = target.name
    if target.new_slug:
        overrides["status"] = TenantStatus.SUSPENDED
        overrides["status_reason"] = (
            f"Bản khôi phục từ sao lưu của “{target.archive_slug}” (diễn tập); kiểm tra xong mới cho hoạt động."
        )
    if target.existing is not None:
        fields = {f.attname: f.to_python(row[f.column]) for f in Tenant._meta.concrete_fields if f.column in row}
        for kept in ("id", "status", "status_reason"):  # the operator's current lifecycle decision stands
            fields.pop(kept, None)
        Tenant.objects.filter(pk=target.existing.pk).update(**(fields | overrides))
        tenant = Tenant.objects.get(pk=target.existing.pk)
    else:
        tenant = Tenant.objects.get(pk=_insert(Tenant, row, **overrides))
    _count(target, "tenant")
    return tenant


def _domains(tenant: Tenant, rows: Rows, target: Target) -> None:
    old_host = f"{host_label(target.archive_slug)}.{target.archive_domain}"
    platform_host = f"{host_label(target.slug)}.{settings.PLATFORM_DOMAIN}"
    Domain.objects.filter(tenant=tenant).delete()
    kept: list[tuple[str, bool]] = []
    for row in rows:
        if row["domain"] == old_host:
            kept.append((platform_host, row["is_primary"]))
        elif target.new_slug:
            target.warnings.append(f"tên miền riêng {row['domain']} không gắn cho bản sao {target.slug}")
        elif Domain.objects.filter(domain=row["domain"]).exists():
            target.warnings.append(f"tên miền {row['domain']} đang thuộc đảng bộ khác, không khôi phục")
        else:
            kept.append((row["domain"], row["is_primary"]))
    if platform_host not in {host for host, _ in kept}:
        kept.append((platform_host, False))
    if not any(primary for _, primary in kept):
        kept = [(host, host == platform_host) for host, _ in kept]
    for host, primary in kept:
        Domain.objects.create(domain=host, tenant=tenant, is_primary=primary)
    _count(target, "domain", len(kept))


def _plan(tenant: Tenant, plans: Rows, links: Rows, target: Target) -> None:
    TenantPlan.objects.filter(tenant=tenant).delete()
    by_id = {row["id"]: row for row in plans}
    for link in links:
        archived = by_id[link["plan_id"]]
        plan = Plan.objects.filter(code=archived["code"]).first()
        if plan is None:  # a plan this server does not have (e.g. the old "free" row): the default plan
            plan = default_plan()
            target.warnings.append(f"gói {archived['code']} không có trên máy chủ này, dùng gói {plan.code}")
        _insert(TenantPlan, link, tenant_id=tenant.pk, plan_id=plan.pk)
        _count(target, "tenant_plan")
    if not links:  # every tenant has a plan (ADR 0034)
        TenantPlan.objects.create(tenant=tenant, plan=default_plan())
    TenantUsage.objects.get_or_create(tenant=tenant)


def _rollout(tenant: Tenant, rows: dict[str, Rows], target: Target) -> None:
    RolloutUnit.objects.filter(tenant=tenant).delete()  # their transitions go with them
    RolloutWave.objects.filter(tenant=tenant).delete()
    waves = {row["id"]: _insert(RolloutWave, row, tenant_id=tenant.pk) for row in rows["rollout_wave"]}
    units = {
        row["id"]: _insert(RolloutUnit, row, tenant_id=tenant.pk, wave_id=waves.get(row["wave_id"]))
        for row in rows["rollout_unit"]
    }
    for row in rows["rollout_transition"]:
        _insert(RolloutTransition, row, rollout_unit_id=units[row["rollout_unit_id"]])
    _count(target, "rollout_wave", len(waves))
    _count(target, "rollout_unit", len(units))
    _count(target, "rollout_transition", len(rows["rollout_transition"]))
    unit_states_changed(tenant.schema_name)  # the per-request gate's copy (ADR 0039)


def _officers(tenant: Tenant, users: Rows, officers: Rows, target: Target) -> None:
    ConsoleOfficer.objects.filter(tenant=tenant).delete()
    by_id = {row["id"]: row for row in users}
    for officer in officers:
        archived = by_id[officer["user_id"]]
        user = User.objects.filter(username=archived["username"]).first()
        if user is None:
            user_id = _insert(User, archived, is_superuser=False, is_staff=False)
        elif ConsoleOfficer.objects.filter(user=user).exists():
            target.warnings.append(f"cán bộ {user.username} đã là cán bộ của đảng bộ khác, không gắn cho {target.slug}")
            continue
        else:
            user_id = user.pk
        _insert(ConsoleOfficer, officer, tenant_id=tenant.pk, user_id=user_id)
        _count(target, "officer")


def _snapshots(tenant: Tenant, rows: Rows, target: Target) -> None:
    AdoptionSnapshot.objects.filter(tenant=tenant).delete()
    for row in rows:
        _insert(AdoptionSnapshot, row, tenant_id=tenant.pk)
    _count(target, "adoption_snapshot", len(rows))


def _audit(rows: Rows, target: Target) -> None:
    """Platform audit events are added, never replaced: those the server already has are left alone."""
    have = set(PlatformAuditEvent.objects.filter(tenant_slug=target.slug).values_list("created_at", "action", "actor"))
    field_at = PlatformAuditEvent._meta.get_field("created_at")
    added = 0
    for row in rows:
        if (field_at.to_python(row["created_at"]), row["action"], row["actor"]) in have:
            continue
        _insert(PlatformAuditEvent, row, tenant_slug=target.slug)
        added += 1
    _count(target, "platform_audit", added)


def restore_public_rows(rows: dict[str, Rows], target: Target) -> Tenant:
    if len(rows.get("tenant", [])) != 1:
        raise ValueError("the archive must hold exactly one tenant row")
    tenant = _tenant(rows["tenant"][0], target)
    _domains(tenant, rows["domain"], target)
    _plan(tenant, rows["plan"], rows["tenant_plan"], target)
    _rollout(tenant, rows, target)
    _officers(tenant, rows["officer_user"], rows["officer"], target)
    _snapshots(tenant, rows["adoption_snapshot"], target)
    _audit(rows["platform_audit"], target)
    return tenant
