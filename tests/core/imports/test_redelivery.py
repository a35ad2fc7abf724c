"""A member import whose worker died is run again when its message comes back, exactly once: a job left
`running` with no live holder is re-run from the start (the dead run wrote nothing), a job that ended is not,
a job running in a live worker makes the redelivered task retry later, a file that keeps killing workers ends
as failed, and a finished job's leftover file is removed."""

from pathlib import Path

import pytest
from celery.exceptions import Retry

from core.imports.models import ImportJob, ImportKind, ImportStatus
from core.imports.services import MAX_ATTEMPTS, import_job_create, import_job_run
from core.imports.storage import stored_file
from core.imports.tasks import run_import_job
from core.members.models import Member
from core.tasks import busy_retry_seconds
from tenants.db.locks import JobBusy
from tests.core.imports.helpers import member_row, members_csv
from tests.lock_holder import lock_held_elsewhere


@pytest.fixture(autouse=True)
def private_media(private_store, settings):
    """Run on the local disk and on a real S3 bucket: the job reads its file back through a local copy."""
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def queued(tree, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(members_csv([member_row("01000001"), member_row("01000002"), member_row("01000003")]))
    return import_job_create(kind=ImportKind.MEMBERS, source=path, filename="members.csv", actor=None, enqueue=False)


def _as_if_a_worker_died_mid_run(job: ImportJob) -> None:
    """What a SIGKILL during the run leaves: status running, progress shown, the file still there, no rows."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, progress=40, attempts=1)


def test_a_job_left_running_by_a_dead_worker_is_run_again_once(queued):
    _as_if_a_worker_died_mid_run(queued)
    finished = run_import_job.apply(args=[queued.pk]).get()
    job = ImportJob.objects.get(pk=queued.pk)
    assert finished == ImportStatus.DONE and job.inserted == 3 and job.attempts == 2
    assert sorted(Member.objects.values_list("party_card_number", flat=True)) == ["01000001", "01000002", "01000003"]
    assert job.stored_path == ""
    again = run_import_job.apply(args=[queued.pk]).get()  # a second redelivery: nothing more
    assert again == ImportStatus.DONE and Member.objects.count() == 3
    assert ImportJob.objects.get(pk=queued.pk).attempts == 2


def test_a_job_running_in_a_live_worker_is_retried_later_not_dropped(queued, alpha):
    with lock_held_elsewhere("alpha", f"imports.job:{queued.pk}"):
        with pytest.raises(JobBusy):
            import_job_run(job_id=queued.pk)
        with pytest.raises(Retry) as retry:
            run_import_job.apply(args=[queued.pk], throw=True)
        assert retry.value.when == busy_retry_seconds() and isinstance(retry.value.exc, JobBusy)
        assert ImportJob.objects.get(pk=queued.pk).status == ImportStatus.QUEUED and not Member.objects.exists()
    assert run_import_job.apply(args=[queued.pk]).get() == ImportStatus.DONE  # the holder is gone: it runs
    assert Member.objects.count() == 3


def test_a_file_that_keeps_killing_workers_ends_as_failed(queued):
    path = stored_file(queued.stored_path)
    ImportJob.objects.filter(pk=queued.pk).update(status=ImportStatus.RUNNING, attempts=MAX_ATTEMPTS)
    job = import_job_run(job_id=queued.pk)
    assert job is not None and job.status == ImportStatus.FAILED and "dừng đột ngột" in job.progress_label
    assert not Member.objects.exists() and not path.exists()


def test_a_finished_jobs_leftover_file_goes_on_redelivery(queued):
    path = stored_file(queued.stored_path)
    ImportJob.objects.filter(pk=queued.pk).update(status=ImportStatus.DONE)  # died after commit, before cleanup
    job = import_job_run(job_id=queued.pk)
    assert job is not None and job.status == ImportStatus.DONE and job.stored_path == "" and not path.exists()
    assert not Member.objects.exists()


def test_import_beat_and_job_tasks_ack_late_and_come_back_when_their_worker_dies():
    from config.celery import app
    from core.accounts.tasks import issue_accounts
    from core.meetings.tasks import series_daily

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    for task in (run_import_job, issue_accounts, series_daily):
        assert task.acks_late and task.reject_on_worker_lost, task.name
