"""Quizzes and contests (docs/adr/0037-quiz-engine-server-timing.md): a committee's question bank, a quiz that draws
N of its questions (the same N for everyone, or a random N per attempt), attempts with a server deadline, the order
of questions and options stored per attempt, and answers saved one by one."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionBank(models.Model):
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    name = models.CharField(_("tên ngân hàng câu hỏi"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("câu hỏi"))
    multiple = models.BooleanField(_("nhiều đáp án đúng"), default=False)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("phương án"), max_length=500)
    correct = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Draw(models.TextChoices):
    FIXED = "fixed", _("Cố định (các câu đầu của ngân hàng)")
    RANDOM = "random", _("Ngẫu nhiên cho mỗi lượt")


class Quiz(models.Model):
    title = models.CharField(_("tên bài thi"), max_length=300)
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    audience_unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đối tượng")
    )
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="quizzes")
    question_count = models.PositiveSmallIntegerField(_("số câu"))
    draw = models.CharField(max_length=8, choices=Draw.choices, default=Draw.RANDOM)
    time_limit_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"))
    max_attempts = models.PositiveSmallIntegerField(_("số lượt"), default=1)
    pass_percent = models.PositiveSmallIntegerField(_("tỷ lệ đạt (%)"), default=50)
    is_contest = models.BooleanField(_("cuộc thi (xếp hạng)"), default=False)
    opens_at = models.DateTimeField(_("mở từ"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-opens_at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="study_quiz_dates"),
            models.CheckConstraint(condition=models.Q(question_count__gt=0), name="study_quiz_has_questions"),
            models.CheckConstraint(condition=models.Q(time_limit_seconds__gt=0), name="study_quiz_has_time"),
        ]

    def __str__(self) -> str:
        return self.title


class Attempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    cell = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    total = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    passed = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["-started_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["quiz", "member", "number"], name="study_attempt_number_unique"),
            # Scored exactly once: a score exists if and only if the attempt is submitted.
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True, score__isnull=True)
                | models.Q(submitted_at__isnull=False, score__isnull=False),
                name="study_attempt_scored_once",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["quiz", "-score", "duration_ms"], name="study_attempt_rank_idx")]

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.member_id}#{self.number}"


class AttemptQuestion(models.Model):
    """One drawn question of an attempt: its place, the order its options were shown in, the chosen options."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    option_order = models.JSONField(default=list)
    chosen = models.JSONField(default=list)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["attempt", "question"], name="study_attempt_question_unique"),
            models.UniqueConstraint(fields=["attempt", "position"], name="study_attempt_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.position}"
