"""The audit log: append-only in the model and in the database (also in a tenant made by the clone), paging
beyond 200 entries with the filters kept, the CSV export of the filtered log, and the auditors' API."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.utils import DatabaseError

from core.access.models import Role, RoleGrant
from core.audit.models import AppendOnlyError, AuditEvent
from core.audit.services import audit_record
from core.members.status import StatusInput, member_status_change
from tests.conftest import PASSWORD
from tests.factories.org import build_tree, user_with
from tests.helpers import in_tenant, web_login


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def test_the_model_refuses_every_change(tree):
    entry = AuditEvent.objects.filter(action="org.unit_created").first()
    assert entry is not None
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=entry.pk).delete()
    assert AuditEvent.objects.get(pk=entry.pk).action == "org.unit_created"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'forged'",
        "UPDATE audit_auditevent SET changes = '{}'::jsonb",
        "UPDATE audit_auditevent SET actor_id = NULL, action = 'forged'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
    ],
)
def test_the_database_refuses_updates_and_deletes_from_any_client(tree, sql):
    """alpha was made by the clone of the template: the trigger came with it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no pending foreign-key checks
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(sql)
    assert AuditEvent.objects.filter(action="forged").count() == 0
    assert AuditEvent.objects.count() > 0


def test_deleting_an_account_forgets_the_link_and_keeps_the_entry(tree):
    temp = user_with("tam_thoi", (Role.ORG_DEPARTMENT, tree.root))
    entry = audit_record(actor=temp, action="member.updated", target=tree.members["X"][0], changes={"phone": {}})
    temp.delete()
    entry = AuditEvent.objects.get(pk=entry.pk)
    assert entry.actor_id is None and entry.action == "member.updated"


def test_redaction_needs_the_migrations_explicit_setting(tree):
    entry = AuditEvent.objects.first()
    assert entry is not None
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET changes = '{}'::jsonb WHERE id = %s", [entry.pk])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL sotay.audit_redaction = 'on'")
        cursor.execute('UPDATE audit_auditevent SET changes = \'{"x": "••••••"}\'::jsonb WHERE id = %s', [entry.pk])
        with pytest.raises(DatabaseError), transaction.atomic():  # even then: nothing but `changes`
            cursor.execute("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [entry.pk])


def _many_entries(tree, n: int) -> None:
    btc, cell = tree.users["btc"], tree.x
    for i in range(n):
        audit_record(
            actor=btc,
            action="member.smartphone_set",
            target=tree.members["X"][i % 3],
            unit=cell,
            changes={"has_smartphone": {"from": True, "to": bool(i % 2)}},
        )
    audit_record(actor=btc, action="member.smartphone_set", target=tree.members["Z"][0], unit=tree.z, changes={})


def test_paging_goes_beyond_200_entries_and_keeps_the_filters(tree, alpha_client):
    _many_entries(tree, 260)
    web_login(alpha_client, "btc", PASSWORD)
    query = "unit=X&action=member.smartphone_set"
    kept = query.replace("&", "&amp;")  # the links carry the same filters
    first = alpha_client.get(f"/nhat-ky/?{query}").content.decode()
    assert first.count('class="audit-entry"') == 50 and f'href="?{kept}&amp;page=2"' in first
    last = alpha_client.get(f"/nhat-ky/?{query}&page=6").content.decode()
    assert last.count('class="audit-entry"') == 10 and "page=7" not in last and f"?{kept}&amp;page=5" in last
    assert "Chi bộ thôn Trung" not in first + last  # Z's entry is filtered out on every page
    seen = sum(
        alpha_client.get(f"/nhat-ky/?{query}&page={n}").content.decode().count('class="audit-entry"')
        for n in range(1, 7)
    )
    assert seen == 260


def test_bad_filters_are_explained_and_kept(tree, alpha_client):
    web_login(alpha_client, "btc", PASSWORD)
    body = alpha_client.get("/nhat-ky/?unit=KHONGCO&day_from=31/12/2026&day_to=01/01/2026").content.decode()
    assert "Không có tổ chức với mã này." in body and 'value="KHONGCO"' in body
    assert "Đến ngày không được trước từ ngày." in body


def test_csv_export_follows_the_filters_and_the_scope(tree, alpha_client):
    _many_entries(tree, 5)
    web_login(alpha_client, "admin_d1", PASSWORD)  # district D1: sees X's entries, not Z's
    response = alpha_client.get("/nhat-ky/nhat-ky.csv?action=member.smartphone_set")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Thời gian", "Người thực hiện", "Thay cho", "Thao tác", "Nội dung"]
    assert len(rows) == 1 + 5 and all(r[5] == "Chi bộ thôn Đông" for r in rows[1:])
    assert rows[1][1] == "Cán bộ Ban tổ chức btc" and "điện thoại thông minh" in rows[1][4]
    web_login(alpha_client, "sec_x", PASSWORD)  # no AUDIT_VIEW
    assert alpha_client.get("/nhat-ky/nhat-ky.csv").status_code == 404
    assert alpha_client.get("/nhat-ky/").status_code == 404


def test_auditors_api_is_scoped_filtered_and_paged_by_cursor(tree, alpha_client):
    _many_entries(tree, 7)
    inspector = User.objects.create_user("kiemtra", password=PASSWORD)
    RoleGrant.objects.create(user=inspector, role=Role.INSPECTION, unit=tree.d1)
    web_login(alpha_client, "kiemtra", PASSWORD)
    page = alpha_client.get("/api/v1/audit/events/?action=member.smartphone_set&limit=5").json()
    assert len(page["results"]) == 5 and page["next_before"] == page["results"][-1]["id"]
    rest = alpha_client.get(f"/api/v1/audit/events/?action=member.smartphone_set&before={page['next_before']}").json()
    assert len(rest["results"]) == 2 and rest["next_before"] is None  # Z (district D2) is not in D1's scope
    entry = page["results"][0]
    assert entry["actor"] == "Cán bộ Ban tổ chức btc" and entry["unit"] == "Chi bộ thôn Đông"
    assert entry["sentence"].startswith("Cán bộ Ban tổ chức btc ghi đồng chí")
    bad = alpha_client.get("/api/v1/audit/events/?unit=KHONGCO")
    assert bad.status_code == 400 and "unit" in bad.json()["field_errors"]
    web_login(alpha_client, "sec_x", PASSWORD)
    assert alpha_client.get("/api/v1/audit/events/").status_code == 404


def test_inspection_committee_reads_but_writes_nothing(tree, alpha_client):
    inspector = User.objects.create_user("kiemtra", password=PASSWORD)
    RoleGrant.objects.create(user=inspector, role=Role.INSPECTION, unit=tree.root)
    member = tree.members["Y"][0]
    with pytest.raises(PermissionDenied):
        member_status_change(member=member, data=StatusInput(event="deceased", on=member.admitted_on), actor=inspector)
    web_login(alpha_client, "kiemtra", PASSWORD)
    assert alpha_client.get(f"/dang-vien/{member.pk}/").status_code == 200
    assert alpha_client.get("/nhat-ky/").status_code == 200
    assert alpha_client.get(f"/dang-vien/{member.pk}/sua/").status_code == 404
