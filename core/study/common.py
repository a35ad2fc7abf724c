"""Small shared pieces of the study area: the clock, the acting member, the audience check."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from core.content.audience import path_ids
from core.members.models import GONE_STATUSES, Member


def now_or(now: dt.datetime | None) -> dt.datetime:
    """The injectable clock: services take `now=` (tests pass a fixed instant); the server's time otherwise."""
    return now if now is not None else timezone.now()


def member_of(user: User) -> Member:
    """The signed-in user's own member record (with its cell); PermissionDenied for non-members."""
    member = Member.objects.select_related("cell").filter(user=user).exclude(status__in=GONE_STATUSES).first()
    if member is None:
        raise PermissionDenied(_("Chỉ đảng viên mới tham gia học tập được."))
    return member


def in_audience(member: Member, audience_unit_id: int | None) -> bool:
    """The member's cell is inside the audience (a unit and its subtree; NULL = the whole committee)."""
    return audience_unit_id is None or audience_unit_id in path_ids(member.cell.path)
