"""Sentences of study entries in the audit log (core/audit/sentences.py): campaigns by title, reflections and
attempts by their campaign or quiz; a secretary's proxy entries name the member acted for."""

from django.utils.translation import gettext_lazy as _

from core.audit.names import register_names
from core.audit.sentences import Entry, sentence
from core.study.course_models import Course, TrainingSession
from core.study.models import Campaign, Completion, Reflection, ReflectionStatus
from core.study.quiz_models import Attempt, QuestionBank


def _campaigns(ids: list[int]) -> dict[int, str]:
    return {pk: f"đợt học tập “{t}”" for pk, t in Campaign.objects.filter(pk__in=ids).values_list("pk", "title")}


def _reflections(ids: list[int]) -> dict[int, str]:
    rows = Reflection.objects.filter(pk__in=ids).values_list("pk", "campaign__title")
    return {pk: f"bài thu hoạch “{t}”" for pk, t in rows}


def _completions(ids: list[int]) -> dict[int, str]:
    rows = Completion.objects.filter(pk__in=ids).values_list("pk", "campaign__title")
    return {pk: f"hoàn thành học tập “{t}”" for pk, t in rows}


def _attempts(ids: list[int]) -> dict[int, str]:
    rows = Attempt.objects.filter(pk__in=ids).values_list("pk", "quiz__title", "number")
    return {pk: f"lượt {n} bài thi “{t}”" for pk, t, n in rows}


register_names("study_campaign", _campaigns, target_types=("Campaign",))
register_names("study_reflection", _reflections, target_types=("Reflection",))
register_names("study_completion", _completions, target_types=("Completion",))
register_names("study_attempt", _attempts, target_types=("Attempt",))


@sentence("study.campaign_created", _("Mở đợt học tập nghị quyết"))
def _created(e: Entry) -> str:
    return f"{e.actor} mở {e.target}."


@sentence("study.reflection_submitted", _("Nộp bài thu hoạch"))
def _submitted(e: Entry) -> str:
    return f"{e.actor} nộp {e.target}{e.for_whom}."


@sentence("study.reflection_reviewed", _("Duyệt bài thu hoạch"))
def _reviewed(e: Entry) -> str:
    to = e.to("status")
    label = ReflectionStatus(to).label if to in ReflectionStatus.values else to
    return f"{e.actor} chuyển {e.target} sang “{label}”."


@sentence("study.completion_proxy", _("Ghi nhận hoàn thành học tập thay đảng viên"))
def _proxy(e: Entry) -> str:
    return f"{e.actor} ghi nhận {e.target}{e.for_whom}."


@sentence("study.attempt_started", _("Bắt đầu làm bài thi"))
def _started(e: Entry) -> str:
    return f"{e.actor} bắt đầu {e.target}."


@sentence("study.attempt_submitted", _("Nộp bài thi"))
def _attempt_submitted(e: Entry) -> str:
    return f"{e.actor} nộp {e.target}: {e.changes.get('score', '—')}/{e.changes.get('total', '—')} câu đúng."


register_names(
    "study_bank",
    lambda ids: {
        pk: f"ngân hàng câu hỏi “{n}”" for pk, n in QuestionBank.objects.filter(pk__in=ids).values_list("pk", "name")
    },
    target_types=("QuestionBank",),
)


@sentence("study.questions_imported", _("Nhập câu hỏi từ tệp"))
def _imported(e: Entry) -> str:
    return f"{e.actor} nhập {e.changes.get('inserted', '—')} câu hỏi vào {e.target}."


register_names(
    "study_course",
    lambda ids: {pk: f"khóa bồi dưỡng “{t}”" for pk, t in Course.objects.filter(pk__in=ids).values_list("pk", "title")},
    target_types=("Course",),
)
register_names(
    "study_session",
    lambda ids: {
        pk: f"buổi tập huấn “{t}”" for pk, t in TrainingSession.objects.filter(pk__in=ids).values_list("pk", "title")
    },
    target_types=("TrainingSession",),
)


@sentence("study.course_created", _("Tạo khóa bồi dưỡng"))
def _course(e: Entry) -> str:
    return f"{e.actor} tạo {e.target}."


@sentence("study.session_created", _("Lên lịch buổi tập huấn"))
def _session(e: Entry) -> str:
    return f"{e.actor} lên lịch {e.target}."


@sentence("study.attendance_marked", _("Điểm danh buổi tập huấn"))
def _attendance(e: Entry) -> str:
    mark = "có mặt" if e.changes.get("present") else "vắng"
    return f"{e.actor} ghi {e.member(e.changes.get('member'))} {mark} tại {e.target}."
