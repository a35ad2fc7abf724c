"""`{% votes_secretary_panel meeting %}` and `{% votes_member_panel meeting member %}`: the vote partials of the
secretary's meeting page and the member's page, with their own reads (the same selectors the API serialises), so
the shared page views stay unchanged."""

from typing import Any

from django import template

from core.meetings import vote_rules
from core.meetings.models import Meeting, VoteChoice
from core.meetings.selectors_votes import voters_now, votes_for_member, votes_for_runner
from core.members.models import Member, MemberStatus

register = template.Library()


@register.inclusion_tag("tenant/meetings/_votes_secretary.html", takes_context=True)
def votes_secretary_panel(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    eligible = voters_now(meeting)
    return {
        "meeting": meeting,
        "rows": votes_for_runner(meeting),
        "agenda": list(meeting.agenda_items.all()),
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
