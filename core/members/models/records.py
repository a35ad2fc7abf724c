"""A member's work history, rewards and disciplines (Regulation 339 profile, each with its decision).

Disciplines are sensitive (core/members/sensitive.py, "discipline"): shown only to the organisation department,
tenant admins and the member themself; their audit entries keep no detail.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.members.models.member import Member


class WorkPeriod(models.Model):
    """One line of "quá trình công tác": from–to, position, where."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="work_periods")
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    position = models.CharField(_("chức vụ, công việc"), max_length=200)
    workplace = models.CharField(_("nơi công tác"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["started_on", "pk"]
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")

    def __str__(self) -> str:
        return f"{self.member_id} {self.started_on} {self.position}"


class Decision(models.Model):
    """What a reward and a discipline share: the form, the decision (number, date, issuer) and the reason."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    form = models.CharField(_("hình thức"), max_length=200)
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    issued_by = models.CharField(_("cấp quyết định"), max_length=200, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering: ClassVar = ["decision_date", "pk"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.decision_number}"


class Reward(Decision):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="rewards")

    class Meta(Decision.Meta):
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    DISMISSAL = "dismissal", _("Cách chức")
    EXPULSION = "expulsion", _("Khai trừ")


class Discipline(Decision):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="disciplines")
    form = models.CharField(_("hình thức"), max_length=16, choices=DisciplineForm.choices)

    class Meta(Decision.Meta):
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
