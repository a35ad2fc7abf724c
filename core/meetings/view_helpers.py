"""What every meetings page shares: the signed-in user, Vietnamese error messages, a meeting the user runs, and
the three steps of the secretary's meeting page (ADR 0032)."""

import datetime as dt

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import access_object
from core.access.permissions import MEETINGS_RUN
from core.meetings.models import Meeting
from core.web import acting_user, show_error

__all__ = [
    "AFTER",
    "BEFORE",
    "DURING",
    "STEPS",
    "STEP_NAMES",
    "acting_user",
    "default_step",
    "managed_meeting",
    "show_error",
    "to_step",
]

BEFORE, DURING, AFTER = "chuan-bi", "trong-hop", "sau-hop"
STEPS = [(BEFORE, _("Chuẩn bị")), (DURING, _("Trong buổi họp")), (AFTER, _("Sau buổi họp"))]
STEP_NAMES = {key for key, _label in STEPS}
SOON = dt.timedelta(hours=2)  # a published meeting this close to its start opens on "Trong buổi họp"


def managed_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """A meeting of a cell whose meetings the user runs; 404 alike for missing, forbidden and other tenants."""
    return access_object(Meeting.objects.select_related("cell"), meeting_id, request.user, MEETINGS_RUN, "cell__path")


def default_step(meeting: Meeting, now: dt.datetime | None = None) -> str:
    """The step the secretary most likely needs now: preparing, running, or writing up the meeting."""
    now = now or timezone.now()
    if meeting.status in ("closed", "cancelled"):
        return AFTER
    if meeting.status == "held" or (meeting.status == "published" and meeting.starts_at - SOON <= now):
        return DURING
    return BEFORE


def to_step(meeting_id: int, step: str, anchor: str = "") -> HttpResponseRedirect:
    """Back to one step of the meeting page, at the section the action came from (no jump to the top)."""
    url = reverse("meetings:detail", kwargs={"meeting_id": meeting_id}) + f"?buoc={step}"
    return HttpResponseRedirect(url + (f"#{anchor}" if anchor else ""))
