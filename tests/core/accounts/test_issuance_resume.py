"""Bulk issuance whose worker died: the redelivered task resumes the job, every member gets exactly one account
and one slip — including the batch that committed before its progress was published; slips print live codes
only; a run in a live worker makes the redelivery retry; the shared cache being unreachable refuses a new
issuance with a clear message."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from config.resilient_cache import CacheUnavailable
from core.accounts import issuance
from core.accounts.activation import activation_check, code_digest, job_code
from core.accounts.bulk_issue import bulk_issue_batch
from core.accounts.issue_jobs import JobState, job_create, job_save
from core.accounts.slips import job_slips
from core.members.models import Member
from tenants.db.locks import JobBusy
from tests.core.accounts.helpers import make_member, make_tree, make_user
from tests.helpers import in_tenant
from tests.lock_holder import lock_held_elsewhere


@pytest.fixture
def unit(alpha, monkeypatch):
    monkeypatch.setattr(issuance, "BATCH_SIZE", 2)
    with in_tenant(alpha):
        tree = make_tree()
        members = [make_member(tree["CB1"], f"Đảng viên {n}") for n in range(5)]
        admin = make_user("btc_tinh", role="org_department", unit=tree["ROOT"])
        yield {"unit": tree["XA1"], "members": members, "admin": admin}


def _died_after_first_batch(unit) -> str:
    """The state a SIGKILL leaves after batch 1 committed but before its progress reached the cache: the accounts
    exist, the job says running with nothing done."""
    job = job_create(actor=unit["admin"], unit=unit["unit"], total=5, include_without_smartphone=False)
    first = [m.pk for m in unit["members"][:2]]
    job.state, job.attempts = JobState.RUNNING, 1
    job_save(job)
    bulk_issue_batch(member_ids=first, codes={pk: job_code(job.code_key, pk) for pk in first}, actor=unit["admin"])
    return job.id


def test_a_job_resumed_after_a_dead_worker_issues_each_member_exactly_once(unit, django_capture_on_commit_callbacks):
    job_id = _died_after_first_batch(unit)
    with django_capture_on_commit_callbacks(execute=True):  # batches publish their progress after commit
        job = issuance.issue_job_run(job_id)
    assert job is not None and job.state == JobState.DONE and job.issued == 5 and job.attempts == 2
    assert job.done == job.total == 5
    slips = job_slips(job, unit["admin"])
    assert sorted(s["member_id"] for s in slips) == sorted(m.pk for m in unit["members"])
    for slip in slips:  # each slip's code is that member's live code, including the dead run's batch
        member = Member.objects.select_related("user__account_state").get(pk=slip["member_id"])
        assert member.user is not None and member.user.account_state.activation_digest == code_digest(slip["password"])
    assert issuance.issue_job_run(job_id).issued == 5  # type: ignore[union-attr]  # redelivered again: no-op
    assert User.objects.filter(member__in=unit["members"]).count() == 5


def test_slips_print_only_codes_still_live(unit, django_capture_on_commit_callbacks):
    job = job_create(actor=unit["admin"], unit=unit["unit"], total=5, include_without_smartphone=False)
    with django_capture_on_commit_callbacks(execute=True):
        done = issuance.issue_job_run(job.id)
    assert done is not None and len(job_slips(done, unit["admin"])) == 5
    first, second = (Member.objects.select_related("user", "cell").get(pk=m.pk) for m in unit["members"][:2])
    issuance.account_reset_password(member=first, actor=unit["admin"])  # a new password: the old code is dead
    code = job_code(done.code_key, second.pk)
    assert second.user is not None and activation_check(user=second.user, code=code)  # used
    printed = {s["member_id"] for s in job_slips(done, unit["admin"])}
    assert printed == {m.pk for m in unit["members"][2:]}
    assert job_slips(done, unit["admin"], cell_code="CB2") == []


def test_a_job_running_in_a_live_worker_is_not_run_twice(unit, alpha):
    job = job_create(actor=unit["admin"], unit=unit["unit"], total=5, include_without_smartphone=False)
    with lock_held_elsewhere("alpha", f"accounts.issue:{job.id}"), pytest.raises(JobBusy):
        issuance.issue_job_run(job.id)
    assert not Member.objects.filter(user__isnull=False).exists()


def test_issuance_is_refused_clearly_while_the_shared_cache_is_unreachable(unit, monkeypatch):
    def down(**kwargs):
        raise CacheUnavailable("connection refused")

    monkeypatch.setattr(issuance, "job_create", down)
    with pytest.raises(ValidationError) as refused:
        issuance.issuance_start(unit=unit["unit"], actor=unit["admin"])
    assert refused.value.code == "cache_unavailable" and "thử lại sau" in refused.value.messages[0]
