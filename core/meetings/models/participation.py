"""What members do around a meeting: opinions (also by proxy), attendance, and catch-up read receipts."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.meetings.models.meeting import AgendaItem, Meeting


class Opinion(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="opinions"
    )
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="meeting_opinions")
    text = models.TextField(_("ý kiến"))
    # Differs from member.user when the secretary records the opinion for the member (proxy).
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The sender's idempotency key: a POST retried on a weak connection (or a queued offline opinion sent twice)
    # records once. Empty for opinions sent without one.
    client_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member", "client_key"], condition=~models.Q(client_key=""), name="opinion_client_key_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.text[:40]}"

    @property
    def is_proxy(self) -> bool:
        return self.recorded_by_id is not None and self.recorded_by_id != self.member.user_id


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    EXCUSED = "excused", _("Vắng có lý do")
    UNEXCUSED = "unexcused", _("Vắng không lý do")
    EXEMPT = "exempt", _("Miễn sinh hoạt")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="meeting_attendances")
    status = models.CharField(_("điểm danh"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_meeting_member_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.member_id}: {self.status}"


class ReadReceipt(models.Model):
    """A member has read a held meeting's agenda, minutes and resolution (catch-up); first read only. For a
    member without a smartphone the secretary records that they briefed the member in person (`recorded_by`)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="read_receipts")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="meeting_reads")
    read_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["meeting", "member"], name="readreceipt_uniq")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.member_id}"
