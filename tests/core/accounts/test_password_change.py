"""First login forces a password change (web redirect, API 403 for session users); the change itself."""

import pytest
from django.contrib.auth.models import User

from core.accounts.models import AccountState, ApiToken
from core.accounts.tokens import token_issue
from core.audit.models import AuditEvent
from tests.conftest import PASSWORD
from tests.core.accounts.helpers import give_account, make_member, make_tree
from tests.helpers import in_tenant

NEW_PASSWORD = "Sen-hong-2026-que-toi"


@pytest.fixture
def newcomer(alpha):
    with in_tenant(alpha):
        tree = make_tree()
        member = make_member(tree["CB1"], "Phạm Thị Lan", phone="0933333333")
        user = give_account(member, must_change=True)
    return user


def _login(client):
    response = client.post("/dang-nhap/", {"username": "0933333333", "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_first_login_redirects_everything_to_the_change_page(alpha_client, newcomer):
    _login(alpha_client)
    home = alpha_client.get("/")
    assert home.status_code == 302 and home["Location"] == "/tai-khoan/doi-mat-khau/?next=/"
    profile = alpha_client.get("/dang-vien/cua-toi/")
    assert profile.status_code == 302 and profile["Location"].startswith("/tai-khoan/doi-mat-khau/")
    assert alpha_client.post("/tai-khoan/cap-tai-khoan/", {"unit": "CB1"}).status_code == 302
    page = alpha_client.get("/tai-khoan/doi-mat-khau/?next=/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Đổi mật khẩu" in body and 'data-testid="forced"' in body and "Mật khẩu hiện tại" in body


def test_health_static_and_logout_stay_reachable(alpha_client, newcomer):
    _login(alpha_client)
    assert alpha_client.get("/healthz").status_code == 200
    assert alpha_client.get("/manifest.webmanifest").status_code == 200
    assert alpha_client.get("/sw.js").status_code == 200
    logout = alpha_client.post("/dang-xuat/")
    assert logout.status_code == 302 and "doi-mat-khau" not in logout["Location"]
    assert alpha_client.get("/").status_code == 200  # anonymous now


def test_session_api_calls_get_403_with_code(alpha_client, newcomer):
    _login(alpha_client)
    response = alpha_client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert "đổi mật khẩu" in response.json()["detail"]


def test_changing_the_password_lifts_the_block(alpha, alpha_client, newcomer):
    with in_tenant(alpha):
        _, raw = token_issue(user=newcomer, label="điện thoại cũ", restricted=True)
    _login(alpha_client)
    wrong = alpha_client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "next": "/"},
    )
    assert wrong.status_code == 200 and "Mật khẩu hiện tại không đúng" in wrong.content.decode()
    same = alpha_client.post(
        "/tai-khoan/doi-mat-khau/", {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert same.status_code == 200 and "phải khác" in same.content.decode()
    done = alpha_client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "next": "/"},
    )
    assert done.status_code == 302 and done["Location"] == "/"
    home = alpha_client.get("/")
    assert home.status_code == 200 and "Xin chào" in home.content.decode()  # session kept
    with in_tenant(alpha):
        assert not AccountState.objects.get(pk=newcomer.pk).must_change_password
        assert User.objects.get(pk=newcomer.pk).check_password(NEW_PASSWORD)
        assert not ApiToken.objects.filter(user=newcomer).exists()
        event = AuditEvent.objects.get(action="account.password_changed")
        assert event.actor_id == newcomer.pk and event.changes == {"tokens_revoked": 1}
    assert alpha_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_next_is_not_an_open_redirect(alpha_client, newcomer):
    _login(alpha_client)
    done = alpha_client.post(
        "/tai-khoan/doi-mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/"


def test_voluntary_change_without_the_flag(alpha, alpha_client):
    alpha_client.post("/dang-nhap/", {"username": "member_alpha", "password": PASSWORD})
    assert alpha_client.get("/").status_code == 200
    page = alpha_client.get("/tai-khoan/doi-mat-khau/").content.decode()
    assert 'data-testid="forced"' not in page
    change = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    done = alpha_client.post("/tai-khoan/doi-mat-khau/", change)
    assert done.status_code == 302
    with in_tenant(alpha):
        assert User.objects.get(username="member_alpha").check_password(NEW_PASSWORD)


def test_change_page_requires_login(alpha_client):
    response = alpha_client.get("/tai-khoan/doi-mat-khau/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
