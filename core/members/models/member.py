"""Party members (Regulation 339 profile), their cell transfers, proposed profile corrections, committee seats."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.members.profile_lists import ETHNICITIES, Education, Qualification, Religion, Theory
from core.members.search import fold


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Dự bị")
    OFFICIAL = "official", _("Chính thức")
    EXEMPT = "exempt", _("Miễn sinh hoạt")
    WORKING_AWAY = "working_away", _("Đi làm ăn xa")
    TRANSFERRED_OUT = "transferred_out", _("Đã chuyển đi")
    DECEASED = "deceased", _("Từ trần")
    EXPELLED = "expelled", _("Khai trừ")
    REMOVED = "removed", _("Xoá tên")


# Members no longer in the party organisation's life (kept for history): not counted, notified or rated.
GONE_STATUSES = (MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED, MemberStatus.EXPELLED, MemberStatus.REMOVED)
ACTIVE_STATUSES = tuple(s for s in MemberStatus if s not in GONE_STATUSES)


class ExemptReason(models.TextChoices):
    AGE = "age", _("Tuổi cao")
    HEALTH = "health", _("Sức khoẻ")
    OTHER = "other", _("Lý do khác")


# Fields a member may propose to correct on their own profile.
CORRECTABLE_FIELDS = ("full_name", "date_of_birth", "sex", "phone", "citizen_id", "admitted_on", "official_on")
# Fields set when adding a member and changed by `member_update` (status changes go through core/members/status.py,
# cell changes through member_transfer).
PROFILE_FIELDS = (
    "party_card_number", "full_name", "date_of_birth", "sex", "admitted_on", "official_on", "citizen_id", "phone",
    "has_smartphone", "ethnicity", "religion", "hometown", "residence", "education", "qualification", "theory",
    "occupation", "workplace",
)  # fmt: skip


# An optional text field: "" when not recorded, also as the database default (raw COPY/INSERT need not list it).
OPTIONAL: dict[str, Any] = {"blank": True, "default": "", "db_default": ""}


class Member(models.Model):
    party_card_number = models.CharField(_("số thẻ đảng"), max_length=20, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    # fold(full_name): lower-case, no diacritics; searched with LIKE (accent-insensitive search).
    name_folded = models.CharField(max_length=120, default="", editable=False)
    date_of_birth = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices)
    admitted_on = models.DateField(_("ngày vào Đảng"))
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    # Keep the single-column index: the planner uses it for subtree joins (10 ms vs 65 ms for a 10,000-member
    # district; member_cell_status_idx alone is not chosen), worth its cost on large imports.
    cell = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="members")
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=MemberStatus.choices)
    exempt_reason = models.CharField(_("lý do miễn sinh hoạt"), max_length=8, choices=ExemptReason.choices, blank=True)
    has_smartphone = models.BooleanField(_("có điện thoại thông minh"), default=True)
    # Regulation 339 profile (codes from core/members/profile_lists.py; "" = not recorded).
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNICITIES, **OPTIONAL)
    religion = models.CharField(_("tôn giáo"), max_length=2, choices=Religion.choices, **OPTIONAL)
    hometown = models.CharField(_("quê quán"), max_length=200, **OPTIONAL)
    residence = models.CharField(_("nơi ở hiện nay"), max_length=200, **OPTIONAL)
    education = models.CharField(_("giáo dục phổ thông"), max_length=16, choices=Education.choices, **OPTIONAL)
    qualification = models.CharField(
        _("chuyên môn, nghiệp vụ"), max_length=16, choices=Qualification.choices, **OPTIONAL
    )
    theory = models.CharField(_("lý luận chính trị"), max_length=16, choices=Theory.choices, **OPTIONAL)
    occupation = models.CharField(_("nghề nghiệp"), max_length=120, **OPTIONAL)
    workplace = models.CharField(_("nơi làm việc"), max_length=200, **OPTIONAL)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["full_name"]
        indexes: ClassVar = [
            models.Index(fields=["cell", "status"], name="member_cell_status_idx"),
            models.Index(fields=["phone"], name="member_phone_idx"),
        ]
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.party_card_number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = fold(self.full_name)  # derived search column; bulk writers set it themselves
        super().save(*args, **kwargs)


class MemberTransfer(models.Model):
    """A move between cells (sinh hoạt chuyển), kept as history."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_cell = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    to_cell = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.from_cell_id} → {self.to_cell_id}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", pgettext_lazy("correction status", "Từ chối")


class ProfileCorrection(models.Model):
    """A member's proposed correction of their profile, approved by the secretary or the department."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="corrections")
    changes = models.JSONField(help_text='{"field": {"from": old, "to": new}}')
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status}"


class CommitteePosition(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY = "deputy", _("Phó Bí thư")
    STANDING = "standing", _("Ủy viên Ban Thường vụ")
    MEMBER = "member", _("Cấp ủy viên")


class CommitteeSeat(models.Model):
    """A member's seat on the committee (cấp ủy) of a party organisation: who attends its committee meetings.

    Ended seats keep their history (`ended_on`); a member holds at most one open seat per unit."""

    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="committee_seats")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="committee_seats")
    position = models.CharField(_("chức vụ"), max_length=10, choices=CommitteePosition.choices)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["unit_id", "position", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["unit", "member"], condition=models.Q(ended_on__isnull=True), name="committeeseat_one_open"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["member", "ended_on"], name="committeeseat_member_idx")]
        verbose_name = _("cấp ủy viên")
        verbose_name_plural = _("cấp ủy viên")

    def __str__(self) -> str:
        return f"{self.member_id} {self.position} @ {self.unit_id}"
