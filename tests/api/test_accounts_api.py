"""Accounts API: login by phone/card, restricted tokens, password change, refresh, devices, me/profile,
me/cell, bulk issuance — and every new endpoint across tenants."""

import pytest
from django.contrib.auth.models import User

from core.access.models import RoleGrant
from core.accounts.models import AccountState, ApiToken, Device
from core.members.models import Member
from tests.conftest import PASSWORD
from tests.core.accounts.helpers import give_account, make_member, make_tree, make_user
from tests.helpers import in_tenant

NEW_PASSWORD = "Sen-hong-2026-que-toi"


@pytest.fixture
def org(alpha):
    with in_tenant(alpha):
        tree = make_tree()
        lan = make_member(tree["CB1"], "Phạm Thị Lan", phone="0944444444", citizen_id="036190000001")
        lan_user = give_account(lan)
        binh = make_member(tree["CB1"], "Trần Văn Bình", phone="0955555555", citizen_id="036190000002")
        binh_user = give_account(binh)
        make_member(tree["CB1"], "Lê Văn Đã Chuyển", status="transferred_out")
        make_member(tree["CB2"], "Hoàng Văn Đoài")
        newcomer = make_member(tree["CB1"], "Ngô Thị Mới", phone="0966666666")
        give_account(newcomer, must_change=True)
        RoleGrant.objects.create(user=binh_user, role="cell_secretary", unit=tree["CB1"])
        make_user("pho_bi_thu", role="cell_deputy", unit=tree["CB1"], first_name="Đinh Văn Phó")
        make_user("bithu_cb2", role="cell_secretary", unit=tree["CB2"])
    return {"tree": tree, "lan": lan, "lan_user": lan_user, "binh": binh, "newcomer": newcomer}


def _token(client, username, password=PASSWORD):
    response = client.post("/api/v1/auth/token/", {"username": username, "password": password, "device": "Máy Lan"})
    assert response.status_code == 201, response.content
    return response.json()


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


# --- login -----------------------------------------------------------------------------------------------------


def test_token_login_by_phone_and_by_card(alpha_client, org):
    by_phone = _token(alpha_client, "0944 444 444")
    by_card = _token(alpha_client, org["lan"].party_card_number)
    for body in (by_phone, by_card):
        assert body["password_change_required"] is False
        me = alpha_client.get("/api/v1/me/", **_auth(body["token"])).json()
        assert me["username"] == org["lan"].party_card_number


def test_wrong_password_by_phone_is_401(alpha_client, org):
    response = alpha_client.post("/api/v1/auth/token/", {"username": "0944444444", "password": "sai"})
    assert response.status_code == 401 and "không đúng" in response.json()["detail"]


# --- forced password change ------------------------------------------------------------------------------------


def test_restricted_token_until_the_password_is_changed(alpha, alpha_client, org):
    body = _token(alpha_client, "0966666666")
    assert body["password_change_required"] is True
    auth = _auth(body["token"])
    for path in ("/api/v1/me/", "/api/v1/me/profile/", "/api/v1/me/cell/"):
        refused = alpha_client.get(path, **auth)
        assert refused.status_code == 403
        assert refused.json()["code"] == "password_change_required"
        assert "đổi mật khẩu" in refused.json()["detail"]
    device = {"kind": "android", "device_id": "abcdefgh"}
    assert alpha_client.post("/api/v1/devices/", device, **auth).status_code == 403
    assert alpha_client.post("/api/v1/auth/refresh/", **auth).status_code == 403

    weak = alpha_client.post("/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": "12345678"}, **auth)
    assert weak.status_code == 400 and "new_password" in weak.json()
    wrong = alpha_client.post("/api/v1/auth/password/", {"old_password": "sai", "new_password": NEW_PASSWORD}, **auth)
    assert wrong.status_code == 400 and "old_password" in wrong.json()
    changed = alpha_client.post(
        "/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": NEW_PASSWORD}, **auth
    )
    assert changed.status_code == 200
    fresh = changed.json()["token"]
    assert fresh and fresh != body["token"]
    assert alpha_client.get("/api/v1/me/", **auth).status_code == 401  # the restricted token is gone
    assert alpha_client.get("/api/v1/me/profile/", **_auth(fresh)).json()["full_name"] == "Ngô Thị Mới"
    with in_tenant(alpha):
        user = User.objects.get(pk=org["newcomer"].user_id)
        assert user.check_password(NEW_PASSWORD)
        assert not AccountState.objects.get(pk=user.pk).must_change_password
        assert ApiToken.objects.get(user=user).label == "Máy Lan"


