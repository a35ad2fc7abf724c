"""Bulk issuance: scope, what is created, progress, slips shown once, the Celery path, limits."""

import re
from unittest import mock

import pytest
from django.contrib.auth.models import User

from core.accounts.activation import code_digest, new_code, normalise
from core.accounts.bulk_issue import bulk_issue_batch
from core.accounts.issuance import PASSWORD_ALPHABET, initial_password, issuance_candidates
from core.accounts.models import AccountState
from core.audit.models import AuditEvent
from core.members.models import Member
from tests.conftest import PASSWORD
from tests.core.accounts.helpers import give_account, make_member, make_tree, make_user
from tests.helpers import in_tenant, web_login


@pytest.fixture
def org(alpha):
    """CB1: 3 members without account (one without smartphone), 1 with account, 1 transferred out; CB2: 2."""
    with in_tenant(alpha):
        tree = make_tree()
        cb1 = [
            make_member(tree["CB1"], "Nguyễn Văn An"),
            make_member(tree["CB1"], "Trần Thị Bình"),
            make_member(tree["CB1"], "Lê Văn Cụ", has_smartphone=False),
        ]
        had = make_member(tree["CB1"], "Đỗ Văn Có")
        give_account(had)
        gone = make_member(tree["CB1"], "Vũ Văn Đi", status="transferred_out")
        cb2 = [make_member(tree["CB2"], "Phạm Văn Đoài"), make_member(tree["CB2"], "Hoàng Thị Đoài")]
        sec1 = make_user("bithu_cb1", role="cell_secretary", unit=tree["CB1"])
        sec2 = make_user("bithu_cb2", role="cell_secretary", unit=tree["CB2"])
    return {"tree": tree, "cb1": cb1, "had": had, "gone": gone, "cb2": cb2, "sec1": sec1, "sec2": sec2}


def test_initial_passwords_are_easy_to_read():
    samples = {initial_password() for _ in range(500)}
    assert len(samples) == 500
    for value in samples:
        assert len(value) == 8 and set(value) <= set(PASSWORD_ALPHABET)
        assert not set(value) & set("0O1lI")
        assert any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


def test_candidates_are_limited_to_the_actors_scope(alpha, org):
    with in_tenant(alpha):
        xa1 = org["tree"]["XA1"]
        mine = set(issuance_candidates(xa1, org["sec1"]).values_list("full_name", flat=True))
        assert mine == {"Nguyễn Văn An", "Trần Thị Bình"}
        with_no_phone = issuance_candidates(xa1, org["sec1"], include_without_smartphone=True)
        assert set(with_no_phone.values_list("full_name", flat=True)) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cụ"}
        admin = User.objects.get(username="admin")
        assert issuance_candidates(xa1, admin).count() == 4


def _issue(client, unit, capture, **extra):
    with capture(execute=True):
        response = client.post("/tai-khoan/cap-tai-khoan/", {"unit": unit, **extra})
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def test_secretary_issues_for_own_cell_and_sees_the_slips_once(
    alpha, alpha_client, org, django_capture_on_commit_callbacks
):
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    page = alpha_client.get("/tai-khoan/cap-tai-khoan/").content.decode()  # their only unit is preselected
    assert "Chi bộ thôn Đông" in page and 'data-testid="without-account">3<' in page

    job_url = _issue(alpha_client, "CB1", django_capture_on_commit_callbacks)
    assert re.fullmatch(r"/tai-khoan/cap-tai-khoan/[0-9a-f]{32}/", job_url)
    job_page = alpha_client.get(job_url).content.decode()
    assert (
        "Đã cấp 2 tài khoản" in job_page
        and "Xem và in tất cả phiếu" in job_page
        and 'data-testid="job-cells"' in job_page
    )
    progress = alpha_client.get(f"{job_url}tien-do/").json()
    assert progress["progress"] == 100 and progress["status"] == "done"

    slips = alpha_client.post(f"{job_url}phieu/")
    assert slips.status_code == 200 and slips["Cache-Control"] == "no-store"
    html = slips.content.decode()
    passwords = dict(re.findall(r'data-testid="slip-username">(\w+)</strong>.*?data-password="([\w-]+)"', html, re.S))
    cards = {m.party_card_number for m in org["cb1"][:2]}
    assert set(passwords) == cards
    assert "http://alpha.sotay.test/" in html and "Dùng một lần" in html
    assert "Danh sách nhận phiếu tài khoản" in html

    with in_tenant(alpha):
        for member in Member.objects.filter(party_card_number__in=cards).select_related("user"):
            user = member.user
            assert user is not None and user.username == member.party_card_number
            assert user.get_full_name() == member.full_name
            assert not user.has_usable_password()  # opened with the code, then the member chooses a password
            state = AccountState.objects.get(pk=user.pk)
            assert state.activation_digest == code_digest(passwords[member.party_card_number])  # only the keyed hash
            assert normalise(passwords[member.party_card_number]) not in str(state.__dict__)
            assert state.must_change_password and state.initial_password_issued_at is not None
        assert Member.objects.get(pk=org["cb1"][2].pk).user_id is None  # no smartphone: skipped by default
        assert Member.objects.get(pk=org["gone"].pk).user_id is None
        assert Member.objects.filter(cell=org["tree"]["CB2"], user__isnull=False).count() == 0
        events = AuditEvent.objects.filter(action="account.issued")
        assert events.count() == 2 and {e.actor_id for e in events} == {org["sec1"].pk}
        assert all(pw not in str(e.changes) for e in AuditEvent.objects.all() for pw in passwords.values())
        started = AuditEvent.objects.get(action="account.issue_started")
        assert started.actor_id == org["sec1"].pk and started.changes["total"] == 2

    again = alpha_client.post(f"{job_url}phieu/", {"cell": "CB1"})  # reprinted from the job's key, audited
    assert again.status_code == 200 and set(passwords.values()) <= set(
        re.findall(r'data-password="([\w-]+)"', again.content.decode())
    )
    with in_tenant(alpha):
        assert AuditEvent.objects.filter(action="account.slips_printed", actor=org["sec1"]).count() == 2


