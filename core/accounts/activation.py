"""One-time activation codes: how a newly issued account is first opened (docs/adr/0029-…).

A code is 12 symbols from `CODE_ALPHABET` (31 symbols: upper-case letters and digits without 0/O, 1/I/L), so
≈ 59 bits of entropy, printed in three groups ("K7QM-W3XN-PA4R"). Typing is forgiving: case, spaces and dashes
are ignored. Only `code_digest(code)` is stored — HMAC-SHA-256 keyed by the server secret — because a random
59-bit secret that lives a few weeks needs no slow hash: guessing it online is bounded by `MAX_ATTEMPTS` per
account (and the login throttle, ADR 0011), and a stolen digest without the key is worth nothing.

Codes of a bulk job are *derived*: `job_code(job_key, member_id)` = HMAC(job key, member id) mapped onto the
alphabet. The job key lives only in the job's cache entry, so any cell's slips can be printed again from it
while the job is kept (and a resumed job writes the same codes), and the database never holds a clear code.

A code is valid until `activation_expires_at`, once: the first successful use marks it used and opens a
session (or a restricted token) that reaches nothing but the password page; the chosen password alone is
hashed with the strong hasher.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.accounts.models import AccountState
from core.audit.services import audit_record

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
GROUP = 4
MAX_ATTEMPTS = 10
DIGEST_SALT = "sotay.accounts.activation.code"
_STRIP = str.maketrans("", "", " -_.\t")


def code_ttl() -> timedelta:
    return timedelta(days=getattr(settings, "ACTIVATION_CODE_DAYS", 30))


def _symbols(raw: bytes) -> str:
    number = int.from_bytes(raw, "big")
    out = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        out.append(CODE_ALPHABET[index])
    return "".join(out)


def new_code() -> str:
    """A random code (one account issued or reset by hand)."""
    return _symbols(secrets.token_bytes(16))


def new_job_key() -> str:
    return secrets.token_hex(32)


def job_code(job_key: str, member_id: int) -> str:
    """The code a bulk job gives `member_id`: a pseudo-random function of the job's secret key."""
    return _symbols(hmac.new(bytes.fromhex(job_key), str(member_id).encode(), hashlib.sha256).digest()[:16])


def normalise(value: str) -> str:
    return value.translate(_STRIP).upper()


def looks_like_code(value: str) -> bool:
    code = normalise(value)
    return len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)


def display(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def code_digest(code: str) -> str:
    return salted_hmac(DIGEST_SALT, normalise(code), algorithm="sha256").hexdigest()


def activation_pending(user: User) -> bool:
    """Whether `user` can still be opened with a code (no usable password, a live unused code)."""
    return (
        not user.has_usable_password()
        and AccountState.objects.filter(
            pk=user.pk, activation_used_at__isnull=True, activation_expires_at__gt=timezone.now()
        )
        .exclude(activation_digest="")
        .exists()
    )


@transaction.atomic
def activation_check(*, user: User, code: str) -> bool:
    """Use `code` for `user`: True once for the right, unexpired, unused code within the attempt limit.

    A wrong code counts an attempt (the `MAX_ATTEMPTS`-th wrong one kills the code: an administrator issues a
    new one). The row is locked, so two concurrent uses of the right code open the account once.
    """
    state = AccountState.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    if state is None or not state.activation_digest or state.activation_used_at is not None:
        return False
    if state.activation_expires_at is None or state.activation_expires_at <= now:
        return False
    if state.activation_attempts >= MAX_ATTEMPTS:
        return False
    if not looks_like_code(code) or not hmac.compare_digest(state.activation_digest, code_digest(code)):
        AccountState.objects.filter(pk=user.pk).update(activation_attempts=F("activation_attempts") + 1)
        return False
    AccountState.objects.filter(pk=user.pk).update(activation_used_at=now, must_change_password=True)
    audit_record(actor=user, action="account.activated", target=user)
    return True


def activation_set(*, user: User, code: str, now: datetime | None = None) -> None:
    """Give `user` a fresh code (used by the single-account issue); the caller holds the transaction."""
    now = now or timezone.now()
    AccountState.objects.update_or_create(
        user=user,
        defaults={
            "must_change_password": True,
            "initial_password_issued_at": now,
            "activation_digest": code_digest(code),
            "activation_expires_at": now + code_ttl(),
            "activation_attempts": 0,
            "activation_used_at": None,
        },
    )
