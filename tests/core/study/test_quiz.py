"""The quiz engine: the server's clock decides (a late answer is not counted, whatever the client says), answers
are saved as the member goes and the attempt resumes after a dropped connection, a second submit scores nothing
more, shuffled orders still score right, attempts are limited, and a contest ranks by score then time with ties
sharing a rank, per unit and overall, only after it closes."""

import datetime as dt
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit.models import AuditEvent
from core.study.quiz_models import Attempt, AttemptQuestion, Draw, Option
from core.study.quiz_services import answer_save, attempt_close_if_expired, attempt_start, attempt_submit
from core.study.ranking import ranking
from core.study.selectors import answers_shown, attempt_sheet
from tests.core.study.conftest import T0, make_quiz

NOW = T0


def _correct(question_id: int) -> list[int]:
    return list(Option.objects.filter(question_id=question_id, correct=True).values_list("pk", flat=True))


def _wrong(question_id: int) -> list[int]:
    return [Option.objects.filter(question_id=question_id, correct=False).values_list("pk", flat=True)[0]]


def _start(tree, quiz, member=None, now=NOW, rng=None):
    member = member or tree.members["X"][0]
    return attempt_start(actor=tree.users["member_x"], member=member, quiz=quiz, now=now, rng=rng)


def _answer_all(attempt, member, right: int, now=NOW):
    for i, row in enumerate(attempt.questions.order_by("position")):
        chosen = _correct(row.question_id) if i < right else _wrong(row.question_id)
        answer_save(member=member, attempt_id=attempt.pk, question_id=row.question_id, chosen=chosen, now=now)


def test_a_late_answer_is_not_counted_and_submit_counts_from_the_deadline(tree, quiz):
    member = tree.members["X"][0]
    attempt, new = _start(tree, quiz)
    assert new and attempt.deadline == NOW + dt.timedelta(seconds=600)
    rows = list(attempt.questions.order_by("position"))
    answer_save(member=member, attempt_id=attempt.pk, question_id=rows[0].question_id,
                chosen=_correct(rows[0].question_id), now=NOW + dt.timedelta(seconds=599))  # fmt: skip
    with pytest.raises(ValidationError) as late:
        answer_save(member=member, attempt_id=attempt.pk, question_id=rows[1].question_id,
                    chosen=_correct(rows[1].question_id), now=NOW + dt.timedelta(seconds=600))  # fmt: skip
    assert late.value.code == "late"
    assert AttemptQuestion.objects.get(pk=rows[1].pk).chosen == []
    done = attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=attempt.pk,
                          now=NOW + dt.timedelta(hours=2))  # fmt: skip
    assert done.score == 1 and done.submitted_at == attempt.deadline and done.duration_ms == 600_000


def test_deadline_never_passes_the_quiz_close(tree, bank):
    quiz = make_quiz(bank, tree.root, closes_at=NOW + dt.timedelta(seconds=90))
    attempt, _ = _start(tree, quiz)
    assert attempt.deadline == quiz.closes_at
    with pytest.raises(ValidationError):
        _start(tree, quiz, now=quiz.closes_at + dt.timedelta(seconds=1))


def test_resume_after_a_dropped_connection_keeps_order_and_answers(tree, quiz):
    member = tree.members["X"][0]
    attempt, _ = _start(tree, quiz)
    first = attempt_sheet(attempt)
    q = first[2]["question_id"]
    answer_save(member=member, attempt_id=attempt.pk, question_id=q, chosen=_correct(q), now=NOW)
    answer_save(member=member, attempt_id=attempt.pk, question_id=q, chosen=_correct(q), now=NOW)  # a retry
    again, new = _start(tree, quiz, now=NOW + dt.timedelta(minutes=3))
    assert not new and again.pk == attempt.pk
    resumed = attempt_sheet(again)
    assert [r["question_id"] for r in resumed] == [r["question_id"] for r in first]
    assert [[o["id"] for o in r["options"]] for r in resumed] == [[o["id"] for o in r["options"]] for r in first]
    assert resumed[2]["chosen"] == sorted(_correct(q)) and "correct" not in resumed[2]["options"][0]
    assert Attempt.objects.filter(quiz=quiz, member=member).count() == 1


