"""The quiz engine (docs/adr/0037-quiz-engine-server-timing.md). Every instant comes from the server (`now=` is the
injectable clock); the client's idea of time counts for nothing:

- start: resumes the member's unfinished attempt if its deadline is ahead, else draws a new one (fixed or random
  questions, questions and options shuffled, the order stored on the attempt), deadline = start + time limit
  (never past the quiz's close);
- save: one answer at a time, idempotent (the last choice wins), refused once the deadline has passed or the
  attempt is submitted — the UPDATE itself carries those conditions, so a late save changes nothing;
- submit: scores under a row lock; a second submit returns the first result (the score is written once, a check
  constraint ties it to `submitted_at`). An attempt left open past its deadline is scored as of its deadline.
"""

import datetime as dt
import random
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import audit_record
from core.members.models import Member
from core.study.common import in_audience, now_or
from core.study.models import Campaign
from core.study.quiz_models import Attempt, AttemptQuestion, Draw, Option, Question, Quiz
from core.study.rules import refresh_completion

_rng = random.SystemRandom()


def _draw(quiz: Quiz, rng: random.Random) -> list[Question]:
    pool = list(Question.objects.filter(bank_id=quiz.bank_id, active=True).order_by("position", "pk"))
    if len(pool) < quiz.question_count:
        raise ValidationError(_("Ngân hàng câu hỏi chưa đủ số câu cho bài thi này."), code="short_bank")
    chosen = pool[: quiz.question_count] if quiz.draw == Draw.FIXED else rng.sample(pool, quiz.question_count)
    rng.shuffle(chosen)
    return chosen


def _option_orders(questions: Sequence[Question], rng: random.Random) -> dict[int, list[int]]:
    orders: dict[int, list[int]] = {q.pk: [] for q in questions}
    for question_id, option_id in Option.objects.filter(question__in=questions).values_list("question_id", "pk"):
        orders[question_id].append(option_id)
    for ids in orders.values():
        rng.shuffle(ids)
    return orders


def _unfinished(quiz: Quiz, member: Member) -> Attempt | None:
    return Attempt.objects.filter(quiz=quiz, member=member, submitted_at__isnull=True).order_by("-number").first()


@transaction.atomic
def attempt_start(
    *, actor: User, member: Member, quiz: Quiz, now: dt.datetime | None = None, rng: random.Random | None = None
) -> tuple[Attempt, bool]:
    """The attempt to answer, and whether it is a new one (False: resumed after a dropped connection)."""
    when = now_or(now)
    if not in_audience(member, quiz.audience_unit_id):
        raise PermissionDenied
    # One start at a time per member (a double tap, two devices): lock the member row.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    current = _unfinished(quiz, member)
    if current is not None and current.deadline > when:
        return current, False
    if current is not None:
        _score(current, current.deadline)
    if not quiz.opens_at <= when < quiz.closes_at:
        raise ValidationError(_("Bài thi không trong thời gian mở."), code="closed")
    used = Attempt.objects.filter(quiz=quiz, member=member).count()
    if used >= quiz.max_attempts:
        raise ValidationError(_("Đồng chí đã dùng hết %(n)s lượt làm bài.") % {"n": quiz.max_attempts}, code="used")
    rng = rng or _rng
    questions = _draw(quiz, rng)
    orders = _option_orders(questions, rng)
    deadline = min(when + dt.timedelta(seconds=quiz.time_limit_seconds), quiz.closes_at)
    attempt = Attempt.objects.create(
        quiz=quiz, member=member, user=actor, cell_id=member.cell_id, number=used + 1, started_at=when,
        deadline=deadline, total=len(questions),
    )  # fmt: skip
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(attempt=attempt, question=q, position=i, option_order=orders[q.pk])
        for i, q in enumerate(questions)
    )
    audit_record(actor=actor, action="study.attempt_started", target=attempt, unit=member.cell)
    return attempt, True


def answer_save(
    *, member: Member, attempt_id: int, question_id: int, chosen: Sequence[int], now: dt.datetime | None = None
) -> dt.datetime:
    """Save one answer (idempotent); returns the instant it counts from. Two queries, no lock: the row of one
    question of one attempt is written by its member only, and the UPDATE checks deadline and submission."""
    when = now_or(now)
    row = (
        AttemptQuestion.objects.filter(attempt_id=attempt_id, attempt__member=member, question_id=question_id)
        .values("pk", "option_order", "question__multiple")
        .first()
    )
    if row is None:
        raise PermissionDenied
    picked = sorted({int(c) for c in chosen})
    if not set(picked) <= set(row["option_order"]):
        raise ValidationError(_("Phương án không thuộc câu hỏi này."), code="bad_option")
    if len(picked) > 1 and not row["question__multiple"]:
        raise ValidationError(_("Câu hỏi này chỉ chọn một phương án."), code="single")
    saved = AttemptQuestion.objects.filter(
        pk=row["pk"], attempt__submitted_at__isnull=True, attempt__deadline__gt=when
    ).update(chosen=picked, answered_at=when)
    if not saved:
        raise ValidationError(_("Đã hết giờ làm bài hoặc bài đã nộp: câu trả lời này không được tính."), code="late")
    return when


def _score(attempt: Attempt, submitted_at: dt.datetime) -> Attempt:
    rows = list(AttemptQuestion.objects.filter(attempt=attempt).values_list("question_id", "chosen"))
    correct: dict[int, set[int]] = {qid: set() for qid, _chosen in rows}
    for qid, oid in Option.objects.filter(question_id__in=correct, correct=True).values_list("question_id", "pk"):
        correct[qid].add(oid)
    score = sum(1 for qid, chosen in rows if chosen and set(chosen) == correct[qid])
    attempt.submitted_at = submitted_at
    attempt.score = score
    attempt.duration_ms = int((submitted_at - attempt.started_at).total_seconds() * 1000)
    quiz = Quiz.objects.only("pass_percent").get(pk=attempt.quiz_id)
    attempt.passed = attempt.total > 0 and score * 100 >= quiz.pass_percent * attempt.total
    attempt.save(update_fields=["submitted_at", "score", "duration_ms", "passed"])
    if attempt.passed:
        member = Member.objects.get(pk=attempt.member_id)
        for campaign in Campaign.objects.filter(quiz_id=attempt.quiz_id, require_quiz=True):
            refresh_completion(campaign=campaign, member=member, now=submitted_at)
    return attempt


@transaction.atomic
def attempt_submit(*, actor: User, member: Member, attempt_id: int, now: dt.datetime | None = None) -> Attempt:
    """Score the attempt once; a repeated submit (a retry over weak 4G, a double tap) returns the same result."""
    attempt = Attempt.objects.select_for_update().filter(pk=attempt_id, member=member).first()
    if attempt is None:
        raise PermissionDenied
    if attempt.submitted_at is not None:
        return attempt
    attempt = _score(attempt, min(now_or(now), attempt.deadline))
    audit_record(
        actor=actor, action="study.attempt_submitted", target=attempt, unit=member.cell,
        changes={"score": attempt.score, "total": attempt.total},
    )  # fmt: skip
    return attempt


@transaction.atomic
def attempt_close_if_expired(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Score an attempt left open past its deadline (read paths and the ranking call it)."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.submitted_at is None and locked.deadline <= now_or(now):
        return _score(locked, locked.deadline)
    return locked
