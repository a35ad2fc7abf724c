"""Committed committees for the backup tests: pg_dump and the restore's own connections only see committed
rows, so these tenants are built outside the per-test transaction and removed when the module ends.

Each committee has an org tree, generated members, a published meeting with an agenda and a stored document,
a stored import file, audit rows, and public rows: a custom domain, a plan, rollout units, a wave, a transition,
a console officer, an adoption snapshot and platform audit events.
"""

import datetime as dt
import io
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import quote_schema_name

from billing_free.models import Plan, TenantPlan
from core.content.objects import tenant_objects
from core.content.storage import StoredObject, object_key
from core.demo.generator import generate
from core.imports import storage as import_storage
from core.imports.models import ImportJob, ImportKind
from core.meetings.services.documents import document_attach
from tenants.backup.models import TenantBackup
from tenants.db.schema import activate_public
from tenants.models import Domain, PlatformAuditEvent, Tenant
from tenants.provisioning.services import tenant_provision, tenant_request
from tenants.rollout.models import AdoptionSnapshot, RolloutTransition, RolloutUnit, UnitState
from tenants.rollout.services import officer_invite, rollout_units_sync, wave_create
from tests.core.meetings.conftest import published_meeting
from tests.factories.org import build_tree
from tests.helpers import in_tenant

PDF = b"%PDF-1.4\n% Bien ban chi bo\n"


@dataclass
class Committee:
    tenant: Tenant
    document: StoredObject
    import_file: StoredObject
    officer: User


def make_committee(slug: str, members: int = 120) -> Committee:
    tenant = tenant_request(slug=slug, name=f"Đảng bộ {slug}", admin_email=f"a@{slug}.vn", actor="tests", enqueue=False)
    tenant = tenant_provision(tenant_id=tenant.pk, actor="tests")
    with in_tenant(tenant):
        tree = build_tree()
        generate(members=members, seed=slug)
        meeting = published_meeting(tree)
        upload = SimpleUploadedFile(f"bien-ban-{slug}.pdf", PDF + slug.encode(), content_type="application/pdf")
        doc = document_attach(meeting=meeting, title="Biên bản", upload=upload, actor=tree.users["sec_x"])
        job = ImportJob.objects.create(kind=ImportKind.MEMBERS, original_filename="dang-vien.csv")
        job.stored_path = import_storage.store_upload(job.pk, "dang-vien.csv", io.BytesIO(f"Số thẻ\n{slug}\n".encode()))
        job.save(update_fields=["stored_path"])
    Domain.objects.create(domain=f"{slug}.dangbo.vn", tenant=tenant, is_primary=False)
    TenantPlan.objects.filter(tenant=tenant).update(plan=Plan.objects.get(code="tinh-thanh"))  # not the default
    rollout_units_sync(tenant, actor="tests")
    codes = list(RolloutUnit.objects.filter(tenant=tenant).values_list("unit_code", flat=True)[:2])
    today = timezone.localdate()
    wave_create(tenant, "Đợt 1", today, today + dt.timedelta(days=30), 90, 80, codes, actor="tests")
    unit = RolloutUnit.objects.get(tenant=tenant, unit_code=codes[0])
    RolloutTransition.objects.create(
        rollout_unit=unit, from_state=UnitState.NOT_STARTED, to_state=UnitState.PILOT, actor="tests", at=timezone.now()
    )
    officer = officer_invite(tenant=tenant, email=f"canbo@{slug}.vn", full_name="Nguyễn Cán Bộ", actor="tests")
    AdoptionSnapshot.objects.create(tenant=tenant, taken_at=timezone.now(), month=today.replace(day=1), members=members)
    return Committee(
        tenant=tenant,
        document=StoredObject(object_key(slug, "meetings", doc.stored_name)),
        import_file=StoredObject(object_key(slug, "imports", job.stored_path)),
        officer=officer,
    )


def remove_committees(slugs: list[str]) -> None:
    """Drop what the backup tests committed: schemas (staging ones too), public rows, officers' accounts."""
    activate_public()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s) OR nspname LIKE '\\_restore\\_%%' "
            "OR nspname LIKE '\\_replaced\\_%%'",
            [slugs],
        )
        for (schema,) in cursor.fetchall():
            cursor.execute(f"DROP SCHEMA {quote_schema_name(schema)} CASCADE")
    Tenant.objects.filter(schema_name__in=slugs).delete()
    PlatformAuditEvent.objects.filter(tenant_slug__in=slugs).delete()
    TenantBackup.objects.filter(tenant_slug__in=slugs).delete()
    # Public accounts: a plain DELETE (the ORM's cascade would look for tenant tables such as API tokens).
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM public.auth_user WHERE username = ANY(%s)", [[f"canbo@{s}.vn" for s in slugs]])


def table_digests(schema: str) -> dict[str, tuple[int, str]]:
    """Every table of `schema`: (row count, md5 of its rows as text in a fixed order) — computed here, not by
    the code under test."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY 1",
            [schema],
        )
        tables = [row[0] for row in cursor.fetchall()]
        out = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) "
                f"FROM {quote_schema_name(schema)}.{quote_schema_name(table)} x"
            )
            count, digest = cursor.fetchone()
            out[table] = (count, digest)
    return out


def files_of(slug: str) -> dict[str, bytes]:
    """The committee's stored objects (whatever the store), keyed without the schema."""
    out = {}
    for info in tenant_objects(slug):
        with info.stored().open() as handle:
            out[f"{info.area}/{info.name}"] = handle.read()
    return out
