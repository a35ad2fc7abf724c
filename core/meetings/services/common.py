"""What every meeting service shares: who may run a cell's meetings, locking, statuses that matter."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEETINGS_RUN
from core.meetings.models import Meeting, MeetingStatus
from core.members.models import GONE_STATUSES
from core.org.models import OrgUnit

# Members no longer in the cell's life: not notified, cannot give opinions or check in.
GONE_STATUSES = GONE_STATUSES
OPEN_STATUSES = (MeetingStatus.PUBLISHED, MeetingStatus.HELD)


def require_runner(actor: User, cell: OrgUnit) -> None:
    """The secretary, deputy or a committee/tenant admin over the cell runs its meetings."""
    if not has_perm_on(actor, MEETINGS_RUN, cell):
        raise PermissionDenied


def locked(meeting: Meeting) -> Meeting:
    """The meeting re-read under a row lock (call inside the service's transaction)."""
    return Meeting.objects.select_for_update().select_related("cell").get(pk=meeting.pk)


def clean_online_url(value: str) -> str:
    """The online meeting link: empty, or an http(s) address (no javascript:, data: or other schemes)."""
    value = value.strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise ValidationError(
            _("Đường dẫn họp trực tuyến không hợp lệ: cần một địa chỉ bắt đầu bằng https://"), code="bad_online_url"
        ) from None
    if len(value) > 500:
        raise ValidationError(_("Đường dẫn họp trực tuyến quá dài (tối đa 500 ký tự)."), code="bad_online_url")
    return value
