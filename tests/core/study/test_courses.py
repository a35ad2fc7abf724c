"""Training courses: lessons keep only the sanitiser's HTML, a lesson with a check quiz completes only after a
passed attempt (the quiz engine reused), sessions need an https link, attendance is the organiser's (audited); the
guides become lessons."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit.models import AuditEvent
from core.demo.course import markdown_html
from core.study.course_services import (
    attendance_mark,
    course_create,
    course_progress,
    lesson_add,
    lesson_complete,
    session_create,
)
from core.study.quiz_models import Option
from core.study.quiz_services import answer_save, attempt_start, attempt_submit
from tests.core.study.conftest import T0

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "guides" / "meetings.md"


def test_lessons_are_sanitised_and_a_check_quiz_gates_completion(tree, quiz):
    admin = tree.users["admin_d1"]
    course = course_create(actor=admin, unit=tree.d1, title="Bồi dưỡng bí thư", audience_unit=tree.d1)
    body = '<p onclick="x()">Nội dung <script>alert(1)</script><strong>chính</strong></p>'
    lesson = lesson_add(actor=admin, course=course, title="Bài 1", body=body)
    assert lesson.body == "<p>Nội dung <strong>chính</strong></p>"
    checked = lesson_add(actor=admin, course=course, title="Bài 2", body="<p>Có kiểm tra</p>", quiz=quiz)
    member = tree.members["X"][0]
    lesson_complete(member=member, lesson=lesson, now=T0)
    lesson_complete(member=member, lesson=lesson, now=T0)  # idempotent
    with pytest.raises(ValidationError):
        lesson_complete(member=member, lesson=checked, now=T0)
    attempt, _ = attempt_start(actor=tree.users["member_x"], member=member, quiz=quiz, now=T0)
    for row in attempt.questions.all():
        right = list(Option.objects.filter(question_id=row.question_id, correct=True).values_list("pk", flat=True))
        answer_save(member=member, attempt_id=attempt.pk, question_id=row.question_id, chosen=right, now=T0)
    attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=attempt.pk, now=T0)
    lesson_complete(member=member, lesson=checked, now=T0)
    assert course_progress(course=course, member=member) == (2, 2)
    with pytest.raises(PermissionDenied):  # outside the audience
        lesson_complete(member=tree.members["Z"][0], lesson=lesson, now=T0)
    with pytest.raises(PermissionDenied):
        lesson_add(actor=tree.users["sec_x"], course=course, title="x", body="<p>x</p>")


def test_sessions_and_attendance_by_the_organiser(tree):
    admin = tree.users["admin_d1"]
    course = course_create(actor=admin, unit=tree.d1, title="Bồi dưỡng bí thư", audience_unit=tree.d1)
    with pytest.raises(ValidationError):
        session_create(actor=admin, course=course, title="Đợt 1", starts_at=T0, link="http://meet.example/x")
    session = session_create(actor=admin, course=course, title="Đợt 1", starts_at=T0 + dt.timedelta(days=1),
                             link="https://meet.jit.si/tap-huan")  # fmt: skip
    secretary_member = tree.members["X"][1]
    attendance_mark(actor=admin, session=session, member=secretary_member, present=True, now=T0)
    row = attendance_mark(actor=admin, session=session, member=secretary_member, present=False, now=T0)
    assert row.present is False and session.attendance.count() == 1
    assert AuditEvent.objects.filter(action="study.attendance_marked").count() == 2
    with pytest.raises(PermissionDenied):
        attendance_mark(actor=tree.users["sec_x"], session=session, member=secretary_member, present=True, now=T0)
    with pytest.raises(ValidationError):
        attendance_mark(actor=admin, session=session, member=tree.members["Z"][0], present=True, now=T0)


def test_a_guide_becomes_a_lesson_that_survives_the_sanitiser(tree):
    html = markdown_html(GUIDE.read_text(encoding="utf-8"))
    course = course_create(actor=tree.users["admin_d1"], unit=tree.d1, title="Khóa từ hướng dẫn")
    lesson = lesson_add(actor=tree.users["admin_d1"], course=course, title="Sinh hoạt chi bộ", body=html)
    assert "<h2>Sinh hoạt chi bộ / Cell meetings</h2>" in lesson.body
    assert "<ol>" in lesson.body and "<strong>Lịch định kỳ</strong>" in lesson.body
