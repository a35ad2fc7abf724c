"""The registry of sensitive member fields and who may see each (docs/adr/0012-sensitive-fields.md).

A field listed here is shown only to holders of its permission over the member's cell and, when
`owner_may_see`, to the member themself. Everything that renders or accepts member data asks this module:
the profile pages, profile corrections (proposal, review, decision), the member API, the audit log (values are
redacted when the entry is *written*: no stored audit row holds one), exports and notifications. Adding a
field (a rating, a discipline record) is one line in `SENSITIVE_FIELDS`; the class-wide test
tests/core/members/test_sensitive_everywhere.py then plants a value in it and checks every page, API
response and export.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_VIEW_SENSITIVE

if TYPE_CHECKING:
    from core.members.models import Member

# Shown in place of a value the viewer may not see; stored in place of the value in audit entries.
MASK = "••••••"


@dataclass(frozen=True)
class SensitiveField:
    name: str  # the Member field (and the key in correction and audit changes)
    label: str | Promise
    permission: str  # who may see it, over the member's cell (core/access/permissions.py)
    owner_may_see: bool = True  # the member sees (and may propose to correct) their own value


SENSITIVE_FIELDS: dict[str, SensitiveField] = {
    f.name: f for f in (SensitiveField("citizen_id", _("Số CCCD"), MEMBERS_VIEW_SENSITIVE),)
}


def may_see(user: User | AnonymousUser | None, member: "Member", field: str) -> bool:
    """Whether `user` may see `member`'s `field` (any field not in the registry: yes)."""
    spec = SENSITIVE_FIELDS.get(field)
    if spec is None:
        return True
    if spec.owner_may_see and user is not None and user.is_authenticated and member.user_id == user.pk:
        return True
    return has_perm_on(user, spec.permission, member.cell)


def hidden_fields(user: User | AnonymousUser | None, member: "Member", fields: Iterable[str] = ()) -> list[str]:
    """The sensitive fields among `fields` (default: all of them) that `user` may not see, in registry order."""
    wanted = set(fields) if fields else set(SENSITIVE_FIELDS)
    return [name for name in SENSITIVE_FIELDS if name in wanted and not may_see(user, member, name)]


def field_labels(names: Iterable[str]) -> str:
    """ "Số CCCD, …" for a message."""
    return ", ".join(str(SENSITIVE_FIELDS[n].label) for n in names)


def _redacted(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _redacted(v) for k, v in value.items()}
    return MASK if value not in (None, "") else value


def redact(changes: Any) -> Any:
    """`changes` with the value under every sensitive key replaced by MASK, at any depth (audit entries)."""
    if isinstance(changes, Mapping):
        return {k: _redacted(v) if k in SENSITIVE_FIELDS else redact(v) for k, v in changes.items()}
    if isinstance(changes, list | tuple):
        return [redact(v) for v in changes]
    return changes
