"""Issuing member accounts with one-time activation codes, and the admin password reset.

Issuance (docs/adr/0029-…): each member gets an account with no usable password and a one-time activation code
(core/accounts/activation.py) stored only as a keyed fast hash; the member opens the account with card number or
phone plus the code and chooses a password, which alone is hashed with the strong hasher. No slow hash happens
at issuance, so a whole committee is one job: `core.accounts.tasks.issue_accounts` writes batches of
`BATCH_SIZE` members set-based (core/accounts/bulk_issue.py: five statements a batch, members locked and
re-checked, so two concurrent issuances never create two accounts for one member) and moves the progress on
after each commit. A bulk job's codes are derived from the job's key, so slips of any cell are printed from the
key while the job is kept (core/accounts/slips.py) and a run resumed after its worker died continues with the
members still without an account, writing the codes the key gives them.

Accounts: username = party card number, first_name = full name (Vietnamese order, so get_full_name() is the
full name), AccountState(must_change_password=True, activation code hash and expiry), member.user linked.
Every account issued or reset is audited with the acting administrator.
"""

import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import ANY, has_perm_on, scope_paths, scoped
from core.access.models import RoleGrant
from core.access.permissions import ACCOUNTS_ISSUE, ACCOUNTS_RESET
from core.accounts.activation import display, job_code, new_code
from core.accounts.bulk_issue import bulk_issue_batch
from core.accounts.issue_jobs import (
    CacheUnavailable,
    IssueJob,
    JobState,
    cache_is_shared,
    job_create,
    job_finish,
    job_get,
    job_save,
)
from core.accounts.models import AccountState
from core.accounts.tokens import tokens_revoke_all
from core.audit.services import audit_record
from core.members.models import GONE_STATUSES, Member
from core.org.models import OrgUnit
from tenants.db.locks import JobBusy, job_lock

# Password of an admin reset: easy to read aloud and to type on a phone, lower-case letters and digits, without
# 0/o and 1/l. 32 symbols, 8 characters ≈ 40 bits — ample for a one-time password behind login throttling.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 8
BATCH_SIZE = 5000
MAX_SKIPPED_SHOWN = 200
INACTIVE_STATUSES = GONE_STATUSES


def initial_password() -> str:
    """8 characters from PASSWORD_ALPHABET, with at least one letter and one digit."""
    while True:
        value = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value


@dataclass(frozen=True)
class Slip:
    """What is printed for one member: the activation code (or a reset's password) in clear, never stored."""

    member_id: int
    full_name: str
    party_card_number: str
    cell_code: str
    cell_name: str
    password: str
    reset: bool = False
    activation: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BatchResult:
    """Cumulative counts of a run so far (after each batch) or in all (the run's return value)."""

    issued: int
    skipped: list[dict[str, str]]
    done: int = 0


def issuance_candidates(unit: OrgUnit, actor: User, *, include_without_smartphone: bool = False) -> QuerySet[Member]:
    """Active members of `unit`'s subtree, inside the actor's ACCOUNTS_ISSUE scope, who have no account."""
    qs = Member.objects.filter(cell__path__startswith=unit.path, user__isnull=True).exclude(
        status__in=INACTIVE_STATUSES
    )
    if not include_without_smartphone:
        qs = qs.filter(has_smartphone=True)
    return scoped(qs, actor, ACCOUNTS_ISSUE, "cell__path").order_by("cell__path", "name_folded", "pk")


def _slip(member: Member, password: str, *, reset: bool = False, activation: bool = False) -> Slip:
    return Slip(
        member_id=member.pk,
        full_name=member.full_name,
        party_card_number=member.party_card_number,
        cell_code=member.cell.code,
        cell_name=member.cell.name,
        password=display(password) if activation else password,
        reset=reset,
        activation=activation,
    )