def test_issued_member_logs_in_with_the_slip_and_must_change(
    alpha, alpha_client, org, django_capture_on_commit_callbacks
):
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    job_url = _issue(alpha_client, "CB1", django_capture_on_commit_callbacks)
    html = alpha_client.post(f"{job_url}phieu/").content.decode()
    card, password = re.findall(r'data-testid="slip-username">(\w+)</strong>.*?data-password="([\w-]+)"', html, re.S)[0]
    alpha_client.post("/dang-xuat/")
    web_login(alpha_client, card, password.lower().replace("-", " "))  # case, spaces and dashes do not matter
    assert alpha_client.get("/")["Location"].startswith("/tai-khoan/doi-mat-khau/")
    page = alpha_client.get("/tai-khoan/doi-mat-khau/").content.decode()
    assert 'name="old_password"' not in page  # nothing to confirm: the member chooses a password
    chosen = "Sổ tay của tôi 2026"
    response = alpha_client.post("/tai-khoan/doi-mat-khau/", {"new_password1": chosen, "new_password2": chosen})
    assert response.status_code == 302 and alpha_client.get("/").status_code == 200
    alpha_client.post("/dang-xuat/")
    assert alpha_client.post("/dang-nhap/", {"username": card, "password": password}).status_code == 200  # used up
    web_login(alpha_client, card, chosen)
    assert alpha_client.get("/").status_code == 200


def test_secretary_of_another_cell_gets_404_and_nothing_is_created(
    alpha, alpha_client, org, django_capture_on_commit_callbacks
):
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    assert alpha_client.get("/tai-khoan/cap-tai-khoan/?unit=CB2").status_code == 404
    assert alpha_client.get("/tai-khoan/cap-tai-khoan/?unit=XA1").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert alpha_client.post("/tai-khoan/cap-tai-khoan/", {"unit": "CB2"}).status_code == 404
    with in_tenant(alpha):
        assert not Member.objects.filter(cell=org["tree"]["CB2"], user__isnull=False).exists()


def test_plain_members_cannot_open_the_issuance_page(alpha_client, org):
    web_login(alpha_client, "member_alpha", PASSWORD)
    assert alpha_client.get("/tai-khoan/cap-tai-khoan/").status_code == 404


def test_another_admin_cannot_see_the_job_or_take_the_slips(
    alpha, alpha_client, org, django_capture_on_commit_callbacks
):
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    job_url = _issue(alpha_client, "CB1", django_capture_on_commit_callbacks)
    alpha_client.post("/dang-xuat/")
    web_login(alpha_client, "admin", PASSWORD)
    assert alpha_client.get(job_url).status_code == 404
    assert alpha_client.post(f"{job_url}phieu/").status_code == 404
    alpha_client.post("/dang-xuat/")
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    assert alpha_client.post(f"{job_url}phieu/").status_code == 200  # still there for its owner


def test_admin_issues_for_a_commune_including_members_without_smartphone(
    alpha, alpha_client, org, django_capture_on_commit_callbacks
):
    web_login(alpha_client, "admin", PASSWORD)
    page = alpha_client.get("/tai-khoan/cap-tai-khoan/?unit=XA1").content.decode()
    assert 'data-testid="children"' in page and "Chi bộ thôn Đoài" in page
    job_url = _issue(alpha_client, "XA1", django_capture_on_commit_callbacks, include_without_smartphone="on")
    html = alpha_client.post(f"{job_url}phieu/").content.decode()
    assert html.count('data-testid="slip"') == 5
    assert html.count('data-testid="slip-cell"') == 2  # one printed section per cell
    assert html.index("Chi bộ thôn Đông") < html.index("Chi bộ thôn Đoài")