def test_submitting_twice_scores_once(tree, quiz):
    member = tree.members["X"][0]
    attempt, _ = _start(tree, quiz)
    _answer_all(attempt, member, right=4)
    first = attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=attempt.pk, now=NOW)
    q = attempt.questions.order_by("position").last()
    with pytest.raises(ValidationError):  # no change after submission
        answer_save(member=member, attempt_id=attempt.pk, question_id=q.question_id, chosen=_correct(q.question_id),
                    now=NOW)  # fmt: skip
    second = attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=attempt.pk,
                            now=NOW + dt.timedelta(seconds=30))  # fmt: skip
    assert (first.score, first.submitted_at) == (second.score, second.submitted_at) == (4, NOW)
    assert first.passed  # 4/5 ≥ 60 %
    assert AuditEvent.objects.filter(action="study.attempt_submitted").count() == 1


def test_shuffled_orders_still_score_right(tree, bank):
    quiz = make_quiz(bank, tree.root, question_count=6, draw=Draw.FIXED)
    orders = []
    for seed, member in zip((1, 2), (tree.members["X"][0], tree.members["X"][1]), strict=True):
        attempt, _ = _start(tree, quiz, member=member, rng=random.Random(seed))
        orders.append([(r["question_id"], [o["id"] for o in r["options"]]) for r in attempt_sheet(attempt)])
        _answer_all(attempt, member, right=6)
        assert attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=attempt.pk, now=NOW).score == 6
    assert orders[0] != orders[1]  # different order of questions or options …
    assert sorted(q for q, _ in orders[0]) == sorted(q for q, _ in orders[1])  # … the same fixed questions


def test_multiple_answer_needs_exactly_the_right_set_and_single_takes_one(tree, bank):
    quiz = make_quiz(bank, tree.root, question_count=6, draw=Draw.FIXED)
    member = tree.members["X"][0]
    attempt, _ = _start(tree, quiz)
    multi = attempt.questions.filter(question__multiple=True).first()
    single = attempt.questions.filter(question__multiple=False).first()
    with pytest.raises(ValidationError):
        answer_save(member=member, attempt_id=attempt.pk, question_id=single.question_id,
                    chosen=single.option_order[:2], now=NOW)  # fmt: skip
    with pytest.raises(ValidationError):  # an option of another question
        answer_save(member=member, attempt_id=attempt.pk, question_id=single.question_id,
                    chosen=multi.option_order[:1], now=NOW)  # fmt: skip
    answer_save(member=member, attempt_id=attempt.pk, question_id=multi.question_id,
                chosen=_correct(multi.question_id)[:1], now=NOW)  # fmt: skip
    assert attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=attempt.pk, now=NOW).score == 0


def test_attempts_limit_and_an_expired_attempt_is_scored_at_its_deadline(tree, quiz):
    member = tree.members["X"][0]
    first, _ = _start(tree, quiz)
    _answer_all(first, member, right=2)
    later = NOW + dt.timedelta(hours=1)
    second, new = _start(tree, quiz, now=later)  # the first was left open: scored as of its deadline
    first.refresh_from_db()
    assert new and second.number == 2 and first.score == 2 and first.submitted_at == first.deadline
    attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=second.pk, now=later)
    with pytest.raises(ValidationError) as used:
        _start(tree, quiz, now=later)
    assert used.value.code == "used"


