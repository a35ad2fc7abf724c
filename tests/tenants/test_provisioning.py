"""Provisioning by template clone: validation, the clone's fidelity, all-or-nothing failure, retry, lifecycle."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_exists

from core.accounts.services import password_setup_path
from tenants.models import Domain, PlatformAuditEvent, Tenant, TenantStatus
from tenants.provisioning import services
from tests.helpers import in_tenant

CATALOG_SQL = """
    SELECT 'col', c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod)
           || ':' || a.attnotnull::text
           || ':' || a.attidentity::text
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = %(s)s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'con', c.relname || '.' || con.conname || ':'
           || regexp_replace(pg_get_constraintdef(con.oid), %(s)s || '\\.', '', 'g')
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = %(s)s
    UNION ALL
    SELECT 'idx', regexp_replace(pg_get_indexdef(i.indexrelid), ' ON ' || %(s)s || '\\.', ' ON ', 'g')
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = %(s)s
    UNION ALL
    SELECT 'trg', regexp_replace(pg_get_triggerdef(t.oid), ' ON ' || %(s)s || '\\.', ' ON ', 'g')
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = %(s)s AND NOT t.tgisinternal
"""


def _catalog(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(CATALOG_SQL, {"s": schema})
        return set(cursor.fetchall())


def _request(slug: str = "gamma", **kwargs):
    return services.tenant_request(
        slug=slug,
        name=kwargs.pop("name", "Đảng bộ tỉnh Gamma"),
        admin_email=kwargs.pop("admin_email", "bithu@gamma.vn"),
        actor="test",
        enqueue=False,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("Ninh-Binh", "invalid_slug"),
        ("1abc", "invalid_slug"),
        ("a", "invalid_slug"),
        ("ninh binh", "invalid_slug"),
        ("public", "reserved_slug"),
        ("www", "reserved_slug"),
        ("pg_catalog", "reserved_slug"),
        ("console", "reserved_slug"),
        ("alpha", "duplicate_slug"),
    ],
)
def test_bad_slugs_are_refused_with_a_vietnamese_message(db, slug, code):
    with pytest.raises(ValidationError) as exc:
        _request(slug=slug)
    assert exc.value.error_list[0].code == code
    assert any(ch in exc.value.messages[0] for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỷỹ")
    assert not Tenant.objects.filter(schema_name=slug.lower()).exclude(schema_name="alpha").exists()


def test_request_registers_host_with_hyphen_for_underscore(db):
    tenant = _request(slug="ha_noi")
    assert tenant.status == TenantStatus.PROVISIONING
    assert Domain.objects.get(tenant=tenant).domain == f"ha-noi.{settings.PLATFORM_DOMAIN}"


def test_clone_matches_the_template_and_records_its_migrations(db):
    tenant = services.tenant_provision(tenant_id=_request().pk)
    assert tenant.status == TenantStatus.READY and tenant.progress == 100
    assert _catalog("gamma") == _catalog(settings.TENANT_TEMPLATE_SCHEMA)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT app, name FROM _template.django_migrations EXCEPT SELECT app, name FROM gamma.django_migrations"
        )
        assert cursor.fetchall() == []
        cursor.execute("SELECT count(*) FROM gamma.auth_permission")
        assert cursor.fetchone()[0] > 0


def test_provisioned_tenant_has_first_admin_with_one_time_password_link(db, client):
    tenant = services.tenant_provision(tenant_id=_request().pk)
    with in_tenant(tenant):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.get(email="bithu@gamma.vn")
        assert admin.is_superuser and not admin.has_usable_password()
        path = password_setup_path(admin)
    host = f"gamma.{settings.PLATFORM_DOMAIN}"
    form_page = client.get(path, HTTP_HOST=host, follow=True)
    assert form_page.status_code == 200 and "Đặt mật khẩu" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Ninh-Binh-2026!", "new_password2": "Ninh-Binh-2026!"},
        HTTP_HOST=host,
    )
    assert response.status_code == 302
    assert (
        client.post(
            "/dang-nhap/", {"username": admin.username, "password": "Ninh-Binh-2026!"}, HTTP_HOST=host
        ).status_code
        == 302
    )


def test_identity_sequences_continue_after_copied_rows(db):
    tenant = services.tenant_provision(tenant_id=_request().pk)
    with in_tenant(tenant):
        from django.contrib.contenttypes.models import ContentType

        new = ContentType.objects.create(app_label="x", model="y")
        previous = ContentType.objects.exclude(pk=new.pk).order_by("-pk").first()
        assert previous is not None
        assert new.pk > previous.pk


def test_failure_leaves_nothing_half_made_and_retry_works(db, django_capture_on_commit_callbacks):
    tenant = _request()
    with (
        mock.patch("core.accounts.services.account_create_first_admin", side_effect=RuntimeError("mất kết nối")),
        pytest.raises(RuntimeError),
    ):
        services.tenant_provision(tenant_id=tenant.pk)
    tenant.refresh_from_db()
    assert tenant.status == TenantStatus.FAILED
    assert "mất kết nối" in tenant.status_reason
    assert not schema_exists("gamma")
    assert PlatformAuditEvent.objects.filter(tenant_slug="gamma", action="tenant.failed").exists()

    with django_capture_on_commit_callbacks(execute=True):  # the retry enqueues the task; tests run it eagerly
        services.tenant_retry(tenant=tenant, actor="test")
    tenant.refresh_from_db()
    assert tenant.status == TenantStatus.READY
    assert schema_exists("gamma")


def test_stale_template_is_migrated_before_cloning(db):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE _template.audit_auditevent")
        cursor.execute("DELETE FROM _template.django_migrations WHERE app = 'audit'")
    tenant = services.tenant_provision(tenant_id=_request().pk)
    assert tenant.status == TenantStatus.READY
    with in_tenant(tenant):
        from core.audit.models import AuditEvent

        assert AuditEvent.objects.filter(action="account.first_admin_created").count() == 1


@pytest.mark.parametrize(
    ("start", "action", "allowed"),
    [
        ("ready", "suspend", True),
        ("ready", "archive", True),
        ("ready", "resume", False),
        ("suspended", "resume", True),
        ("suspended", "archive", True),
        ("suspended", "suspend", False),
        ("archived", "resume", True),
        ("archived", "suspend", False),
        ("provisioning", "suspend", False),
        ("failed", "archive", False),
    ],
)
def test_lifecycle_transitions(alpha, start, action, allowed):
    Tenant.objects.filter(pk=alpha.pk).update(status=start)
    alpha.refresh_from_db()
    fn = {
        "suspend": services.tenant_suspend,
        "archive": services.tenant_archive,
        "resume": services.tenant_resume,
    }[action]
    if allowed:
        fn(tenant=alpha, actor="test")
        assert PlatformAuditEvent.objects.filter(tenant_slug="alpha", actor="test").exists()
    else:
        with pytest.raises(ValidationError, match="Không thể chuyển"):
            fn(tenant=alpha, actor="test")


def test_delete_needs_typed_confirmation_and_a_non_ready_tenant(db):
    tenant = services.tenant_provision(tenant_id=_request().pk)
    with pytest.raises(ValidationError, match="tạm ngừng"):
        services.tenant_delete(tenant=tenant, actor="test", confirm_slug="gamma")
    services.tenant_archive(tenant=tenant, actor="test")
    with pytest.raises(ValidationError, match="Xác nhận không khớp"):
        services.tenant_delete(tenant=tenant, actor="test", confirm_slug="gama")
    assert schema_exists("gamma")
    services.tenant_delete(tenant=tenant, actor="test", confirm_slug="gamma")
    assert not schema_exists("gamma")
    assert not Tenant.objects.filter(schema_name="gamma").exists()
