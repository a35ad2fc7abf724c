"""A contest's ranking: each member's best attempt (score, then the shorter time), ordered by score then time, with
ties sharing a rank (1, 1, 3 …). Per unit (the unit's subtree) and overall. Published only once the contest has
closed; attempts left open are scored as of their deadline first."""

import datetime as dt
from dataclasses import dataclass

from core.org.models import OrgUnit
from core.study.common import now_or
from core.study.quiz_models import Attempt, Quiz
from core.study.quiz_services import attempt_close_if_expired


@dataclass(frozen=True)
class Ranked:
    rank: int
    member_id: int
    name: str
    cell: str
    score: int
    total: int
    duration_ms: int


def is_published(quiz: Quiz, now: dt.datetime | None = None) -> bool:
    return quiz.is_contest and now_or(now) >= quiz.closes_at


def ranking(quiz: Quiz, *, unit: OrgUnit | None = None, now: dt.datetime | None = None) -> list[Ranked] | None:
    """None before the contest closes (or for a plain quiz)."""
    if not is_published(quiz, now):
        return None
    for open_attempt in Attempt.objects.filter(quiz=quiz, submitted_at__isnull=True):
        attempt_close_if_expired(attempt=open_attempt, now=now)
    best = (
        Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False)
        .order_by("member_id", "-score", "duration_ms", "pk")
        .distinct("member_id")
    )
    if unit is not None:
        best = best.filter(cell__path__startswith=unit.path)
    rows = sorted(
        (
            (member_id, name, cell, score or 0, total, duration or 0)
            for member_id, name, cell, score, total, duration in best.values_list(
                "member_id", "member__full_name", "cell__name", "score", "total", "duration_ms"
            )
        ),
        key=lambda r: (-r[3], r[5], r[1], r[0]),
    )
    ranked: list[Ranked] = []
    for index, (member_id, name, cell, score, total, duration) in enumerate(rows):
        tied = ranked and (ranked[-1].score, ranked[-1].duration_ms) == (score, duration)
        rank = ranked[-1].rank if tied else index + 1
        ranked.append(Ranked(rank, member_id, name, cell, score, total, duration))
    return ranked
