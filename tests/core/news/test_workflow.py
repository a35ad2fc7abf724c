"""Every editorial transition, who may make it, the timeline and the audit trail; scheduled publishing on a clock."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.audit.models import AuditEvent
from core.news.models import Article, ArticleEventKind, ArticleState
from core.news.services.articles import (
    article_approve,
    article_publish,
    article_reopen,
    article_return,
    article_submit,
    article_transition,
    article_unpublish,
    article_unschedule,
    article_update,
    articles_publish_due,
)
from tests.core.news.conftest import content, draft

S = ArticleState


def at_state(world, state: str) -> Article:
    """A D1 article written by editor_d1 and walked to `state` by the right people."""
    article = draft(world)
    u = world.users
    steps: dict[str, list[str]] = {
        S.DRAFT: [],
        S.SUBMITTED: ["submit"],
        S.RETURNED: ["submit", "return"],
        S.APPROVED: ["submit", "approve"],
        S.SCHEDULED: ["submit", "approve", "schedule"],
        S.PUBLISHED: ["submit", "approve", "publish"],
        S.UNPUBLISHED: ["submit", "approve", "publish", "unpublish"],
    }
    later = timezone.now() + dt.timedelta(days=1)
    for action in steps[state]:
        actor = {"submit": "editor_d1", "approve": "approver_d1", "return": "approver_d1"}.get(action, "publisher_d1")
        article = article_transition(
            article=article,
            action="publish" if action == "schedule" else action,
            actor=u[actor],
            comment="Lý do" if action in ("return", "unpublish") else "",
            publish_at=later if action == "schedule" else None,
        )
    assert article.state == state
    return article


def test_the_whole_way_with_timeline_and_audit(world):
    u = world.users
    article = draft(world)
    article = article_submit(article=article, actor=u["editor_d1"])
    article = article_return(article=article, actor=u["approver_d1"], comment="Bổ sung số liệu đảng viên.")
    assert article.state == S.RETURNED and article.last_comment == "Bổ sung số liệu đảng viên."
    article_update(
        article=article, content=content(title="Hội nghị (đã bổ sung)", audience=world.tree.d1), actor=u["editor_d1"]
    )
    article = article_submit(article=article, actor=u["editor_d1"])
    article = article_approve(article=article, actor=u["approver_d1"])
    article = article_publish(article=article, actor=u["publisher_d1"])
    assert article.state == S.PUBLISHED and article.published_at is not None
    article = article_unpublish(article=article, actor=u["publisher_d1"], reason="Sai tên đồng chí phát biểu.")
    article = article_reopen(article=article, actor=u["editor_d1"])
    assert article.state == S.DRAFT and article.title == "Hội nghị (đã bổ sung)"
    kinds = list(article.events.order_by("at", "pk").values_list("kind", "actor__username"))
    assert kinds == [
        (ArticleEventKind.CREATED, "editor_d1"),
        (ArticleEventKind.SUBMITTED, "editor_d1"),
        (ArticleEventKind.RETURNED, "approver_d1"),
        (ArticleEventKind.EDITED, "editor_d1"),
        (ArticleEventKind.SUBMITTED, "editor_d1"),
        (ArticleEventKind.APPROVED, "approver_d1"),
        (ArticleEventKind.PUBLISHED, "publisher_d1"),
        (ArticleEventKind.UNPUBLISHED, "publisher_d1"),
        (ArticleEventKind.REOPENED, "editor_d1"),
    ]
    assert article.events.get(kind=ArticleEventKind.UNPUBLISHED).comment == "Sai tên đồng chí phát biểu."
    actions = list(
        AuditEvent.objects.filter(target_type="Article", target_id=str(article.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "news.article_created",
            "news.article_submitted",
            "news.article_returned",
            "news.article_edited",
            "news.article_submitted",
            "news.article_approved",
            "news.article_published",
            "news.article_unpublished",
            "news.article_reopened",
        ]
    )
    assert set(AuditEvent.objects.filter(action__startswith="news.article").values_list("scope_path", flat=True)) == {
        world.tree.d1.path
    }


# (action, state it starts from, users allowed, users refused). publisher_d2 and editor_root hold roles on other
# units: D2 (no board) and the root (which covers D1 but only as an editor).
MATRIX = [
    ("submit", S.DRAFT, ["editor_d1", "approver_d1", "publisher_d1", "editor_root"], ["member_x", "admin_d1", "publisher_d2"]),  # noqa: E501
    ("approve", S.SUBMITTED, ["approver_d1", "publisher_d1", "publisher_root"], ["editor_d1", "editor_root", "admin_d1", "publisher_d2", "member_x"]),  # noqa: E501
    ("return", S.SUBMITTED, ["approver_d1", "publisher_d1"], ["editor_d1", "editor_root", "admin_d1", "publisher_d2", "member_x"]),  # noqa: E501
    ("return", S.APPROVED, ["approver_d1", "publisher_root"], ["editor_d1", "admin_d1", "member_x"]),
    ("publish", S.APPROVED, ["publisher_d1", "publisher_root"], ["editor_d1", "approver_d1", "admin_d1", "publisher_d2", "member_x"]),  # noqa: E501
    ("schedule", S.APPROVED, ["publisher_d1"], ["editor_d1", "approver_d1", "publisher_d2"]),
    ("unschedule", S.SCHEDULED, ["publisher_d1", "publisher_root"], ["editor_d1", "approver_d1", "publisher_d2", "member_x"]),  # noqa: E501
    ("unpublish", S.PUBLISHED, ["publisher_d1", "publisher_root"], ["editor_d1", "approver_d1", "admin_d1", "publisher_d2", "member_x"]),  # noqa: E501
    ("reopen", S.UNPUBLISHED, ["editor_d1", "approver_d1", "publisher_d1"], ["admin_d1", "publisher_d2", "member_x"]),
]  # fmt: skip
TARGET = {"submit": S.SUBMITTED, "approve": S.APPROVED, "return": S.RETURNED, "publish": S.PUBLISHED,
          "schedule": S.SCHEDULED, "unschedule": S.APPROVED, "unpublish": S.UNPUBLISHED, "reopen": S.DRAFT}  # fmt: skip


def _do(world, article, action, username):
    return article_transition(
        article=article,
        action="publish" if action == "schedule" else action,
        actor=world.users[username],
        comment="Ý kiến" if action in ("return", "unpublish") else "",
        publish_at=timezone.now() + dt.timedelta(hours=3) if action == "schedule" else None,
    )


@pytest.mark.parametrize(("action", "start", "allowed", "refused"), MATRIX)
def test_who_may_make_each_transition(world, action, start, allowed, refused):
    for username in refused:
        article = at_state(world, start)
        with pytest.raises(PermissionDenied):
            _do(world, article, action, username)
        article.refresh_from_db()
        assert article.state == start, username
    for username in allowed:
        article = at_state(world, start)
        assert _do(world, article, action, username).state == TARGET[action], username


@pytest.mark.parametrize(
    ("action", "wrong_state"),
    [
        ("submit", S.SUBMITTED),
        ("submit", S.PUBLISHED),
        ("approve", S.DRAFT),
        ("approve", S.APPROVED),
        ("return", S.DRAFT),
        ("return", S.PUBLISHED),
        ("publish", S.SUBMITTED),
        ("publish", S.PUBLISHED),
        ("unschedule", S.APPROVED),
        ("unpublish", S.APPROVED),
        ("reopen", S.PUBLISHED),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused(world, action, wrong_state):
    article = at_state(world, wrong_state)
    with pytest.raises(ValidationError) as exc:
        article_transition(article=article, action=action, actor=world.users["publisher_root"], comment="x")
    assert exc.value.code == "wrong_state"
    article.refresh_from_db()
    assert article.state == wrong_state


def test_return_and_unpublish_need_a_comment(world):
    u = world.users
    with pytest.raises(ValidationError, match="ý kiến"):
        article_return(article=at_state(world, S.SUBMITTED), actor=u["approver_d1"], comment="  ")
    with pytest.raises(ValidationError, match="lý do gỡ"):
        article_unpublish(article=at_state(world, S.PUBLISHED), actor=u["publisher_d1"], reason="")


def test_nobody_approves_their_own_article(world):
    article = draft(world, author="approver_d1")
    article = article_submit(article=article, actor=world.users["approver_d1"])
    with pytest.raises(ValidationError, match="tự duyệt"):
        article_approve(article=article, actor=world.users["approver_d1"])
    assert article_approve(article=article, actor=world.users["approver2_d1"]).state == S.APPROVED


def test_only_drafts_and_returned_articles_are_edited(world):
    article = at_state(world, S.SUBMITTED)
    with pytest.raises(ValidationError, match="Chỉ sửa được"):
        article_update(article=article, content=content(audience=world.tree.d1), actor=world.users["editor_d1"])


def test_audience_stays_inside_the_board(world):
    u, tree = world.users, world.tree
    with pytest.raises(ValidationError) as exc:
        draft(world, audience=tree.z)
    assert "audience_unit" in exc.value.message_dict
    with pytest.raises(ValidationError):
        draft(world, audience=None)  # the whole committee is for the root's board only
    assert draft(world, audience=tree.x).audience_unit == tree.x
    assert draft(world, board=world.root_board, author="editor_root", audience=None).audience_unit is None
    with pytest.raises(PermissionDenied):  # editor_d1 is not on the root's board
        draft(world, board=world.root_board, author="editor_d1", audience=None)
    assert u["editor_root"]


def test_body_is_sanitised_and_searchable(world):
    article = draft(world, body_html="<p>Tin <b>mới</b><img src=x onerror=alert(1)></p><script>alert(2)</script>")
    assert article.body_html == "<p>Tin <b>mới</b></p>"
    assert article.summary == "" and article.search_body == "tin moi"
    assert article.search_title == "hoi nghi hoc tap nghi quyet"


def test_empty_title_and_body_are_refused_with_both_messages(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, title="   ", body_html="<p> </p><script>x</script>")
    assert set(exc.value.message_dict) == {"title", "body_html"}


class TestScheduling:
    def test_scheduled_article_is_published_by_the_task_at_its_time(self, world):
        now = timezone.now()
        article = at_state(world, S.APPROVED)
        when = now + dt.timedelta(hours=2)
        article = article_publish(article=article, actor=world.users["publisher_d1"], publish_at=when, now=now)
        assert article.state == S.SCHEDULED and article.publish_at == when and article.published_at is None
        assert articles_publish_due(now=now + dt.timedelta(hours=1, minutes=59)) == 0
        assert articles_publish_due(now=now + dt.timedelta(hours=2, minutes=1)) == 1
        article.refresh_from_db()
        assert article.state == S.PUBLISHED and article.published_at == when and article.publish_at is None
        event = article.events.order_by("-at", "-pk").first()
        assert event.kind == ArticleEventKind.PUBLISHED and event.actor is None
        assert AuditEvent.objects.filter(
            action="news.article_published", actor=None, target_id=str(article.pk)
        ).exists()
        assert articles_publish_due(now=now + dt.timedelta(hours=3)) == 0  # nothing twice

    def test_unscheduled_article_is_not_published(self, world):
        now = timezone.now()
        article = at_state(world, S.SCHEDULED)
        article = article_unschedule(article=article, actor=world.users["publisher_d1"])
        assert article.state == S.APPROVED and article.publish_at is None
        assert articles_publish_due(now=now + dt.timedelta(days=2)) == 0

    def test_a_time_already_past_publishes_now(self, world):
        now = timezone.now()
        article = article_publish(
            article=at_state(world, S.APPROVED),
            actor=world.users["publisher_d1"],
            publish_at=now - dt.timedelta(hours=1),
            now=now,
        )
        assert article.state == S.PUBLISHED and article.published_at == now

    def test_more_than_a_year_ahead_is_refused(self, world):
        with pytest.raises(ValidationError, match="một năm"):
            article_publish(
                article=at_state(world, S.APPROVED),
                actor=world.users["publisher_d1"],
                publish_at=timezone.now() + dt.timedelta(days=400),
            )

    def test_the_task_runs_inside_a_tenant_only(self, world, alpha, beta):
        from core.news.tasks import publish_due
        from tenants.db.schema import activate_public, activate_tenant

        now = timezone.now()
        article = at_state(world, S.SCHEDULED)
        Article.objects.filter(pk=article.pk).update(publish_at=now - dt.timedelta(minutes=1))
        activate_tenant(beta)
        try:
            assert publish_due.apply().get() == 0  # beta has nothing due; alpha's article is untouched
        finally:
            activate_tenant(alpha)
        article.refresh_from_db()
        assert article.state == S.SCHEDULED
        assert publish_due.apply().get() == 1
        activate_public()
        from core.tasks import TenantRequired

        with pytest.raises(TenantRequired):
            publish_due.delay()
        activate_tenant(alpha)
