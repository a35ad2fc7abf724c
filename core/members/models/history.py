"""Dated history of a member's status (docs/adr/0019-member-status-history.md).

`Member.status` stays the current status (every figure reads it); each change of it is one
`MemberStatusChange` row written by the same service, with what the event needs: the exemption's reason and
dates, where a member works away, where they were transferred from or to, the decision that expelled or
removed them. Rows are never edited: a mistake is corrected by a later event.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.members.models.member import ExemptReason, Member, MemberStatus


class StatusEvent(models.TextChoices):
    ENTERED = "entered", _("Đang sinh hoạt (bổ sung hồ sơ)")  # an existing member registered in the handbook
    ADMITTED = "admitted", _("Kết nạp")
    OFFICIAL = "official", _("Công nhận đảng viên chính thức")
    EXEMPT = "exempt", _("Miễn sinh hoạt")
    WORKING_AWAY = "working_away", _("Đi làm ăn xa")
    RETURNED = "returned", _("Trở lại sinh hoạt")
    TRANSFERRED_IN = "transferred_in", _("Chuyển sinh hoạt đến")
    TRANSFERRED_OUT = "transferred_out", _("Chuyển sinh hoạt đi")
    DECEASED = "deceased", _("Từ trần")
    EXPELLED = "expelled", _("Khai trừ")
    REMOVED = "removed", _("Xoá tên")
    IMPORTED = "imported", _("Cập nhật từ tệp nhập")


class MemberStatusChange(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    event = models.CharField(_("sự kiện"), max_length=16, choices=StatusEvent.choices)
    status_before = models.CharField(max_length=16, choices=MemberStatus.choices, blank=True)
    status_after = models.CharField(max_length=16, choices=MemberStatus.choices)
    on = models.DateField(_("từ ngày"))
    until = models.DateField(_("đến ngày (dự kiến)"), null=True, blank=True)
    exempt_reason = models.CharField(_("lý do miễn"), max_length=8, choices=ExemptReason.choices, blank=True)
    # where the member works away, came from (transferred in) or went to (transferred out)
    place = models.CharField(_("nơi"), max_length=200, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["on", "pk"]
        indexes: ClassVar = [
            models.Index(fields=["member", "on"], name="statuschange_member_idx"),
            models.Index(fields=["event", "on"], name="statuschange_event_idx"),
        ]
        verbose_name = _("thay đổi trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")

    def __str__(self) -> str:
        return f"{self.member_id} {self.event} {self.on}"
