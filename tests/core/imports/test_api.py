"""Imports API: upload with a token, follow the job; 404 without the permission or from another tenant."""

from django.core.files.uploadedfile import SimpleUploadedFile

from core.imports.models import ImportJob
from core.members.models import CommitteeSeat, Member
from tests.conftest import PASSWORD
from tests.core.imports.helpers import committee_csv, member_row, members_csv, seat_row
from tests.helpers import in_tenant


def token_for(client, username: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_upload_and_follow_a_job(tree, alpha, alpha_client, django_capture_on_commit_callbacks):
    auth = token_for(alpha_client, "admin")
    content = members_csv([member_row("01000001"), member_row("01000002", cell="NOPE")]).encode()
    payload = {"kind": "members", "mode": "valid_only", "file": SimpleUploadedFile("dv.csv", content)}
    with in_tenant(alpha), django_capture_on_commit_callbacks(execute=True):
        created = alpha_client.post("/api/v1/imports/", payload, **auth)
    assert created.status_code == 201, created.content
    job = alpha_client.get(f"/api/v1/imports/{created.json()['id']}/", **auth).json()
    assert (job["status"], job["inserted"], job["rejected"]) == ("done", 1, 1)
    assert job["first_errors"][0] == {
        "row": 3,
        "column": "Mã chi bộ",
        "value": "NOPE",
        "message": "Không tìm thấy chi bộ có mã “NOPE”.",
    }
    listing = alpha_client.get("/api/v1/imports/", **auth).json()
    assert [j["id"] for j in listing] == [job["id"]]
    with in_tenant(alpha):
        assert Member.objects.count() == 1


def test_bad_file_is_a_400_with_the_reason(tree, alpha, alpha_client):
    auth = token_for(alpha_client, "admin")
    payload = {"kind": "members", "file": SimpleUploadedFile("dv.csv", "Ma,Ánh\n".encode("cp1252"))}
    response = alpha_client.post("/api/v1/imports/", payload, **auth)
    assert response.status_code == 400 and "UTF-8" in response.json()["file"][0]


def test_without_permission_or_from_another_tenant_it_is_404(tree, alpha, alpha_client, beta_client):
    with in_tenant(alpha):
        job = ImportJob.objects.create(kind="members", original_filename="a.csv")
    member = token_for(alpha_client, "member_alpha")
    assert alpha_client.get("/api/v1/imports/", **member).status_code == 404
    assert alpha_client.get(f"/api/v1/imports/{job.pk}/", **member).status_code == 404
    beta_admin = token_for(beta_client, "admin")
    assert beta_client.get(f"/api/v1/imports/{job.pk}/", **beta_admin).status_code == 404


def test_the_openapi_schema_describes_the_endpoints(alpha_client):
    schema = alpha_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"/api/v1/imports/", "/api/v1/imports/{job_id}/"} <= set(schema["paths"])
    assert "multipart/form-data" in schema["paths"]["/api/v1/imports/"]["post"]["requestBody"]["content"]


def test_committee_seats_through_the_api_and_not_from_another_tenant(
    seat_members, alpha, alpha_client, beta_client, django_capture_on_commit_callbacks
):
    auth = token_for(alpha_client, "admin")
    content = committee_csv([seat_row("X1", "01000001"), seat_row("X1", "01000006")]).encode()
    payload = {"kind": "committee", "mode": "valid_only", "file": SimpleUploadedFile("cu.csv", content)}
    with in_tenant(alpha), django_capture_on_commit_callbacks(execute=True):
        created = alpha_client.post("/api/v1/imports/", payload, **auth)
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "committee"
    job = alpha_client.get(f"/api/v1/imports/{created.json()['id']}/", **auth).json()
    assert (job["status"], job["inserted"], job["rejected"]) == ("done", 1, 1)
    assert job["first_errors"][0]["row"] == 3 and "Từ trần" in job["first_errors"][0]["message"]
    with in_tenant(alpha):
        assert CommitteeSeat.objects.get().member.party_card_number == "01000001"
    beta_admin = token_for(beta_client, "admin")
    assert beta_client.get(f"/api/v1/imports/{job['id']}/", **beta_admin).status_code == 404
    assert beta_client.get("/api/v1/imports/", **beta_admin).json() == []


def test_an_unknown_kind_is_refused(tree, alpha_client):
    auth = token_for(alpha_client, "admin")
    payload = {"kind": "seats", "file": SimpleUploadedFile("cu.csv", b"a,b\n")}
    response = alpha_client.post("/api/v1/imports/", payload, **auth)
    assert response.status_code == 400 and "kind" in response.json()
