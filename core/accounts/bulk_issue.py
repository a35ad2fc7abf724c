"""The set-based writer of bulk issuance: one batch of members → accounts, activation codes, audit rows.

Each batch is one transaction of five statements whatever its size (docs/adr/0029-…): lock and re-check the
members (still without account, still active, inside the actor's scope), insert the users (no usable password:
the member opens the account with the code), link the members, insert their AccountState with the code's keyed
hash and expiry, and one `account.issued` audit row per account — the same rows `audit_record` writes. A
bulk job's codes are derived from its key (core/accounts/activation.py), so nothing clear is journalled: a run
resumed after its worker died simply carries on with the members still without an account.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from config.observability import request_id_var
from core.access.checks import scoped
from core.access.permissions import ACCOUNTS_ISSUE
from core.accounts.activation import code_digest, code_ttl
from core.accounts.models import AccountState
from core.audit.models import AuditEvent
from core.members.models import GONE_STATUSES, Member

_USERS = f"""
    INSERT INTO {User._meta.db_table} (password, is_superuser, username, first_name, last_name, email, is_staff,
                                      is_active, date_joined)
    SELECT '!' || md5(random()::text || t.card), false, t.card, left(t.name, 150), '', '', false, true, %(now)s
    FROM unnest(%(cards)s::text[], %(names)s::text[]) AS t(card, name)
    RETURNING id, username"""
_LINK = f"""
    UPDATE {Member._meta.db_table} m SET user_id = t.uid
    FROM unnest(%(mids)s::bigint[], %(uids)s::bigint[]) AS t(mid, uid) WHERE m.id = t.mid"""
_STATES = f"""
    INSERT INTO {AccountState._meta.db_table} (user_id, must_change_password, initial_password_issued_at,
        activation_digest, activation_expires_at, activation_attempts, rehashed_from_mark)
    SELECT t.uid, true, %(now)s, t.digest, %(expires)s, 0, ''
    FROM unnest(%(uids)s::bigint[], %(digests)s::text[]) AS t(uid, digest)"""
_AUDIT = f"""
    INSERT INTO {AuditEvent._meta.db_table} (actor_id, action, target_type, target_id, changes, scope_path,
                                            request_id, created_at)
    SELECT %(actor)s, 'account.issued', 'User', t.uid::text,
           jsonb_build_object('member', t.mid, 'username', t.card), t.path, %(rid)s, %(now)s
    FROM unnest(%(uids)s::bigint[], %(mids)s::bigint[], %(cards)s::text[], %(paths)s::text[])
         AS t(uid, mid, card, path)"""


@dataclass(frozen=True)
class IssuedRow:
    member_id: int
    user_id: int


@dataclass(frozen=True)
class BulkResult:
    issued: list[IssuedRow]
    skipped: list[dict[str, str]]


def _locked(member_ids: list[int], actor: User) -> list[tuple[int, str, str, str]]:
    qs = (
        Member.objects.select_for_update(of=("self",))
        .filter(pk__in=member_ids, user__isnull=True)
        .exclude(status__in=GONE_STATUSES)
    )
    return list(scoped(qs, actor, ACCOUNTS_ISSUE, "cell__path").order_by("pk").values_list(
        "pk", "party_card_number", "full_name", "cell__path"
    ))  # fmt: skip


@transaction.atomic
def bulk_issue_batch(*, member_ids: list[int], codes: dict[int, str], actor: User) -> BulkResult:
    """Issue accounts to `member_ids` (those still eligible), member `pk` getting activation code `codes[pk]`."""
    rows = _locked(member_ids, actor)
    gone = sorted(set(member_ids) - {r[0] for r in rows})
    skipped = [{"member_id": str(pk), "full_name": "", "reason": "đã có tài khoản hoặc thôi sinh hoạt"} for pk in gone]
    taken = set(User.objects.filter(username__in=[r[1] for r in rows if r[1]]).values_list("username", flat=True))
    fresh, seen = [], set()
    for pk, card, name, path in rows:
        reason = "thiếu số thẻ đảng" if not card else "số thẻ đảng đã là tên đăng nhập của tài khoản khác"
        if not card or card in taken or card in seen:
            skipped.append({"member_id": str(pk), "full_name": name, "reason": reason})
        else:
            seen.add(card)
            fresh.append((pk, card, name, path))
    if not fresh:
        return BulkResult(issued=[], skipped=skipped)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_USERS, {"now": now, "cards": [f[1] for f in fresh], "names": [f[2] for f in fresh]})
        user_of = {username: uid for uid, username in cursor.fetchall()}
        uids = [user_of[f[1]] for f in fresh]
        mids = [f[0] for f in fresh]
        cursor.execute(_LINK, {"mids": mids, "uids": uids})
        digests = [code_digest(codes[pk]) for pk in mids]
        cursor.execute(_STATES, {"now": now, "expires": now + code_ttl(), "uids": uids, "digests": digests})
        rid = request_id_var.get()
        cursor.execute(
            _AUDIT,
            {
                "actor": actor.pk,
                "rid": "" if rid == "-" else rid,
                "now": now,
                "uids": uids,
                "mids": mids,
                "cards": [f[1] for f in fresh],
                "paths": [f[3] for f in fresh],
            },
        )
    return BulkResult(issued=[IssuedRow(m, u) for m, u in zip(mids, uids, strict=True)], skipped=skipped)
