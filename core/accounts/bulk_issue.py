"""The set-based writer of bulk issuance: one batch of members → accounts, activation codes, audit rows.

Each batch is one transaction of six statements whatever its size (docs/adr/0029-…): re-read the members (still
without account, still active, inside the actor's scope) and their cells' paths, then insert the users (no usable
password: the member opens the account with the code), links the members, inserts their AccountState with the
code's keyed hash and expiry, and one `account.issued` audit row per account — the rows `audit_record` writes. A
bulk job's codes are derived from its key (core/accounts/activation.py), so nothing clear is journalled: a run
resumed after its worker died simply carries on with the members still without an account.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from config.observability import request_id_var
from core.access.checks import ANY, scope_paths
from core.access.permissions import ACCOUNTS_ISSUE
from core.accounts.activation import code_digest, code_ttl
from core.accounts.models import AccountState
from core.audit.models import AuditEvent
from core.members.models import GONE_STATUSES, Member
from core.org.models import OrgUnit

# No row lock is needed: the username (= party card number) is unique, so a concurrent issuance for the same
# member inserts nothing here (ON CONFLICT) and the member is reported skipped; the link only fills a member still
# without account.
_USERS = f"""
    INSERT INTO {User._meta.db_table} (password, is_superuser, username, first_name, last_name, email, is_staff,
                                      is_active, date_joined)
    SELECT '!' || md5(random()::text || t.card), false, t.card, left(t.name, 150), '', '', false, true, %(now)s
    FROM unnest(%(cards)s::text[], %(names)s::text[]) AS t(card, name)
    ON CONFLICT (username) DO NOTHING
    RETURNING id, username"""
_LINK = f"""
    UPDATE {Member._meta.db_table} m SET user_id = t.uid
    FROM unnest(%(mids)s::bigint[], %(uids)s::bigint[]) AS t(mid, uid) WHERE m.id = t.mid AND m.user_id IS NULL
    RETURNING m.id"""
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


_ELIGIBLE = f"""
    SELECT m.id, m.party_card_number, m.full_name, o.path
    FROM {Member._meta.db_table} m JOIN {OrgUnit._meta.db_table} o ON o.id = m.cell_id
    WHERE m.id = ANY(%(ids)s::bigint[]) AND m.user_id IS NULL AND m.status <> ALL(%(gone)s)
      AND (%(anywhere)s OR o.path LIKE ANY(%(scopes)s))
    ORDER BY m.id"""


def _eligible(member_ids: list[int], actor: User) -> list[tuple[int, str, str, str]]:
    """(id, card, name, cell path) of the members still to issue, inside the actor's ACCOUNTS_ISSUE scope (the same
    rule as `core.access.checks.scope_q`, written for an array of ids: one parameter, not 5,000)."""
    scopes = scope_paths(actor, ACCOUNTS_ISSUE)
    params: dict[str, Any] = {
        "ids": member_ids,
        "gone": [s.value for s in GONE_STATUSES],
        "anywhere": ANY in scopes,
        "scopes": [f"{p}%" for p in scopes if p != ANY],
    }
    with connection.cursor() as cursor:
        cursor.execute(_ELIGIBLE, params)
        return list(cursor.fetchall())


@transaction.atomic
def bulk_issue_batch(*, member_ids: list[int], codes: dict[int, str], actor: User) -> BulkResult:
    """Issue accounts to `member_ids` (those still eligible), member `pk` getting activation code `codes[pk]`."""
    rows = _eligible(member_ids, actor)
    gone = sorted(set(member_ids) - {r[0] for r in rows})
    skipped = [{"member_id": str(pk), "full_name": "", "reason": "đã có tài khoản hoặc thôi sinh hoạt"} for pk in gone]
    skipped += [{"member_id": str(r[0]), "full_name": r[2], "reason": "thiếu số thẻ đảng"} for r in rows if not r[1]]
    fresh = [r for r in rows if r[1]]
    if not fresh:
        return BulkResult(issued=[], skipped=skipped)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_USERS, {"now": now, "cards": [f[1] for f in fresh], "names": [f[2] for f in fresh]})
        user_of = dict((username, uid) for uid, username in cursor.fetchall())
        mine = [f for f in fresh if f[1] in user_of]
        uids = [user_of[f[1]] for f in mine]
        mids = [f[0] for f in mine]
        cursor.execute(_LINK, {"mids": mids, "uids": uids})
        assert cursor.rowcount == len(mids), "a member was linked concurrently to an account of another card"
        digests = [code_digest(codes[pk]) for pk in mids]
        cursor.execute(_STATES, {"now": now, "expires": now + code_ttl(), "uids": uids, "digests": digests})
        rid = request_id_var.get()
        audit: dict[str, Any] = {
            "actor": actor.pk,
            "rid": "" if rid == "-" else rid,
            "now": now,
            "uids": uids,
            "mids": mids,
        }
        cursor.execute(_AUDIT, audit | {"cards": [f[1] for f in mine], "paths": [f[3] for f in mine]})
    reason = "số thẻ đảng đã là tên đăng nhập của tài khoản khác"
    skipped += [{"member_id": str(f[0]), "full_name": f[2], "reason": reason} for f in fresh if f[1] not in user_of]
    return BulkResult(issued=[IssuedRow(m, u) for m, u in zip(mids, uids, strict=True)], skipped=skipped)