def test_celery_path_gives_the_same_result(alpha, alpha_client, org, django_capture_on_commit_callbacks):
    """With a shared cache the job is queued to Celery (eager in tests) instead of running in the request."""
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    with (
        mock.patch("core.accounts.issuance.cache_is_shared", return_value=True),
        mock.patch("core.accounts.tasks.issue_accounts.apply_async", wraps=issuance_task().apply_async) as queued,
    ):
        job_url = _issue(alpha_client, "CB1", django_capture_on_commit_callbacks)
    assert queued.call_count == 1
    assert "Đã cấp 2 tài khoản" in alpha_client.get(job_url).content.decode()


def issuance_task():
    from core.accounts.tasks import issue_accounts

    return issue_accounts


def test_nothing_to_issue_is_explained(alpha, alpha_client, org, django_capture_on_commit_callbacks):
    web_login(alpha_client, "admin", PASSWORD)
    job_url = _issue(alpha_client, "CB2", django_capture_on_commit_callbacks)
    assert job_url.startswith("/tai-khoan/cap-tai-khoan/")
    response = alpha_client.post("/tai-khoan/cap-tai-khoan/", {"unit": "CB2"}, follow=True)
    assert "Không có đảng viên nào cần cấp tài khoản" in response.content.decode()


def test_username_collision_is_skipped_and_reported(alpha, alpha_client, org, django_capture_on_commit_callbacks):
    with in_tenant(alpha):
        User.objects.create_user(org["cb1"][0].party_card_number, password="x")
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    job_url = _issue(alpha_client, "CB1", django_capture_on_commit_callbacks)
    page = alpha_client.get(job_url).content.decode()
    assert "Đã cấp 1 tài khoản" in page and "Nguyễn Văn An: số thẻ đảng đã là tên đăng nhập" in page
    with in_tenant(alpha):
        assert Member.objects.get(pk=org["cb1"][0].pk).user_id is None


def test_batches_are_written_in_constant_queries_per_batch(alpha, org, django_assert_max_num_queries):
    with in_tenant(alpha):
        members = [make_member(org["tree"]["CB3"], f"Đảng viên {i}") for i in range(10)]
        admin = User.objects.get(username="admin")
        ids = [m.pk for m in members]
        codes = {pk: new_code() for pk in ids}
        # lock+read, usernames, users, member links, states, audit rows (+ savepoint bookkeeping): not per member
        with django_assert_max_num_queries(8):
            result = bulk_issue_batch(member_ids=ids, codes=codes, actor=admin)
        assert len(result.issued) == 10 and not result.skipped
        assert (
            AuditEvent.objects.filter(
                action="account.issued", target_id__in=[str(r.user_id) for r in result.issued]
            ).count()
            == 10
        )
        again = bulk_issue_batch(member_ids=ids, codes=codes, actor=admin)  # concurrent re-run: nothing twice
        assert not again.issued and len(again.skipped) == 10


def test_the_issuance_task_needs_a_tenant_and_stays_in_it(alpha, beta, org):
    from core.accounts.issue_jobs import job_create, job_get
    from core.accounts.tasks import issue_accounts
    from core.tasks import TenantRequired

    with pytest.raises(TenantRequired):
        issue_accounts.delay("0" * 32)
    with in_tenant(alpha):
        job = job_create(actor=org["sec1"], unit=org["tree"]["CB1"], total=2, include_without_smartphone=False)
    with in_tenant(beta):
        assert job_get(job.id) is None  # the job's cache keys carry alpha's schema
        issue_accounts.delay(job.id)  # run under beta: finds nothing, does nothing
    with in_tenant(alpha):
        still = job_get(job.id)
        assert still is not None and still.state == "queued"
        assert not Member.objects.filter(cell=org["tree"]["CB1"], user__isnull=False).exclude(pk=org["had"].pk).exists()


def test_a_job_and_its_slips_are_not_reachable_from_another_tenant(
    alpha, alpha_client, beta_client, org, django_capture_on_commit_callbacks
):
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    job_url = _issue(alpha_client, "CB1", django_capture_on_commit_callbacks)
    web_login(beta_client, "admin", PASSWORD)  # beta's own administrator
    assert beta_client.get(job_url).status_code == 404
    assert beta_client.post(f"{job_url}phieu/", {"cell": "CB1"}).status_code == 404
    assert beta_client.get(f"{job_url}tien-do/").status_code == 404
    alpha_session = alpha_client.cookies.get("sessionid")
    assert alpha_session is not None
    beta_client.cookies["sessionid"] = alpha_session.value  # alpha's session replayed on beta's host
    assert beta_client.post(f"{job_url}phieu/", {"cell": "CB1"}).status_code in (302, 404)
    assert b"data-password" not in beta_client.post(f"{job_url}phieu/", {"cell": "CB1"}).content