def accounts_issue(
    *,
    unit: OrgUnit,
    actor: User,
    job_key: str,
    include_without_smartphone: bool = False,
    on_batch: Callable[[BatchResult], None] | None = None,
) -> BatchResult:
    """Issue accounts for every candidate of `unit` (see `issuance_candidates`), batch by batch, member `pk`
    getting `job_code(job_key, pk)`; `on_batch(result)` runs after each batch's commit (progress)."""
    if not has_perm_on(actor, ACCOUNTS_ISSUE, unit):
        raise PermissionDenied
    ids = list(
        issuance_candidates(unit, actor, include_without_smartphone=include_without_smartphone)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    so_far = BatchResult(issued=0, skipped=[])
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        result = bulk_issue_batch(member_ids=chunk, codes={pk: job_code(job_key, pk) for pk in chunk}, actor=actor)
        so_far = BatchResult(
            issued=so_far.issued + len(result.issued),
            skipped=(so_far.skipped + result.skipped)[:MAX_SKIPPED_SHOWN],
            done=so_far.done + len(chunk),
        )
        if on_batch is not None:
            transaction.on_commit(partial(on_batch, so_far))
    return so_far


def account_issue_one(*, member: Member, actor: User) -> Slip:
    """Issue the account of one member (the member's account page); the slip is shown once to the actor."""
    if not has_perm_on(actor, ACCOUNTS_ISSUE, member.cell):
        raise PermissionDenied
    if member.user_id is not None:
        raise ValidationError(_("Đảng viên này đã có tài khoản."), code="has_account")
    if member.status in INACTIVE_STATUSES:
        raise ValidationError(_("Đảng viên đã chuyển đi hoặc từ trần."), code="inactive")
    code = new_code()
    result = bulk_issue_batch(member_ids=[member.pk], codes={member.pk: code}, actor=actor)
    if not result.issued:
        reason = result.skipped[0]["reason"] if result.skipped else "không cấp được"
        raise ValidationError(_("Không cấp được tài khoản: %(reason)s."), code="skipped", params={"reason": reason})
    return _slip(member, code, activation=True)


def can_reset(actor: User, member: Member) -> bool:
    """ACCOUNTS_RESET over the member's cell, not one's own account, and never an account with more power:
    superusers/staff only by superusers, and role holders only if all their grants lie inside the actor's scope."""
    target = member.user
    if target is None or target.pk == actor.pk or not has_perm_on(actor, ACCOUNTS_RESET, member.cell):
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser or target.is_staff:
        return False
    scopes = scope_paths(actor, ACCOUNTS_RESET)
    grant_paths = RoleGrant.objects.filter(user=target).values_list("unit__path", flat=True)
    return all(any(s == ANY or p.startswith(s) for s in scopes) for p in grant_paths)


@transaction.atomic
def account_reset_password(*, member: Member, actor: User) -> Slip:
    """Admin reset: a new one-time password, must change it at next login; API tokens revoked, and every
    session ends because Django ties sessions to the password hash. Returns the slip (shown once)."""
    member = Member.objects.select_for_update(of=("self",)).select_related("cell", "user").get(pk=member.pk)
    if not can_reset(actor, member):
        raise PermissionDenied
    user = member.user
    assert user is not None  # can_reset checked it
    password = initial_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    now = timezone.now()
    AccountState.objects.update_or_create(
        user=user, defaults={"must_change_password": True, "initial_password_issued_at": now, "activation_digest": ""}
    )
    revoked = tokens_revoke_all(user)
    audit_record(
        actor=actor,
        action="account.password_reset",
        target=user,
        unit=member.cell,
        changes={"member": member.pk, "tokens_revoked": revoked},
    )
    return _slip(member, password, reset=True)


@transaction.atomic
def issuance_start(*, unit: OrgUnit, actor: User, include_without_smartphone: bool = False) -> IssueJob:
    """Check, count and queue a bulk issuance for `unit`; returns the job whose progress pages follow it.

    The Celery task runs after commit; when the cache is not shared with the workers (LocMem, development)
    the job runs right here instead, so its slips land in this process's cache.
    """
    if not has_perm_on(actor, ACCOUNTS_ISSUE, unit):
        raise PermissionDenied
    total = issuance_candidates(unit, actor, include_without_smartphone=include_without_smartphone).count()
    if total == 0:
        raise ValidationError(_("Không có đảng viên nào cần cấp tài khoản trong đơn vị này."), code="nothing_to_issue")
    try:
        job = job_create(actor=actor, unit=unit, total=total, include_without_smartphone=include_without_smartphone)
    except CacheUnavailable:
        raise ValidationError(UNAVAILABLE, code="cache_unavailable") from None
    audit_record(
        actor=actor,
        action="account.issue_started",
        target=unit,
        unit=unit,
        changes={"job": job.id, "total": total, "include_without_smartphone": include_without_smartphone},
    )
    transaction.on_commit(partial(_enqueue, job.id))
    return job


def _enqueue(job_id: str) -> None:
    from core.accounts.tasks import issue_accounts

    if cache_is_shared():
        issue_accounts.apply_async(args=[job_id], task_id=job_id)
    else:
        issue_accounts.apply(args=[job_id], task_id=job_id)


MAX_ATTEMPTS = 3  # runs of one job whose worker died; then it fails instead of looping
UNAVAILABLE = _(
    "Hệ thống tạm thời gián đoạn nên chưa cấp tài khoản hàng loạt được; các trang khác vẫn dùng bình thường. "
    "Vui lòng thử lại sau ít phút."
)


def _publish(job: IssueJob, base: int, result: BatchResult) -> None:
    """Progress after a committed batch (absolute values: safe to run late or again)."""
    job.done = base + result.done
    job.total = max(job.total, job.done)
    job.issued = base + result.issued
    job.batches = max(job.batches, -(-result.done // BATCH_SIZE))
    job.skipped = result.skipped
    if not job.finished:
        job_save(job)


def _run_job(job: IssueJob) -> None:
    actor = User.objects.get(pk=job.actor_id)
    unit = OrgUnit.objects.get(pk=job.unit_id)
    job.state = JobState.RUNNING
    base = 0
    if job.attempts > 1:  # resumed: whatever a dead run committed is issued already (no longer candidates)
        remaining = issuance_candidates(unit, actor, include_without_smartphone=job.include_without_smartphone)
        base = max(job.total - remaining.count(), 0)
    job.done = job.issued = base
    job_save(job)
    final = accounts_issue(
        unit=unit,
        actor=actor,
        job_key=job.code_key,
        include_without_smartphone=job.include_without_smartphone,
        on_batch=partial(_publish, job, base),
    )
    _publish(job, base, final)  # the run's own totals, also when it runs inside an outer transaction


def issue_job_run(job_id: str) -> IssueJob | None:
    """Body of the issuance task: issue batch by batch, publishing progress and slips after each commit.

    The run holds the job's lock (tenants/db/locks.py): a second delivery while it runs gets JobBusy (the task
    retries later). A delivery after its worker died finds the lock free and continues where the dead run
    stopped: issued members are no longer candidates, and their codes come from the job's key. CacheUnavailable
    propagates (the task retries; the job is resumed the same way).
    """
    with job_lock(f"accounts.issue:{job_id}") as mine:
        if not mine:
            raise JobBusy(f"issuance {job_id}")
        job = job_get(job_id)
        if job is None or job.finished:
            return job
        job.attempts += 1
        if job.attempts > MAX_ATTEMPTS:
            job_finish(job, state=JobState.FAILED, error="Tiến trình cấp tài khoản bị dừng đột ngột nhiều lần.")
            return job
        try:
            _run_job(job)
        except CacheUnavailable:
            raise
        except Exception:
            job_finish(
                job,
                state=JobState.FAILED,
                error="Có lỗi khi cấp tài khoản; phiếu của các tài khoản đã cấp vẫn in được.",
            )
            raise
        job_finish(job, state=JobState.DONE)
    return job
