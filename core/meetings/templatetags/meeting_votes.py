"""`{% votes_secretary_panel screen %}` and `{% votes_member_panel meeting member %}`: the vote partials of the
secretary's meeting page (from the page's `RunnerMeeting`, the read model the secretary's API returns) and of the
member's page (its own read, the selector the member's API serialises)."""

from typing import Any

from django import template

from core.meetings import vote_rules
from core.meetings.models import Meeting, VoteChoice
from core.meetings.selectors_secretary import RunnerMeeting
from core.meetings.selectors_votes import votes_for_member
from core.members.models import Member, MemberStatus

register = template.Library()


@register.inclusion_tag("tenant/meetings/_votes_secretary.html", takes_context=True)
def votes_secretary_panel(context: template.Context, screen: RunnerMeeting) -> dict[str, Any]:
    eligible = screen.voters  # E if a vote opened now, over the same roster rows the page shows
    return {
        "meeting": screen.meeting,
        "rows": screen.votes,
        "agenda": screen.agenda,
        "choices": VoteChoice.choices,
        "eligible_now": eligible,
        "quorum_now": vote_rules.quorum_needed(eligible),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("tenant/meetings/_votes_member.html", takes_context=True)
def votes_member_panel(context: template.Context, meeting: Meeting, member: Member) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "rows": votes_for_member(meeting, member),
        "probationary": member.status == MemberStatus.PROBATIONARY,
        "choices": VoteChoice.choices,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def voting_note(member: Member) -> str:
    """The roster note for a member: "dự bị — không biểu quyết", "miễn sinh hoạt — biểu quyết khi có mặt" or ""."""
    return str(vote_rules.voting_note(member.status))


@register.filter
def person(user: object) -> str:
    """A user as people know them: the member's full name, else the account's name, else the login name."""
    if user is None:
        return ""
    member = getattr(user, "member", None) if hasattr(user, "pk") else None
    if member is not None:
        return str(member.full_name)
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "get_username", lambda: "")())
