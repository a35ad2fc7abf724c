"""What a meeting produces: minutes (draft → approved), the resolution, and tasks followed up later."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.meetings.models.meeting import Meeting


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    APPROVED = "approved", _("Đã duyệt")


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("biên bản"))
    status = models.CharField(max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("biên bản")
        verbose_name_plural = _("biên bản")

    def __str__(self) -> str:
        return f"Biên bản {self.meeting_id} ({self.status})"


class Resolution(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="resolution")
    text = models.TextField(_("nghị quyết"))
    vote = models.ForeignKey("meetings.Vote", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    adopted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")

    def __str__(self) -> str:
        return f"Nghị quyết {self.meeting_id}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class MeetingTask(models.Model):
    """A task assigned by a meeting's resolution; reviewed at following meetings of the cell until done."""

    cell = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="meeting_tasks")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("nhiệm vụ"), max_length=300)
    owner = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_tasks"
    )
    due_date = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["due_date", "pk"]
        indexes: ClassVar = [models.Index(fields=["cell", "status", "due_date"], name="meetingtask_cell_idx")]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self) -> str:
        return self.title


class TaskReview(models.Model):
    """The follow-up of a task at a later meeting: its status then and a note."""

    task = models.ForeignKey(MeetingTask, on_delete=models.CASCADE, related_name="reviews")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="task_reviews")
    status = models.CharField(max_length=12, choices=TaskStatus.choices)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id}@{self.meeting_id}: {self.status}"
