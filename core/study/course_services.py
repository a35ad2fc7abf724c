"""Writes of training courses: create a course and its lessons (rich text through the news sanitiser), a member
completes a lesson (after passing its check quiz, when it has one), sessions with an online link, attendance marked
by the organiser (audited)."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.access.checks import has_perm_on
from core.access.permissions import STUDY_MANAGE
from core.audit.services import audit_record
from core.content.sanitize import sanitize_html, single_line
from core.members.models import Member
from core.org.models import OrgUnit
from core.study.common import in_audience, now_or
from core.study.course_models import Course, Lesson, LessonDone, SessionAttendance, TrainingSession
from core.study.quiz_models import Attempt, Quiz


@transaction.atomic
def course_create(
    *, actor: User, unit: OrgUnit, title: str, description: str = "", audience_unit: OrgUnit | None = None
) -> Course:
    if not has_perm_on(actor, STUDY_MANAGE, unit):
        raise PermissionDenied
    title = single_line(title, 300)
    if not title:
        raise ValidationError(_("Cần có tên khóa bồi dưỡng."), code="no_title")
    course = Course.objects.create(title=title, description=description.strip(), unit=unit, audience_unit=audience_unit)
    audit_record(actor=actor, action="study.course_created", target=course, unit=unit)
    return course


@transaction.atomic
def lesson_add(
    *, actor: User, course: Course, title: str, body: str, video_url: str = "", quiz: Quiz | None = None
) -> Lesson:
    if not has_perm_on(actor, STUDY_MANAGE, course.unit):
        raise PermissionDenied
    clean = sanitize_html(body)
    if not single_line(title) or not clean:
        raise ValidationError(_("Bài học cần có tên và nội dung."), code="empty")
    position = course.lessons.count()
    return Lesson.objects.create(course=course, title=single_line(title, 300), body=clean, video_url=video_url,
                                 quiz=quiz, position=position)  # fmt: skip


def lesson_complete(*, member: Member, lesson: Lesson, now: dt.datetime | None = None) -> LessonDone:
    """Idempotent. A lesson with a check quiz is complete only once an attempt of it passed."""
    if not in_audience(member, lesson.course.audience_unit_id):
        raise PermissionDenied
    if lesson.quiz_id and not Attempt.objects.filter(quiz_id=lesson.quiz_id, member=member, passed=True).exists():
        raise ValidationError(_("Cần đạt bài kiểm tra của bài học trước khi hoàn thành."), code="quiz")
    done, _created = LessonDone.objects.get_or_create(lesson=lesson, member=member,
                                                      defaults={"done_at": now_or(now)})  # fmt: skip
    return done


def course_progress(*, course: Course, member: Member) -> tuple[int, int]:
    """(lessons done, lessons) of the member."""
    total = course.lessons.count()
    done = LessonDone.objects.filter(lesson__course=course, member=member).count()
    return done, total


@transaction.atomic
def session_create(
    *, actor: User, course: Course, title: str, starts_at: dt.datetime, link: str = ""
) -> TrainingSession:
    if not has_perm_on(actor, STUDY_MANAGE, course.unit):
        raise PermissionDenied
    if link and not link.startswith("https://"):
        raise ValidationError(_("Đường dẫn họp phải bắt đầu bằng https://"), code="link")
    session = TrainingSession.objects.create(course=course, title=single_line(title, 300) or course.title,
                                             starts_at=starts_at, link=link, organiser=actor)  # fmt: skip
    audit_record(actor=actor, action="study.session_created", target=session, unit=course.unit)
    return session


@transaction.atomic
def attendance_mark(
    *, actor: User, session: TrainingSession, member: Member, present: bool, now: dt.datetime | None = None
) -> SessionAttendance:
    """The organiser (or a manager of the course's unit) marks a member present or absent (audited)."""
    course = session.course
    if actor.pk != session.organiser_id and not has_perm_on(actor, STUDY_MANAGE, course.unit):
        raise PermissionDenied
    if not in_audience(member, course.audience_unit_id):
        raise ValidationError(_("Đảng viên này không thuộc đối tượng của khóa bồi dưỡng."), code="audience")
    row, _created = SessionAttendance.objects.update_or_create(
        session=session, member=member, defaults={"present": present, "marked_by": actor, "marked_at": now_or(now)}
    )
    audit_record(actor=actor, action="study.attendance_marked", target=session, unit=member.cell,
                 changes={"member": member.pk, "present": present})  # fmt: skip
    return row
