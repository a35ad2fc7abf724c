"""Training courses for secretaries (docs/adr/0038-training-courses.md): lessons of sanitised rich text with an
optional document, video and check quiz (the quiz engine of core/study), a completion row per person and lesson,
and training sessions (an online meeting link, a time, attendance marked by the organiser)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.study.quiz_models import Quiz


class Course(models.Model):
    title = models.CharField(_("tên khóa bồi dưỡng"), max_length=300)
    description = models.TextField(_("giới thiệu"), blank=True)
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    audience_unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đối tượng")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("tên bài"), max_length=300)
    body = models.TextField(_("nội dung"), help_text="HTML sanitised by core/content/sanitize.py")
    document = models.ForeignKey("library.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    video_url = models.URLField(_("đường dẫn video"), blank=True)
    quiz = models.ForeignKey(Quiz, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class LessonDone(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="done")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["lesson", "member"], name="study_lesson_done_unique")]

    def __str__(self) -> str:
        return f"{self.lesson_id}/{self.member_id}"


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("tên buổi tập huấn"), max_length=300)
    starts_at = models.DateTimeField(_("thời gian"))
    link = models.URLField(_("đường dẫn họp trực tuyến"), blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering: ClassVar = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class SessionAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "member"], name="study_session_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.member_id}"
