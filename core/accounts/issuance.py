"""Issuing member accounts with one-time initial passwords, and the admin password reset.

Cost: initial passwords are hashed with Django's configured hasher (PBKDF2, 1.5 M iterations in Django 6.1):
≈0.3–0.5 s per account on one core of a 2-core server, so a 30-member cell takes ≈10–15 s and a 1,000-member
commune ≈6–8 min. A fast hasher is deliberately not used: the initial password protects a real account until
its first login. Hence bulk issuance runs as a Celery task (`core.accounts.tasks.issue_accounts`) in batches
of `BATCH_SIZE`: hashes are computed outside any transaction, then each batch is written in one short
transaction (members locked and re-checked, so two concurrent issuances never create two accounts for one
member), its slips are put in the cache after commit and the progress moves on. A job is capped at
`MAX_PER_JOB` accounts, which is also about what can sensibly be printed and handed out in one go.

Accounts: username = party card number, first_name = full name (Vietnamese order, so get_full_name() is the
full name), AccountState(must_change_password=True, initial_password_issued_at=now), member.user linked.
Every account issued or reset is audited with the acting administrator.
"""

import secrets
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import ANY, has_perm_on, scope_paths, scoped
from core.access.models import RoleGrant
from core.access.permissions import ACCOUNTS_ISSUE, ACCOUNTS_RESET
from core.accounts.issue_jobs import (
    CacheUnavailable,
    IssueJob,
    JobState,
    cache_is_shared,
    job_add_slips,
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

# Easy to read aloud and to type on a phone: lower-case letters and digits, without 0/o and 1/l (no upper case,
# so no O/I either). 32 symbols, 8 characters ≈ 40 bits — ample for a one-time password behind login throttling.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 8
BATCH_SIZE = 25
MAX_PER_JOB = 3000
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
    """What is printed for one member; the password is in clear and lives only in memory and the cache."""

    member_id: int
    full_name: str
    party_card_number: str
    cell_code: str
    cell_name: str
    password: str
    reset: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BatchResult:
    slips: list[Slip]
    skipped: list[dict[str, str]]


def issuance_candidates(unit: OrgUnit, actor: User, *, include_without_smartphone: bool = False) -> QuerySet[Member]:
    """Active members of `unit`'s subtree, inside the actor's ACCOUNTS_ISSUE scope, who have no account."""
    qs = Member.objects.filter(cell__path__startswith=unit.path, user__isnull=True).exclude(
        status__in=INACTIVE_STATUSES
    )
    if not include_without_smartphone:
        qs = qs.filter(has_smartphone=True)
    return scoped(qs, actor, ACCOUNTS_ISSUE, "cell__path").order_by("cell__path", "name_folded", "pk")


def _prepare(member_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """member id → (clear password, hash); the slow part, done outside any transaction."""
    out = {}
    for pk in member_ids:
        password = initial_password()
        out[pk] = (password, make_password(password))
    return out


def _skip(member: Member, reason: str) -> dict[str, str]:
    return {"member_id": str(member.pk), "full_name": member.full_name, "reason": reason}


def _slip(member: Member, password: str, *, reset: bool = False) -> Slip:
    return Slip(
        member_id=member.pk,
        full_name=member.full_name,
        party_card_number=member.party_card_number,
        cell_code=member.cell.code,
        cell_name=member.cell.name,
        password=password,
        reset=reset,
    )


@transaction.atomic
def _issue_batch(member_ids: list[int], prepared: dict[int, tuple[str, str]], actor: User) -> BatchResult:
    members = list(
        Member.objects.select_for_update(of=("self",))
        .select_related("cell")
        .filter(pk__in=member_ids, user__isnull=True)
        .exclude(status__in=INACTIVE_STATUSES)
        .order_by("pk")
    )
    gone = sorted(set(member_ids) - {m.pk for m in members})
    skipped = [{"member_id": str(pk), "full_name": "", "reason": "đã có tài khoản hoặc thôi sinh hoạt"} for pk in gone]
    cards = [m.party_card_number for m in members]
    taken = set(User.objects.filter(username__in=cards).values_list("username", flat=True))
    fresh = []
    for member in members:
        if not has_perm_on(actor, ACCOUNTS_ISSUE, member.cell):
            skipped.append(_skip(member, "ngoài phạm vi quản lý"))
        elif not member.party_card_number:
            skipped.append(_skip(member, "thiếu số thẻ đảng"))
        elif member.party_card_number in taken:
            skipped.append(_skip(member, "số thẻ đảng đã là tên đăng nhập của tài khoản khác"))
        else:
            fresh.append(member)
    users = User.objects.bulk_create(
        [User(username=m.party_card_number, first_name=m.full_name[:150], password=prepared[m.pk][1]) for m in fresh]
    )
    now = timezone.now()
    AccountState.objects.bulk_create(
        [AccountState(user=u, must_change_password=True, initial_password_issued_at=now) for u in users]
    )
    slips = []
    for member, user in zip(fresh, users, strict=True):
        member.user = user
        audit_record(
            actor=actor,
            action="account.issued",
            target=user,
            unit=member.cell,
            changes={"member": member.pk, "username": user.username},
        )
        slips.append(_slip(member, prepared[member.pk][0]))
    Member.objects.bulk_update(fresh, ["user"])
    return BatchResult(slips=slips, skipped=skipped)


def accounts_issue(
    *,
    unit: OrgUnit,
    actor: User,
    include_without_smartphone: bool = False,
    on_batch: Callable[[BatchResult], None] | None = None,
    before_batch: Callable[[dict[int, tuple[str, str]]], None] | None = None,
) -> BatchResult:
    """Issue accounts for every candidate of `unit` (see `issuance_candidates`), batch by batch.

    `before_batch(prepared)` runs before each batch is written (member id → password and hash: the job's
    journal); `on_batch(result)` after its commit (progress, slips into the cache). Returns all slips.
    """
    if not has_perm_on(actor, ACCOUNTS_ISSUE, unit):
        raise PermissionDenied
    ids = list(
        issuance_candidates(unit, actor, include_without_smartphone=include_without_smartphone).values_list(
            "pk", flat=True
        )
    )
    slips: list[Slip] = []
    skipped: list[dict[str, str]] = []
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        prepared = _prepare(chunk)
        if before_batch is not None:
            before_batch(prepared)
        result = _issue_batch(chunk, prepared, actor)
        slips += result.slips
        skipped += result.skipped
        if on_batch is not None:
            transaction.on_commit(partial(on_batch, result))
    return BatchResult(slips=slips, skipped=skipped)


def account_issue_one(*, member: Member, actor: User) -> Slip:
    """Issue the account of one member (the member's account page); the slip is shown once to the actor."""
    if not has_perm_on(actor, ACCOUNTS_ISSUE, member.cell):
        raise PermissionDenied
    if member.user_id is not None:
        raise ValidationError(_("Đảng viên này đã có tài khoản."), code="has_account")
    if member.status in INACTIVE_STATUSES:
        raise ValidationError(_("Đảng viên đã chuyển đi hoặc từ trần."), code="inactive")
    result = _issue_batch([member.pk], _prepare([member.pk]), actor)
    if not result.slips:
        reason = result.skipped[0]["reason"] if result.skipped else "không cấp được"
        raise ValidationError(_("Không cấp được tài khoản: %(reason)s."), code="skipped", params={"reason": reason})
    return result.slips[0]


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
        user=user, defaults={"must_change_password": True, "initial_password_issued_at": now}
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
    if total > MAX_PER_JOB:
        raise ValidationError(
            _(
                "Đơn vị có %(total)s đảng viên chưa có tài khoản, quá %(max)s cho một lần cấp. "
                "Hãy cấp theo từng đảng bộ hoặc chi bộ trực thuộc."
            ),
            code="too_many",
            params={"total": total, "max": MAX_PER_JOB},
        )
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


def _publish(job: IssueJob, result: BatchResult) -> None:
    job_add_slips(job, [slip.as_dict() for slip in result.slips])
    job.done += len(result.slips) + len(result.skipped)
    job.total = max(job.total, job.done)
    job.issued += len(result.slips)
    job.skipped = (job.skipped + result.skipped)[:MAX_SKIPPED_SHOWN]
    job.pending = {}
    job_save(job)


def _recover_pending(job: IssueJob) -> None:
    """Slips of the batch a dead run was writing: the members whose account now has exactly the journal's hash
    were issued by that batch (it committed); the others were not and are still candidates."""
    if not job.pending:
        return
    members = Member.objects.select_related("cell", "user").filter(pk__in=[int(pk) for pk in job.pending])
    slips = [
        _slip(m, job.pending[str(m.pk)][0])
        for m in members
        if m.user is not None and m.user.password == job.pending[str(m.pk)][1]
    ]
    _publish(job, BatchResult(slips=slips, skipped=[]))


def _run_job(job: IssueJob) -> None:
    actor = User.objects.get(pk=job.actor_id)
    unit = OrgUnit.objects.get(pk=job.unit_id)
    job.state = JobState.RUNNING
    job_save(job)
    _recover_pending(job)

    def journal(prepared: dict[int, tuple[str, str]]) -> None:
        job.pending = {str(pk): [password, hashed] for pk, (password, hashed) in prepared.items()}
        job_save(job)

    accounts_issue(
        unit=unit,
        actor=actor,
        include_without_smartphone=job.include_without_smartphone,
        on_batch=partial(_publish, job),
        before_batch=journal,
    )


def issue_job_run(job_id: str) -> IssueJob | None:
    """Body of the issuance task: issue batch by batch, publishing progress and slips after each commit.

    The run holds the job's lock (tenants/db/locks.py): a second delivery while it runs gets JobBusy (the task
    retries later). A delivery after its worker died finds the lock free and continues where the dead run
    stopped: issued members are no longer candidates, and the slips of a batch that committed unpublished come
    from the journal. CacheUnavailable propagates (the task retries; the job is resumed the same way).
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
