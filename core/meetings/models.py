"""Cell meetings (sinh hoạt chi bộ): schedule, agenda, opinions, attendance; in-app notifications."""

from typing import ClassVar

from django.conf import settings
from django.db import models


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Sinh hoạt thường kỳ"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    PUBLISHED = "published", "Đã thông báo"
    HELD = "held", "Đã họp"
    CLOSED = "closed", "Đã kết thúc"


class Meeting(models.Model):
    cell = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField("loại", max_length=10, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    title = models.CharField("tiêu đề", max_length=200)
    topic = models.CharField("chuyên đề", max_length=300, blank=True)
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc")
    place = models.CharField("địa điểm", max_length=200, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-starts_at"]
        indexes: ClassVar = [models.Index(fields=["cell", "status", "starts_at"], name="meeting_cell_status_idx")]
        verbose_name = "buổi sinh hoạt"
        verbose_name_plural = "buổi sinh hoạt"

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField("nội dung", max_length=200)
    details = models.TextField("chi tiết", blank=True)

    class Meta:
        ordering: ClassVar = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Opinion(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="opinions"
    )
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="meeting_opinions")
    text = models.TextField("ý kiến")
    # Differs from member.user when the secretary records the opinion for the member (proxy).
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.text[:40]}"

    @property
    def is_proxy(self) -> bool:
        return self.recorded_by_id is not None and self.recorded_by_id != self.member.user_id


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Có mặt"
    EXCUSED = "excused", "Vắng có lý do"
    UNEXCUSED = "unexcused", "Vắng không lý do"
    EXEMPT = "exempt", "Miễn sinh hoạt"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="meeting_attendances")
    status = models.CharField("điểm danh", max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField("lý do", max_length=300, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_meeting_member_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.member_id}: {self.status}"


class Notification(models.Model):
    """A tiny in-app notification (to be replaced by a shared notifications app)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_notifications")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["user", "read_at"], name="meeting_notif_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.text[:40]}"
