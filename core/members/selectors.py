"""Member reads."""

from django.db.models import Count, Q

from core.members.models import Member, MemberStatus


def member_counts() -> dict[str, int]:
    return Member.objects.aggregate(
        total=Count("pk"),
        official=Count("pk", filter=Q(status=MemberStatus.OFFICIAL)),
        probationary=Count("pk", filter=Q(status=MemberStatus.PROBATIONARY)),
    )