def test_another_members_attempt_is_not_found(tree, quiz):
    attempt, _ = _start(tree, quiz)
    other = tree.members["X"][1]
    q = attempt.questions.first()
    with pytest.raises(PermissionDenied):
        answer_save(member=other, attempt_id=attempt.pk, question_id=q.question_id, chosen=[], now=NOW)
    with pytest.raises(PermissionDenied):
        attempt_submit(actor=tree.users["member_x"], member=other, attempt_id=attempt.pk, now=NOW)
    with pytest.raises(PermissionDenied):  # outside the quiz's audience
        _start(tree, make_quiz(quiz.bank, tree.root, audience_unit=tree.d2))


def test_contest_ranking_score_then_time_ties_per_unit_published_after_close(tree, bank):
    contest = make_quiz(bank, tree.root, is_contest=True, max_attempts=1, closes_at=NOW + dt.timedelta(hours=1))
    plan = [  # member, right answers, seconds taken
        (tree.members["X"][0], 5, 300),
        (tree.members["X"][1], 5, 200),
        (tree.members["Y"][0], 4, 100),
        (tree.members["Z"][0], 5, 300),  # ties with X[0]
        (tree.members["Z"][1], 4, 100),  # ties with Y[0]
    ]
    for member, right, seconds in plan:
        attempt, _ = _start(tree, contest, member=member)
        _answer_all(attempt, member, right)
        attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=attempt.pk,
                       now=NOW + dt.timedelta(seconds=seconds))  # fmt: skip
    assert ranking(contest, now=NOW + dt.timedelta(minutes=30)) is None  # not published before the close
    after = contest.closes_at
    overall = ranking(contest, now=after)
    assert overall is not None
    by_member = {r.member_id: r.rank for r in overall}
    assert [r.rank for r in overall] == [1, 2, 2, 4, 4]
    assert by_member[tree.members["X"][1].pk] == 1
    assert by_member[tree.members["X"][0].pk] == by_member[tree.members["Z"][0].pk] == 2
    d1 = ranking(contest, unit=tree.d1, now=after)
    assert d1 is not None and [(r.member_id, r.rank) for r in d1] == [
        (tree.members["X"][1].pk, 1), (tree.members["X"][0].pk, 2), (tree.members["Y"][0].pk, 3),
    ]  # fmt: skip


def test_ranking_takes_each_members_best_attempt_and_closes_open_ones(tree, bank):
    contest = make_quiz(bank, tree.root, is_contest=True, max_attempts=2, closes_at=NOW + dt.timedelta(hours=3))
    member = tree.members["X"][0]
    first, _ = _start(tree, contest, member=member)
    _answer_all(first, member, 2)
    attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=first.pk, now=NOW + dt.timedelta(minutes=1))
    second, _ = _start(tree, contest, member=member, now=NOW + dt.timedelta(minutes=2))
    _answer_all(second, member, 3, now=NOW + dt.timedelta(minutes=3))  # never submitted
    ranked = ranking(contest, now=contest.closes_at)
    assert ranked is not None and [(r.member_id, r.score) for r in ranked] == [(member.pk, 3)]
    assert attempt_close_if_expired(attempt=second, now=contest.closes_at).submitted_at == second.deadline


def test_right_options_are_shown_only_when_no_retake_is_left_and_never_for_a_contest(tree, bank, quiz):
    member = tree.members["X"][0]
    attempt, _ = _start(tree, quiz)  # max_attempts 2
    assert not answers_shown(attempt, now=NOW)  # not submitted
    done = attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=attempt.pk, now=NOW)
    assert not answers_shown(done, now=NOW)  # a second attempt is left
    assert answers_shown(done, now=quiz.closes_at)  # the quiz has closed: nothing left to copy into
    second, _ = _start(tree, quiz)
    last = attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=second.pk, now=NOW)
    assert answers_shown(last, now=NOW)
    contest = make_quiz(bank, tree.root, max_attempts=1, is_contest=True)
    entry, _ = _start(tree, contest)
    entry = attempt_submit(actor=tree.users["member_x"], member=member, attempt_id=entry.pk, now=NOW)
    assert not answers_shown(entry, now=contest.closes_at)
