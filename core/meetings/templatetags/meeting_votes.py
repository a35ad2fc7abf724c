"""`{% votes_secretary_panel meeting %}` and `{% votes_member_panel meeting member %}`: the vote partials of the
secretary's meeting page and the member's page, with their own reads, so the shared page views stay unchanged."""

from typing import Any

from django import template

from core.meetings.models import Meeting, VoteChoice
from core.meetings.selectors_votes import votes_for_member, votes_for_runner
from core.meetings.services.votes import NOT_CALLED_STATUSES
from core.members.models import Member

register = template.Library()


@register.inclusion_tag("tenant/meetings/_votes_secretary.html", takes_context=True)
def votes_secretary_panel(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "rows": votes_for_runner(meeting),
        "agenda": list(meeting.agenda_items.all()),
        "choices": VoteChoice.choices,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("tenant/meetings/_votes_member.html", takes_context=True)
def votes_member_panel(context: template.Context, meeting: Meeting, member: Member) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "rows": votes_for_member(meeting, member),
        "can_vote": member.status not in NOT_CALLED_STATUSES,
        "choices": VoteChoice.choices,
        "csrf_token": context.get("csrf_token"),
    }