def test_logout_works_with_a_restricted_token(alpha, alpha_client, org):
    token = _token(alpha_client, "0966666666")["token"]
    assert alpha_client.post("/api/v1/auth/logout/", **_auth(token)).status_code == 204
    with in_tenant(alpha):
        assert not ApiToken.objects.filter(user_id=org["newcomer"].user_id).exists()


# --- refresh ---------------------------------------------------------------------------------------------------


def test_refresh_rotates_the_token(alpha, alpha_client, org):
    old = _token(alpha_client, "0944444444")["token"]
    response = alpha_client.post("/api/v1/auth/refresh/", **_auth(old))
    assert response.status_code == 201
    new = response.json()["token"]
    assert new != old and new.startswith("st_alpha_")
    assert alpha_client.get("/api/v1/me/", **_auth(old)).status_code == 401
    assert alpha_client.get("/api/v1/me/", **_auth(new)).status_code == 200
    with in_tenant(alpha):
        assert ApiToken.objects.filter(user=org["lan_user"]).count() == 1


def test_refresh_needs_a_token_not_a_session(alpha_client, org):
    alpha_client.post("/dang-nhap/", {"username": "0944444444", "password": PASSWORD})
    assert alpha_client.post("/api/v1/auth/refresh/").status_code == 400


# --- devices ---------------------------------------------------------------------------------------------------


def test_device_registration_is_idempotent_and_sets_first_install(alpha, alpha_client, org):
    auth = _auth(_token(alpha_client, "0944444444")["token"])
    payload = {"kind": "android", "device_id": "a1b2c3d4e5", "label": "Samsung A12"}
    first = alpha_client.post("/api/v1/devices/", payload, **auth)
    assert first.status_code == 201 and first.json()["created"] is True
    again = alpha_client.post("/api/v1/devices/", payload, **auth)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    with in_tenant(alpha):
        assert Device.objects.filter(user=org["lan_user"]).count() == 1
        installed = AccountState.objects.get(pk=org["lan_user"].pk).first_install_at
        assert installed is not None
    other = alpha_client.post("/api/v1/devices/", {"kind": "ios", "device_id": "ipad-00001"}, **auth)
    assert other.status_code == 201
    with in_tenant(alpha):
        assert AccountState.objects.get(pk=org["lan_user"].pk).first_install_at == installed
    bad = alpha_client.post("/api/v1/devices/", {"kind": "nokia", "device_id": "x"}, **auth)
    assert bad.status_code == 400 and {"kind", "device_id"} <= set(bad.json())
    assert alpha_client.post("/api/v1/devices/", payload).status_code == 401


# --- me --------------------------------------------------------------------------------------------------------


def test_my_profile_includes_my_citizen_id_and_cell(alpha_client, org):
    auth = _auth(_token(alpha_client, "0944444444")["token"])
    body = alpha_client.get("/api/v1/me/profile/", **auth).json()
    assert body["full_name"] == "Phạm Thị Lan" and body["citizen_id"] == "036190000001"
    assert body["cell"] == {"id": org["tree"]["CB1"].pk, "code": "CB1", "name": "Chi bộ thôn Đông"}


def test_profile_of_an_account_without_member_is_404(alpha_client):
    auth = _auth(_token(alpha_client, "member_alpha")["token"])
    response = alpha_client.get("/api/v1/me/profile/", **auth)
    assert response.status_code == 404 and "hồ sơ" in response.json()["detail"]


def test_my_cell_lists_names_only(alpha_client, org):
    auth = _auth(_token(alpha_client, "0944444444")["token"])
    body = alpha_client.get("/api/v1/me/cell/", **auth).json()
    assert body["code"] == "CB1" and body["name"] == "Chi bộ thôn Đông"
    assert body["leaders"] == [
        {"role": "Bí thư chi bộ", "name": "Trần Văn Bình"},
        {"role": "Phó bí thư chi bộ", "name": "Đinh Văn Phó"},
    ]
    names = [m["full_name"] for m in body["members"]]
    assert names == ["Ngô Thị Mới", "Phạm Thị Lan", "Trần Văn Bình"]  # active members, by name
    assert body["member_count"] == 3
    raw = str(body)
    assert "036190000002" not in raw and "0955555555" not in raw
    assert all(set(m) == {"id", "full_name"} for m in body["members"])


# --- bulk issuance ---------------------------------------------------------------------------------------------


