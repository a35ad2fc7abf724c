"""Reads of the study area: a member's open campaigns with their progress, one campaign for a reader (None alike for
missing and forbidden), the reflections a secretary reviews, an attempt as the member sees it."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from core.access.checks import scoped
from core.access.permissions import STUDY_REVIEW
from core.content.audience import Reader, audience_q, path_ids
from core.members.models import Member
from core.study.common import now_or
from core.study.models import Campaign, Completion, Material, MaterialRead, Reflection, ReflectionStatus
from core.study.quiz_models import Attempt, AttemptQuestion, Option, Quiz


def open_campaigns(reader: Reader, *, now: dt.datetime | None = None) -> QuerySet[Campaign]:
    """Campaigns open now whose audience contains the reader (whole committee or a unit above their cell)."""
    when = now_or(now)
    return Campaign.objects.filter(audience_q(reader), opens_at__lte=when, closes_at__gt=when)


def home_campaigns(reader: Reader, *, now: dt.datetime | None = None, limit: int = 3) -> list[Campaign]:
    """The member's open campaigns, not yet completed first, with material and read counts: one query."""
    if reader.member_id is None:
        return []
    done = Completion.objects.filter(campaign=OuterRef("pk"), member_id=reader.member_id)
    return list(
        open_campaigns(reader, now=now)
        .annotate(
            done=Exists(done),
            n_materials=Count("materials", distinct=True),
            n_read=Count("materials__reads", filter=Q(materials__reads__member_id=reader.member_id), distinct=True),
        )
        .order_by("done", "closes_at", "pk")[:limit]
    )


def campaign_for(reader: Reader, campaign_id: int | str) -> Campaign | None:
    campaign = Campaign.objects.filter(audience_q(reader), pk=campaign_id).select_related("quiz").first()
    return campaign


@dataclass(frozen=True)
class Progress:
    materials: list[Material]
    read_ids: set[int]
    reflection: Reflection | None
    passed_quiz: bool
    completion: Completion | None

    @property
    def read_all(self) -> bool:
        return bool(self.materials) and all(m.pk in self.read_ids for m in self.materials)


def progress(campaign: Campaign, member: Member) -> Progress:
    materials = list(campaign.materials.select_related("document"))
    read_ids = set(
        MaterialRead.objects.filter(material__campaign=campaign, member=member).values_list("material_id", flat=True)
    )
    passed = (
        campaign.quiz_id is not None
        and Attempt.objects.filter(quiz_id=campaign.quiz_id, member=member, passed=True).exists()
    )
    return Progress(
        materials=materials,
        read_ids=read_ids,
        reflection=Reflection.objects.filter(campaign=campaign, member=member).first(),
        passed_quiz=passed,
        completion=Completion.objects.filter(campaign=campaign, member=member).first(),
    )


def reflections_to_review(
    user: User | AnonymousUser, *, status: str = ReflectionStatus.SUBMITTED
) -> QuerySet[Reflection]:
    """Reflections of the cells in the user's review scope (a secretary: their cell; an admin: the subtree)."""
    qs = Reflection.objects.filter(status=status).select_related("member", "cell", "campaign")
    return scoped(qs, user, STUDY_REVIEW, "cell__path").order_by("submitted_at", "pk")


def reflection_for_reviewer(user: User | AnonymousUser, reflection_id: int | str) -> Reflection | None:
    qs = Reflection.objects.filter(pk=reflection_id).select_related("member", "cell", "campaign")
    return scoped(qs, user, STUDY_REVIEW, "cell__path").first()


def quiz_for(member: Member, quiz_id: int | str) -> Quiz | None:
    ids = list(path_ids(member.cell.path))
    return Quiz.objects.filter(Q(audience_unit__isnull=True) | Q(audience_unit_id__in=ids), pk=quiz_id).first()


def attempt_of(member: Member, attempt_id: int | str) -> Attempt | None:
    return Attempt.objects.filter(pk=attempt_id, member=member).select_related("quiz").first()


def answers_shown(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Whether the sheet may show the correct options: a submitted attempt of an ordinary quiz, once the member has
    no attempt left or the quiz has closed (shown earlier, a retake would pass by copying them). Contests never
    show them here."""
    if attempt.submitted_at is None or attempt.quiz.is_contest:
        return False
    return attempt.number >= attempt.quiz.max_attempts or now_or(now) >= attempt.quiz.closes_at


def attempt_sheet(attempt: Attempt, *, reveal: bool = False) -> list[dict[str, Any]]:
    """The attempt's questions in their drawn order, each with its options in their shuffled order and the
    member's saved choice; with `reveal` (after submission) also which options are correct."""
    rows = list(AttemptQuestion.objects.filter(attempt=attempt).select_related("question").order_by("position"))
    option_ids = [oid for row in rows for oid in row.option_order]
    options = Option.objects.in_bulk(option_ids)
    sheet = []
    for row in rows:
        shown = [options[oid] for oid in row.option_order if oid in options]
        sheet.append(
            {
                "question_id": row.question_id,
                "position": row.position + 1,
                "text": row.question.text,
                "multiple": row.question.multiple,
                "chosen": list(row.chosen),
                "options": [{"id": o.pk, "text": o.text, **({"correct": o.correct} if reveal else {})} for o in shown],
            }
        )
    return sheet


def attempts_of(member: Member, quiz: Quiz) -> list[Attempt]:
    return list(Attempt.objects.filter(quiz=quiz, member=member).order_by("number"))
