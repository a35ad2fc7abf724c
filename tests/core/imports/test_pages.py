"""Upload page end to end (task on commit, eager), job page and progress, error report; access and isolation."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from core.access.models import Role, RoleGrant
from core.imports.models import ImportJob, ImportStatus
from core.members.models import CommitteeSeat, Member
from tests.conftest import PASSWORD
from tests.core.imports.helpers import committee_csv, member_row, members_csv, seat_row
from tests.helpers import in_tenant, web_login


def upload(client, content: bytes, filename: str = "dang-vien.csv", **data):
    payload = {"kind": "members", "mode": "all_or_nothing", **data}
    payload["file"] = SimpleUploadedFile(filename, content, content_type="text/csv")
    return client.post("/nhap-du-lieu/tai-len/", payload)


@pytest.fixture
def admin_client(alpha_client):
    web_login(alpha_client, "admin", PASSWORD)
    return alpha_client


def test_upload_runs_the_import_and_shows_the_result(tree, alpha, admin_client, private_media,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    page = admin_client.get("/nhap-du-lieu/tai-len/").content.decode()
    assert "Nhập tệp mới" in page and "Chạy thử" in page
    content = members_csv([member_row("01000001"), member_row("01000002")]).encode()
    with in_tenant(alpha), django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(admin_client, content)
    enqueued = [c for c in callbacks if c.__qualname__.startswith("import_job_create")]  # besides storage counting
    assert response.status_code == 302 and len(enqueued) == 1
    job_url = response["Location"]
    with in_tenant(alpha):
        job = ImportJob.objects.get()
        assert job.created_by is not None and job.created_by.username == "admin"
        assert (job.status, job.inserted) == (ImportStatus.DONE, 2)
        assert Member.objects.count() == 2
        assert job.stored_path == ""  # the private copy is removed once imported
    assert not [p for p in private_media.rglob("*") if p.is_file()]
    assert job_url == f"/nhap-du-lieu/{job.pk}/"
    detail = admin_client.get(job_url).content.decode()
    assert 'data-testid="inserted">2<' in detail and "Hoàn tất" in detail
    progress = admin_client.get(f"{job_url}tien-do/").json()
    assert progress == {"status": "done", "status_display": "Hoàn tất", "progress": 100,
                        "label": job.progress_label, "finished": True}  # fmt: skip
    listing = admin_client.get("/nhap-du-lieu/").content.decode()
    assert "dang-vien.csv" in listing and f'href="/nhap-du-lieu/{job.pk}/"' in listing


def test_a_queued_job_shows_a_progress_bar_that_polls(tree, alpha, admin_client):
    content = members_csv([member_row("01000001")]).encode()
    response = upload(admin_client, content)  # on_commit never fires inside the test transaction
    detail = admin_client.get(response["Location"]).content.decode()
    assert "data-import-progress-url" in detail and "<progress" in detail and "js/imports.js" in detail
    assert admin_client.get(response["Location"] + "tien-do/").json()["finished"] is False


def test_errors_are_listed_and_downloadable_as_csv(tree, alpha, admin_client, django_capture_on_commit_callbacks):
    content = members_csv([member_row("01000001", phone="12345"), member_row("01000002", cell="=HYPERLINK()")])
    with in_tenant(alpha), django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, content.encode())
    detail = admin_client.get(response["Location"]).content.decode()
    assert "Không thành công" in detail and "Số điện thoại phải gồm 10 chữ số" in detail
    report = admin_client.get(response["Location"] + "bao-cao-loi.csv")
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    assert "attachment" in report["Content-Disposition"]
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Dòng,Cột,Giá trị,Lỗi"
    assert lines[1].startswith("2,Điện thoại,12345,")
    assert lines[2].startswith("3,Mã chi bộ,'=HYPERLINK()")  # formula injection guard
    with in_tenant(alpha):
        assert not Member.objects.exists()


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("dang-vien.xls", b"\xd0\xcf\x11\xe0", "Excel 97-2003"),
        ("dang-vien.pdf", b"%PDF-1.4", "Chỉ nhận tệp .csv hoặc .xlsx"),
        ("dang-vien.csv", "Số thẻ đảng;Họ tên\n".encode("utf-16"), "UTF-16"),
        ("dang-vien.csv", "Ma,Ten\n01,Ánh\n".encode("cp1252"), "không ở mã UTF-8"),
    ],
)
def test_bad_files_get_a_vietnamese_error_and_keep_the_choices(tree, alpha, admin_client, filename, content, message):
    response = upload(admin_client, content, filename, kind="org", mode="valid_only", dry_run="on")
    body = response.content.decode()
    assert response.status_code == 400 and message in body
    for name, value in (("kind", "org"), ("mode", "valid_only"), ("dry_run", None)):
        checked = rf'<input type="(radio|checkbox)" name="{name}"[^>]*{f'value="{value}"' if value else ""}[^>]*checked'
        assert re.search(checked, body), name
    with in_tenant(alpha):
        assert not ImportJob.objects.exists()


PAGES = ["/nhap-du-lieu/", "/nhap-du-lieu/tai-len/", "/nhap-du-lieu/{id}/", "/nhap-du-lieu/{id}/tien-do/",
         "/nhap-du-lieu/{id}/bao-cao-loi.csv"]  # fmt: skip


@pytest.fixture
def alpha_job(tree, alpha):
    with in_tenant(alpha):
        return ImportJob.objects.create(
            kind="members",
            original_filename="bi-mat-alpha.csv",
            status=ImportStatus.FAILED,
            errors=[{"row": 2, "column": "Họ và tên", "value": "Bí mật Alpha", "message": "x"}],
            error_count=1,
        )


@pytest.mark.parametrize("page", PAGES)
def test_members_without_the_import_permission_get_404(alpha, alpha_client, alpha_job, page):
    web_login(alpha_client, "member_alpha", PASSWORD)
    assert alpha_client.get(page.format(id=alpha_job.pk)).status_code == 404


def test_a_role_with_imports_run_opens_the_pages_and_a_secretary_does_not(tree, alpha, alpha_client, alpha_job):
    with in_tenant(alpha):
        user = get_user_model().objects.get(username="member_alpha")
        grant = RoleGrant.objects.create(user=user, role=Role.CELL_SECRETARY, unit=tree["CB1"])
    web_login(alpha_client, "member_alpha", PASSWORD)
    assert alpha_client.get("/nhap-du-lieu/").status_code == 404
    with in_tenant(alpha):
        grant.role = Role.ORG_DEPARTMENT
        grant.save()
    for page in PAGES:
        assert alpha_client.get(page.format(id=alpha_job.pk)).status_code == 200, page


def test_anonymous_visitors_are_sent_to_login(alpha_client, alpha_job):
    response = alpha_client.get(f"/nhap-du-lieu/{alpha_job.pk}/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("page", PAGES[2:])
def test_another_tenants_job_ids_are_not_found(beta, beta_client, alpha_job, page):
    with in_tenant(beta):
        assert not ImportJob.objects.filter(pk=alpha_job.pk).exists()
    web_login(beta_client, "admin", PASSWORD)
    response = beta_client.get(page.format(id=alpha_job.pk))
    assert response.status_code == 404
    assert "Bí mật Alpha" not in response.content.decode() and "bi-mat-alpha" not in response.content.decode()
    assert "bi-mat-alpha" not in beta_client.get("/nhap-du-lieu/").content.decode()


def test_the_import_task_needs_a_tenant_and_never_touches_another(alpha, beta, tree):
    from core.imports.models import ImportJob, ImportStatus
    from core.imports.tasks import run_import_job
    from core.tasks import TenantRequired

    with in_tenant(alpha):
        job = ImportJob.objects.create(kind="members", original_filename="a.csv", status=ImportStatus.QUEUED)
    with pytest.raises(TenantRequired):
        run_import_job.delay(job.pk)  # enqueued from the public schema
    with in_tenant(beta):
        assert run_import_job.delay(job.pk).get() == "missing"  # beta has no such job; alpha's is untouched
    with in_tenant(alpha):
        assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.QUEUED


def test_committee_seats_are_imported_from_the_page_and_hidden_from_another_tenant(
    seat_members, alpha, admin_client, beta_client, django_capture_on_commit_callbacks
):
    page = admin_client.get("/nhap-du-lieu/tai-len/").content.decode()
    assert 'value="committee"' in page and "Cấp ủy viên" in page and "Chức vụ" in page
    content = committee_csv([seat_row("X1", "01000001"), seat_row("X1", "01000003", "Phó Bí thư")]).encode()
    with in_tenant(alpha), django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, content, "cap-uy.csv", kind="committee")
    assert response.status_code == 302
    with in_tenant(alpha):
        job = ImportJob.objects.get()
        assert (job.kind, job.status, job.inserted) == ("committee", ImportStatus.DONE, 2)
        assert CommitteeSeat.objects.filter(unit__code="X1", ended_on=None).count() == 2
    detail = admin_client.get(response["Location"]).content.decode()
    assert "Cấp ủy viên" in detail and 'data-testid="inserted">2<' in detail
    assert "cap-uy.csv" in admin_client.get("/nhap-du-lieu/").content.decode()
    web_login(beta_client, "admin", PASSWORD)
    for page in PAGES[2:]:
        assert beta_client.get(page.format(id=job.pk)).status_code == 404, page
    assert "cap-uy.csv" not in beta_client.get("/nhap-du-lieu/").content.decode()
