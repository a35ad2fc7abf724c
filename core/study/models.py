"""Resolution study (docs/adr/0036-resolution-study-campaigns.md): a campaign's materials (library documents and
video links) for an audience subtree, read marks, written reflections reviewed by the cell's secretary, and one
completion row per member once the campaign's rule is met (or recorded by a secretary as an audited proxy).

Quizzes live in core/study/quiz_models.py and courses in core/study/course_models.py; they are imported here so
Django finds them."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.study.course_models import Course, Lesson, LessonDone, SessionAttendance, TrainingSession
from core.study.quiz_models import Attempt, AttemptQuestion, Option, Question, QuestionBank, Quiz


class Campaign(models.Model):
    title = models.CharField(_("tên đợt học tập"), max_length=300)
    description = models.TextField(_("giới thiệu"), blank=True)
    # The committee that runs it (whose secretaries and admins manage it).
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    # Who studies: this unit and its subtree; NULL = the whole committee (core/content/audience.py).
    audience_unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đối tượng")
    )
    opens_at = models.DateTimeField(_("mở từ"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    require_read = models.BooleanField(_("đọc hết tài liệu"), default=True)
    require_reflection = models.BooleanField(_("nộp bài thu hoạch"), default=False)
    quiz = models.ForeignKey(
        Quiz, null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns", verbose_name=_("bài kiểm tra")
    )
    require_quiz = models.BooleanField(_("đạt bài kiểm tra"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-opens_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["closes_at", "opens_at"], name="study_campaign_dates_idx")]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="study_campaign_dates"),
            models.CheckConstraint(
                condition=models.Q(require_quiz=False) | models.Q(quiz__isnull=False), name="study_quiz_rule_has_quiz"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Material(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey("library.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    video_url = models.URLField(_("đường dẫn video"), blank=True)
    title = models.CharField(_("tên tài liệu"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False) | ~models.Q(video_url=""), name="study_material_has_source"
            )
        ]

    def __str__(self) -> str:
        return self.title


class MaterialRead(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["material", "member"], name="study_read_unique")]
        indexes: ClassVar = [models.Index(fields=["member", "material"], name="study_read_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.material_id}"


class ReflectionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Chờ duyệt")
    ACCEPTED = "accepted", _("Đã đạt")
    RETURNED = "returned", _("Trả lại để viết lại")


class Reflection(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reflections")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    cell = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("bài thu hoạch"))
    status = models.CharField(max_length=10, choices=ReflectionStatus.choices, default=ReflectionStatus.SUBMITTED)
    review_comment = models.TextField(_("nhận xét"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField()
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_stored = models.CharField(max_length=64, blank=True)
    attachment_type = models.CharField(max_length=120, blank=True)
    attachment_size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["-submitted_at", "-pk"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["campaign", "member"], name="study_reflection_unique")]
        indexes: ClassVar = [models.Index(fields=["cell", "status"], name="study_reflection_cell_idx")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.member_id}"


class Completion(models.Model):
    """A member met the campaign's rule (or a secretary recorded it for them: `proxy_by`)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="completions")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()
    proxy_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["campaign", "member"], name="study_completion_unique")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.member_id}"


__all__ = [
    "Attempt",
    "AttemptQuestion",
    "Campaign",
    "Completion",
    "Course",
    "Lesson",
    "LessonDone",
    "Material",
    "MaterialRead",
    "Option",
    "Question",
    "QuestionBank",
    "Quiz",
    "Reflection",
    "ReflectionStatus",
    "SessionAttendance",
    "TrainingSession",
]
