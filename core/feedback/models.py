"""Members' feedback to their cell or a committee (ý kiến, kiến nghị): a thread with a status, replies both ways,
attachments. Who sees what (docs/adr/0028-feedback-threads.md):
- the author sees their own threads;
- handlers are the holders of FEEDBACK_HANDLE on the addressed unit (its secretaries for a cell, the committee's
  administrators above); they see the threads addressed to units of their subtree;
- with `hide_name_from_cell`, a handler whose grant is on the author's own cell (the cell's secretary or deputy)
  sees "Đảng viên (ẩn danh)"; handlers of a committee above the cell see the name — the author stays accountable.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("Mới")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


# What a handler may set by hand (answered follows a reply).
STATUS_CHANGES = [(Status.IN_PROGRESS.value, Status.IN_PROGRESS.label), (Status.CLOSED.value, Status.CLOSED.label)]


class Source(models.TextChoices):
    MEMBER = "member", _("Đảng viên gửi")
    PROXY = "proxy", _("Bí thư gửi thay")
    ASSISTANT = "assistant", _("Từ trợ lý ảo")


class Thread(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey("members.Member", null=True, on_delete=models.SET_NULL, related_name="+")
    author_cell = models.ForeignKey("org.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("gửi tới"))
    subject = models.CharField(_("tiêu đề"), max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    hide_name_from_cell = models.BooleanField(_("không hiện tên với chi bộ"), default=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MEMBER)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-updated_at", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["author", "-updated_at"], name="feedback_author_idx"),
            models.Index(fields=["unit", "status"], name="feedback_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_handler = models.BooleanField(default=False)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return self.original_name
