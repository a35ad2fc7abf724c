"""What every meeting service shares: who may run a cell's meetings, locking, statuses that matter."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from core.access.checks import has_perm_on
from core.access.permissions import MEETINGS_RUN
from core.meetings.models import Meeting, MeetingStatus
from core.members.models import MemberStatus
from core.org.models import OrgUnit

# Members no longer in the cell's life: not notified, cannot give opinions or check in.
GONE_STATUSES = (MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED)
OPEN_STATUSES = (MeetingStatus.PUBLISHED, MeetingStatus.HELD)


def require_runner(actor: User, cell: OrgUnit) -> None:
    """The secretary, deputy or a committee/tenant admin over the cell runs its meetings."""
    if not has_perm_on(actor, MEETINGS_RUN, cell):
        raise PermissionDenied


def locked(meeting: Meeting) -> Meeting:
    """The meeting re-read under a row lock (call inside the service's transaction)."""
    return Meeting.objects.select_for_update().select_related("cell").get(pk=meeting.pk)
