"""The registry of sensitive member fields and who may see each (docs/adr/0012-sensitive-fields.md).

A field listed here is shown only to holders of its permission over the member's cell and, when
`owner_may_see`, to the member themself. Everything that renders or accepts member data asks this module:
the profile pages, profile corrections (proposal, review, decision), the member API, the audit log (values are
redacted when the entry is *written*: no stored audit row holds one), exports and notifications. Adding a
field is one line in `SENSITIVE_FIELDS`; the class-wide test tests/core/members/test_sensitive_everywhere.py
then plants a value in it and checks every page, API response and export.

Which fields, and why (docs/guides/roles.md):
- citizen ID: an identity number that opens accounts elsewhere (ADR 0012).
- ethnicity and religion: "sensitive personal data" under Decree 13/2023/NĐ-CP (art. 2.4: racial or ethnic
  origin, religious views). Only the organisation department (who keeps the records), tenant admins, the
  inspection committee and the member see them; reports count them only for those who may see them.
- disciplines: a member's disciplinary record is part of the personnel file kept by the organisation
  department and read by the inspection committee, not by district offices, secretaries or fellow members.
- quality ratings: the cell proposes and the committee above approves, so secretaries and committee admins
  (RATINGS_VIEW) see them over their scope; fellow members do not; the member sees their own.
Not sensitive: hometown, residence, education, qualification, political theory, occupation, workplace,
rewards, work history (they are printed on ordinary member lists and commendations).

`on_member` is False for a record kept outside the member row (disciplines, ratings): the key names the record
in audit entries (redacted at write) and in `may_see`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_VIEW_SENSITIVE, RATINGS_VIEW

if TYPE_CHECKING:
    from core.members.models import Member
    from core.org.models import OrgUnit

# Shown in place of a value the viewer may not see; stored in place of the value in audit entries.
MASK = "••••••"


@dataclass(frozen=True)
class SensitiveField:
    name: str  # the Member field (and the key in correction and audit changes)
    label: str | Promise
    permission: str  # who may see it, over the member's cell (core/access/permissions.py)
    owner_may_see: bool = True  # the member sees (and may propose to correct) their own value
    on_member: bool = True  # a Member field (False: a related record such as a discipline or a rating)


SENSITIVE_FIELDS: dict[str, SensitiveField] = {
    f.name: f
    for f in (
        SensitiveField("citizen_id", _("Số CCCD"), MEMBERS_VIEW_SENSITIVE),
        SensitiveField("ethnicity", _("Dân tộc"), MEMBERS_VIEW_SENSITIVE),
        SensitiveField("religion", _("Tôn giáo"), MEMBERS_VIEW_SENSITIVE),
        SensitiveField("discipline", _("Kỷ luật"), MEMBERS_VIEW_SENSITIVE, on_member=False),
        SensitiveField("rating", _("Xếp loại chất lượng"), RATINGS_VIEW, on_member=False),
    )
}
MEMBER_FIELDS = tuple(name for name, spec in SENSITIVE_FIELDS.items() if spec.on_member)


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


def may_see_in(user: User | AnonymousUser | None, field: str, unit: "OrgUnit") -> bool:
    """Whether `user` may see `field` for every member of `unit`'s subtree (reports counting it)."""
    spec = SENSITIVE_FIELDS.get(field)
    return spec is None or has_perm_on(user, spec.permission, unit)
