"""Bulk issuance whose worker died: the redelivered task resumes the job, every member gets exactly one account
and one slip — including the batch that committed before its slips were published; a run in a live worker makes
the redelivery retry; the shared cache being unreachable refuses a new issuance with a clear message."""

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from config.resilient_cache import CacheUnavailable
from core.accounts import issuance
from core.accounts.issue_jobs import JobState, job_create, job_get, job_save, job_take_slips
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
    """The state a SIGKILL leaves after batch 1 committed but before its slips reached the cache: the journal
    holds the batch, the accounts exist, the job says running."""
    job = job_create(actor=unit["admin"], unit=unit["unit"], total=5, include_without_smartphone=False)
    first = [m.pk for m in unit["members"][:2]]
    prepared = issuance._prepare(first)
    job.state, job.attempts = JobState.RUNNING, 1
    job.pending = {str(pk): [pw, hashed] for pk, (pw, hashed) in prepared.items()}
    job_save(job)
    issuance._issue_batch(first, prepared, unit["admin"])
    return job.id


def test_a_job_resumed_after_a_dead_worker_issues_each_member_exactly_once(unit, django_capture_on_commit_callbacks):
    job_id = _died_after_first_batch(unit)
    with django_capture_on_commit_callbacks(execute=True):  # batches publish their slips after commit
        job = issuance.issue_job_run(job_id)
    assert job is not None and job.state == JobState.DONE and job.issued == 5 and job.attempts == 2
    slips = job_take_slips(job_get(job_id))  # type: ignore[arg-type]
    assert slips is not None and sorted(s["member_id"] for s in slips) == sorted(m.pk for m in unit["members"])
    for slip in slips:  # each slip's password opens that member's account
        member = Member.objects.select_related("user").get(pk=slip["member_id"])
        assert member.user is not None and check_password(slip["password"], member.user.password)
    assert issuance.issue_job_run(job_id).issued == 5  # type: ignore[union-attr]  # redelivered again: no-op


def test_a_journal_batch_that_never_committed_is_issued_by_the_resumed_run(unit, django_capture_on_commit_callbacks):
    job = job_create(actor=unit["admin"], unit=unit["unit"], total=5, include_without_smartphone=False)
    prepared = issuance._prepare([unit["members"][0].pk])
    job.state, job.attempts = JobState.RUNNING, 1
    job.pending = {str(pk): [pw, hashed] for pk, (pw, hashed) in prepared.items()}  # died before the commit
    job_save(job)
    with django_capture_on_commit_callbacks(execute=True):
        done = issuance.issue_job_run(job.id)
    assert done is not None and done.issued == 5
    slips = job_take_slips(done) or []
    first = next(s for s in slips if s["member_id"] == unit["members"][0].pk)
    assert first["password"] != next(iter(prepared.values()))[0]  # the unwritten password was never used
    assert len(slips) == 5


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