def test_issue_api_returns_a_task_and_its_progress(alpha, alpha_client, org, django_capture_on_commit_callbacks):
    auth = _auth(_token(alpha_client, "admin")["token"])
    with django_capture_on_commit_callbacks(execute=True):
        started = alpha_client.post("/api/v1/accounts/issue/", {"unit": "XA1"}, **auth)
    assert started.status_code == 202
    task_id = started.json()["task_id"]
    progress = alpha_client.get(f"/api/v1/accounts/issue/{task_id}/", **auth).json()
    assert progress["state"] == "done" and progress["issued"] == 1 and progress["percent"] == 100
    assert "password" not in str(progress)
    with in_tenant(alpha):
        assert Member.objects.get(full_name="Hoàng Văn Đoài").user is not None
    other = _auth(_token(alpha_client, "0955555555")["token"])  # a secretary, but not the one who started it
    assert alpha_client.get(f"/api/v1/accounts/issue/{task_id}/", **other).status_code == 404


def test_issue_api_is_scoped(alpha, alpha_client, org, django_capture_on_commit_callbacks):
    auth = _auth(_token(alpha_client, "0955555555")["token"])  # secretary of CB1
    with django_capture_on_commit_callbacks(execute=True):
        assert alpha_client.post("/api/v1/accounts/issue/", {"unit": "CB2"}, **auth).status_code == 404
        assert alpha_client.post("/api/v1/accounts/issue/", {"unit": "NOPE"}, **auth).status_code == 404
        nothing = alpha_client.post("/api/v1/accounts/issue/", {"unit": "CB1"}, **auth)
    assert nothing.status_code == 400  # every active CB1 member already has an account
    with in_tenant(alpha):
        assert Member.objects.get(full_name="Hoàng Văn Đoài").user is None
    member = _auth(_token(alpha_client, "0944444444")["token"])
    assert alpha_client.post("/api/v1/accounts/issue/", {"unit": "CB1"}, **member).status_code == 404


# --- across tenants --------------------------------------------------------------------------------------------

NEW_ENDPOINTS = [
    ("post", "/api/v1/auth/refresh/", {}),
    ("post", "/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": NEW_PASSWORD}),
    ("post", "/api/v1/devices/", {"kind": "android", "device_id": "a1b2c3d4e5"}),
    ("get", "/api/v1/me/profile/", None),
    ("get", "/api/v1/me/cell/", None),
    ("post", "/api/v1/accounts/issue/", {"unit": "CB1"}),
    ("get", "/api/v1/accounts/issue/0123456789abcdef0123456789abcdef/", None),
]


@pytest.mark.parametrize(("method", "path", "data"), NEW_ENDPOINTS)
def test_alpha_token_on_beta_host_is_401(alpha, beta, alpha_client, beta_client, org, method, path, data):
    token = _token(alpha_client, "0944444444")["token"]
    call = getattr(beta_client, method)
    response = call(path, data, **_auth(token)) if data is not None else call(path, **_auth(token))
    assert response.status_code == 401
    with in_tenant(beta):
        assert not Device.objects.exists()
    with in_tenant(alpha):
        assert not Device.objects.exists()
        assert User.objects.get(pk=org["lan_user"].pk).check_password(PASSWORD)


def test_restricted_alpha_token_on_beta_is_401_not_403(alpha_client, beta_client, org):
    token = _token(alpha_client, "0966666666")["token"]
    assert beta_client.get("/api/v1/me/profile/", **_auth(token)).status_code == 401


def test_alpha_members_never_appear_in_beta_lists(beta, alpha_client, beta_client, org):
    with in_tenant(beta):
        tree = make_tree()
        beta_member = make_member(tree["CB1"], "Beta Đảng Viên", phone="0944444444")
        give_account(beta_member)
    token = _token(beta_client, "0944444444")["token"]  # same phone, different tenant, different person
    profile = beta_client.get("/api/v1/me/profile/", **_auth(token)).json()
    assert profile["full_name"] == "Beta Đảng Viên"
    cell = beta_client.get("/api/v1/me/cell/", **_auth(token)).json()
    assert [m["full_name"] for m in cell["members"]] == ["Beta Đảng Viên"]
    assert "Phạm Thị Lan" not in str(cell) and "Trần Văn Bình" not in str(cell)


def test_schema_describes_the_accounts_endpoints(alpha_client):
    schema = alpha_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/auth/refresh/", "/api/v1/auth/password/", "/api/v1/devices/", "/api/v1/me/profile/"):
        assert path in schema["paths"]
    assert schema["paths"]["/api/v1/me/cell/"]["get"]["summary"].startswith("Chi bộ của tôi")
    assert schema["paths"]["/api/v1/devices/"]["post"]["summary"]
