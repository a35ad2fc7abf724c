"""Notifications: one `Notice` per thing said (its text, link, kind and audience), one `Notification` row per
recipient (the in-app centre: read or not, pushed or not), members' preferences per kind, and Web Push
subscriptions per device. See docs/adr/0026-notifications-fan-out.md.

The recipient row is narrow on purpose (notice, user, read_at, pushed_at): a notice to a whole committee of
470,000 members is 470,000 rows written by a few INSERT … SELECT statements, and the unique (notice, user)
pair is the idempotency key that makes a retried fan-out write nothing twice.
"""

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEETING = "meeting", _("Sinh hoạt chi bộ")
    REMINDER = "reminder", _("Nhắc việc của bí thư")
    DOCUMENT = "document", _("Văn bản, nghị quyết mới")
    NEWS = "news", _("Tin tức, thông báo")
    FEEDBACK = "feedback", _("Ý kiến, kiến nghị")
    GENERAL = "general", _("Thông báo chung")


class Audience(models.TextChoices):
    MEMBERS = "members", _("Một số đảng viên")
    CELL = "cell", _("Một chi bộ")
    SUBTREE = "subtree", _("Một tổ chức và các tổ chức trực thuộc")
    COMMITTEE = "committee", _("Toàn Đảng bộ")


class FanoutState(models.TextChoices):
    PENDING = "pending", _("Đang gửi")
    DONE = "done", _("Đã gửi")


class Mode(models.TextChoices):
    PUSH = "push", _("Báo ngay trên điện thoại")
    INAPP = "inapp", _("Chỉ trong ứng dụng")
    DIGEST = "digest", _("Tổng hợp mỗi ngày")


class Notice(models.Model):
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.MEMBERS)
    unit = models.ForeignKey("org.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Idempotency of the sender: a second notify() with the same key reuses the notice (reminders, retries).
    key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=8, choices=FanoutState.choices, default=FanoutState.DONE)
    # Fan-out progress: members with id ≤ cursor have their rows (committed with the rows, chunk by chunk).
    cursor = models.BigIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)
    statements = models.PositiveIntegerField(default=0)  # INSERT statements the fan-out took
    runs = models.PositiveSmallIntegerField(default=0)  # fan-out task runs (more than 1 after a killed worker)
    pushed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Notification(models.Model):
    """One member's copy of a notice: unique (notice, user) is the fan-out's idempotency key."""

    id = models.BigAutoField(primary_key=True)
    # No database-level foreign keys on this table: a referential check per inserted row is a large share of a
    # 470,000-row fan-out. Deletes still cascade through the ORM (users and notices are deleted only that way).
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="deliveries", db_index=False, db_constraint=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
        db_constraint=False,
    )
    read_at = models.DateTimeField(null=True, blank=True)
    # Set (and committed) just before a push or a digest carries it: a retried sender skips it (at most once).
    pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-notice_id"]
        # (user, notice) is the idempotency key and the centre's only index (a user's rows, newest notice first;
        # the unread count reads them too): every index costs on a 470,000-row fan-out.
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "notice"], name="notif_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.notice_id}"

    @property
    def text(self) -> str:
        return self.notice.text

    @property
    def url(self) -> str:
        return self.notice.url

    @property
    def kind(self) -> str:
        return self.notice.kind

    @property
    def created_at(self) -> datetime:
        return self.notice.created_at


class Preference(models.Model):
    """How a member wants one kind of notification; no row means Mode.PUSH."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preferences")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.PUSH)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}={self.mode}"


class PushSubscription(models.Model):
    """One browser or installed app of a member (the Push API's subscription); pruned when the push service
    answers 404/410."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["user"], name="push_sub_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.endpoint[:50]}"
