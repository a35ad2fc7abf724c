"""The completion rule of a campaign: any combination of "read every material", "a reflection accepted by the
secretary" and "passed the campaign's quiz". Every step a member takes only ever adds to what they have done (a
read is never unmarked, an accepted reflection is final, a passed attempt stays passed), so the completion row is
written once, when the last required part is met, and never removed."""

import datetime as dt

from core.members.models import Member
from core.study.models import Attempt, Campaign, Completion, Material, MaterialRead, Reflection, ReflectionStatus


def rule_parts(*, campaign: Campaign, member: Member) -> dict[str, bool]:
    """Which required parts the member has met (only the required ones are listed)."""
    parts: dict[str, bool] = {}
    if campaign.require_read:
        total = Material.objects.filter(campaign=campaign).count()
        read = MaterialRead.objects.filter(material__campaign=campaign, member=member).count()
        parts["read"] = total > 0 and read >= total
    if campaign.require_reflection:
        parts["reflection"] = Reflection.objects.filter(
            campaign=campaign, member=member, status=ReflectionStatus.ACCEPTED
        ).exists()
    if campaign.require_quiz:
        quiz_id = campaign.quiz_id or 0
        parts["quiz"] = Attempt.objects.filter(quiz_id=quiz_id, member=member, passed=True).exists()
    return parts


def refresh_completion(*, campaign: Campaign, member: Member, now: dt.datetime) -> bool:
    """Write the completion row if the rule is now met; True when the member has completed."""
    if Completion.objects.filter(campaign=campaign, member=member).exists():
        return True
    parts = rule_parts(campaign=campaign, member=member)
    if not parts or not all(parts.values()):
        return False
    Completion.objects.get_or_create(campaign=campaign, member=member, defaults={"completed_at": now})
    return True
