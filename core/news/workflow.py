"""The editorial workflow as data: which action moves an article from which states to which, and who may.

    draft ─submit→ submitted ─approve→ approved ─publish→ published ─unpublish→ unpublished ─reopen→ draft
      ↑              │  (return, comment)  │ └schedule→ scheduled ─(due: task)→ published
    returned ←───────┴─────────────────────┘            └unschedule→ approved
      └─submit→ submitted

Editors (news.edit) write, edit and submit; approvers (news.approve) approve or return with a comment, never
their own article; publishers (news.publish) publish now or at a time, cancel a scheduled time and unpublish
with a reason. Each role includes the ones before it (core.access.permissions).
"""

from dataclasses import dataclass

from core.access.permissions import NEWS_APPROVE, NEWS_EDIT, NEWS_PUBLISH
from core.news.models import ArticleEventKind, ArticleState

S = ArticleState


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    perm: str
    event: str
    needs_comment: bool = False
    editorial_only: bool = False  # not for articles imported from a feed


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, NEWS_EDIT, ArticleEventKind.SUBMITTED),
        Transition("approve", frozenset({S.SUBMITTED}), S.APPROVED, NEWS_APPROVE, ArticleEventKind.APPROVED),
        Transition(
            "return",
            frozenset({S.SUBMITTED, S.APPROVED}),
            S.RETURNED,
            NEWS_APPROVE,
            ArticleEventKind.RETURNED,
            needs_comment=True,
        ),
        Transition("publish", frozenset({S.APPROVED}), S.PUBLISHED, NEWS_PUBLISH, ArticleEventKind.PUBLISHED),
        Transition("schedule", frozenset({S.APPROVED}), S.SCHEDULED, NEWS_PUBLISH, ArticleEventKind.SCHEDULED),
        Transition("unschedule", frozenset({S.SCHEDULED}), S.APPROVED, NEWS_PUBLISH, ArticleEventKind.UNSCHEDULED),
        Transition(
            "unpublish",
            frozenset({S.PUBLISHED}),
            S.UNPUBLISHED,
            NEWS_PUBLISH,
            ArticleEventKind.UNPUBLISHED,
            needs_comment=True,
        ),
        Transition(
            "reopen", frozenset({S.UNPUBLISHED}), S.DRAFT, NEWS_EDIT, ArticleEventKind.REOPENED, editorial_only=True
        ),
    )
}
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# The desk's queues, in the order a board works through them.
QUEUES: tuple[tuple[str, frozenset[str]], ...] = (
    ("drafts", frozenset({S.DRAFT, S.RETURNED})),
    ("waiting", frozenset({S.SUBMITTED})),
    ("approved", frozenset({S.APPROVED})),
    ("scheduled", frozenset({S.SCHEDULED})),
)
