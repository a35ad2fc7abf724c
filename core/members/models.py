"""Party members (Regulation 339 profile). Sensitive fields are read only through selectors."""

from typing import ClassVar

from django.conf import settings
from django.db import models


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    OFFICIAL = "official", "Chính thức"
    EXEMPT = "exempt", "Miễn sinh hoạt"
    WORKING_AWAY = "working_away", "Đi làm ăn xa"
    TRANSFERRED_OUT = "transferred_out", "Đã chuyển đi"
    DECEASED = "deceased", "Từ trần"


class Member(models.Model):
    party_card_number = models.CharField("số thẻ đảng", max_length=20, unique=True)
    full_name = models.CharField("họ và tên", max_length=120)
    date_of_birth = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=8, choices=Sex.choices)
    admitted_on = models.DateField("ngày vào Đảng")
    official_on = models.DateField("ngày chính thức", null=True, blank=True)
    cell = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="members")
    citizen_id = models.CharField("số CCCD", max_length=12, blank=True)
    phone = models.CharField("điện thoại", max_length=15, blank=True)
    status = models.CharField("trạng thái", max_length=16, choices=MemberStatus.choices)
    has_smartphone = models.BooleanField("có điện thoại thông minh", default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )

    class Meta:
        ordering: ClassVar = ["full_name"]
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.party_card_number})"
