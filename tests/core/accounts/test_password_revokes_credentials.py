"""Every way a password gets set revokes the account's API tokens and its other sessions.

One account holds an API token (a phone) and a web session (a browser). Each path below changes the password;
afterwards the token and that session must be dead. Paths where the holder changes their own password keep
the session (or, by API, the fresh token) they did it with.
"""

from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from core.accounts.models import ApiToken
from core.accounts.services import account_set_password, password_setup_path
from tests.conftest import PASSWORD, host
from tests.core.accounts.helpers import give_account, make_member, make_tree
from tests.helpers import in_tenant, web_login

NEW = "Hoa-sen-no-2026-moi"
PHONE = "0944444444"


@dataclass
class Holder:
    user: User
    member_id: int
    token: str
    browser: Client  # another device's web session
    own: Client  # the session the holder may use to change their own password
    kept: Client | None = None  # set by a path whose session must survive
    new_token: str = ""  # set by the API path: the token it hands back


def _client() -> Client:
    return Client(HTTP_HOST=host("alpha"))


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _token_works(token: str) -> bool:
    return _client().get("/api/v1/me/", headers=_bearer(token)).status_code == 200


def _session_works(client: Client) -> bool:
    return client.get("/api/v1/me/").status_code == 200


@pytest.fixture
def holder(alpha):
    with in_tenant(alpha):
        member = make_member(make_tree()["CB1"], "Đỗ Văn Hùng", phone=PHONE)
        user = give_account(member)
    login = _client().post("/api/v1/auth/token/", {"username": PHONE, "password": PASSWORD})
    browser, own = _client(), _client()
    web_login(browser, PHONE, PASSWORD)
    web_login(own, PHONE, PASSWORD)
    found = Holder(user=user, member_id=member.pk, token=login.json()["token"], browser=browser, own=own)
    assert _token_works(found.token) and _session_works(browser) and _session_works(own)
    return found


def _tenant_admin() -> Client:
    admin = _client()
    web_login(admin, "admin", PASSWORD)  # the tenant's first administrator (superuser, staff)
    return admin


# --- the paths --------------------------------------------------------------------------------------------------


def django_admin_sets_password(h: Holder, alpha: object) -> None:
    url = f"/quan-tri/auth/user/{h.user.pk}/password/"
    response = _tenant_admin().post(url, {"usable_password": "true", "password1": NEW, "password2": NEW})
    assert response["Location"] == f"/quan-tri/auth/user/{h.user.pk}/change/", response.content[:500]


def django_admin_disables_password(h: Holder, alpha: object) -> None:
    url = f"/quan-tri/auth/user/{h.user.pk}/password/"
    response = _tenant_admin().post(url, {"usable_password": "false", "unset-password": "1"})
    assert response["Location"] == f"/quan-tri/auth/user/{h.user.pk}/change/", response.content[:500]


def web_password_change_page(h: Holder, alpha: object) -> None:
    form = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    assert h.own.post("/tai-khoan/doi-mat-khau/", form).status_code == 302
    h.kept = h.own


def api_password_change_with_token(h: Holder, alpha: object) -> None:
    body = {"old_password": PASSWORD, "new_password": NEW}
    response = _client().post("/api/v1/auth/password/", body, content_type="application/json", headers=_bearer(h.token))
    assert response.status_code == 200
    h.new_token = response.json()["token"]


def api_password_change_with_session(h: Holder, alpha: object) -> None:
    body = {"old_password": PASSWORD, "new_password": NEW}
    assert h.own.post("/api/v1/auth/password/", body, content_type="application/json").status_code == 200
    h.kept = h.own


def admin_reset_page(h: Holder, alpha: object) -> None:
    assert _tenant_admin().post(f"/tai-khoan/dang-vien/{h.member_id}/dat-lai-mat-khau/").status_code == 200


def one_time_setup_link(h: Holder, alpha: object) -> None:
    with in_tenant(alpha):  # type: ignore[arg-type]
        path = password_setup_path(User.objects.get(pk=h.user.pk))  # fresh: the token covers last_login
    client = _client()
    form_page = client.get(path, follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302


def manage_py_changepassword(h: Holder, alpha: object) -> None:
    from django.contrib.auth.management.commands import changepassword

    with mock.patch.object(changepassword.Command, "_get_pass", return_value=NEW), in_tenant(alpha):  # type: ignore[arg-type]
        call_command("changepassword", h.user.username, stdout=mock.MagicMock())


def accounts_service(h: Holder, alpha: object) -> None:
    with in_tenant(alpha):  # type: ignore[arg-type]
        account_set_password(user=User.objects.get(pk=h.user.pk), password=NEW, actor=None)


def any_code_calling_set_password(h: Holder, alpha: object) -> None:
    with in_tenant(alpha):  # type: ignore[arg-type]
        user = User.objects.get(pk=h.user.pk)
        user.set_password(NEW)
        user.save()


def raw_update_of_the_hash(h: Holder, alpha: object) -> None:
    with in_tenant(alpha):  # type: ignore[arg-type]
        User.objects.filter(pk=h.user.pk).update(password=make_password(NEW))


PATHS: list[Callable[[Holder, object], None]] = [
    django_admin_sets_password,
    django_admin_disables_password,
    web_password_change_page,
    api_password_change_with_token,
    api_password_change_with_session,
    admin_reset_page,
    one_time_setup_link,
    manage_py_changepassword,
    accounts_service,
    any_code_calling_set_password,
    raw_update_of_the_hash,
]


@pytest.mark.parametrize("change", PATHS, ids=[p.__name__ for p in PATHS])
def test_a_password_change_revokes_tokens_and_other_sessions(holder, alpha, change):
    change(holder, alpha)
    assert not _token_works(holder.token), "the API token survived the password change"
    assert not _session_works(holder.browser), "another web session survived the password change"
    if holder.kept is not None:
        assert _session_works(holder.kept), "the session that changed its own password was logged out"
    if holder.new_token:
        assert _token_works(holder.new_token)


def test_a_refused_token_is_deleted_and_a_fresh_login_works(holder, alpha):
    any_code_calling_set_password(holder, alpha)
    assert not _token_works(holder.token)
    with in_tenant(alpha):
        assert not ApiToken.objects.filter(user_id=holder.user.pk).exists()
    login = _client().post("/api/v1/auth/token/", {"username": PHONE, "password": NEW})
    assert login.status_code == 201 and _token_works(login.json()["token"])


def test_saving_the_account_without_a_new_password_keeps_its_token(holder, alpha):
    with in_tenant(alpha):
        user = User.objects.get(pk=holder.user.pk)
        user.first_name = "Đỗ Văn Hùng (bí thư)"
        user.save()
    assert _token_works(holder.token) and _session_works(holder.browser)


def test_the_migration_marks_tokens_issued_before_it(holder, alpha):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("core.accounts.migrations.0003_apitoken_password_mark")
    with in_tenant(alpha):
        ApiToken.objects.filter(user_id=holder.user.pk).update(password_mark="")
    assert not _token_works(holder.token)  # an unmarked token is refused: fail closed
    login = _client().post("/api/v1/auth/token/", {"username": PHONE, "password": PASSWORD})
    with in_tenant(alpha):
        ApiToken.objects.filter(user_id=holder.user.pk).update(password_mark="")
        migration.mark_existing(apps, None)
    assert _token_works(login.json()["token"])
