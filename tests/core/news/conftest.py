"""A tree in alpha with two editorial boards (the province's root and district D1) and their people.

ROOT (board "root": editor_root, publisher_root)
├── D1 (board "d1": editor_d1, approver_d1, approver2_d1, publisher_d1)
│   └── C1 ── X (member dv_x), Y
└── D2 ── Z      (publisher_d2 holds the role on D2, which has no board)
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from core.access.models import Role
from core.news.models import Article, EditorialBoard
from core.news.services.articles import ArticleContent, article_create
from core.org.models import OrgUnit
from tests.factories.org import Tree, build_tree, user_with
from tests.helpers import in_tenant


@dataclass
class NewsWorld:
    tree: Tree
    root_board: EditorialBoard
    d1_board: EditorialBoard
    users: dict[str, User]


def news_world() -> NewsWorld:
    tree = build_tree()
    root_board = EditorialBoard.objects.create(unit=tree.root, name="Ban biên tập Tỉnh uỷ")
    d1_board = EditorialBoard.objects.create(unit=tree.d1, name="Ban biên tập Huyện uỷ Yên Mô")
    users = {
        "editor_d1": user_with("editor_d1", (Role.EDITOR, tree.d1)),
        "approver_d1": user_with("approver_d1", (Role.APPROVER, tree.d1)),
        "approver2_d1": user_with("approver2_d1", (Role.APPROVER, tree.d1)),
        "publisher_d1": user_with("publisher_d1", (Role.PUBLISHER, tree.d1)),
        "editor_root": user_with("editor_root", (Role.EDITOR, tree.root)),
        "publisher_root": user_with("publisher_root", (Role.PUBLISHER, tree.root)),
        "publisher_d2": user_with("publisher_d2", (Role.PUBLISHER, tree.d2)),
        "admin_d1": tree.users["admin_d1"],
        "member_x": tree.users["member_x"],
    }
    return NewsWorld(tree=tree, root_board=root_board, d1_board=d1_board, users=users)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Covers are written under a throwaway MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def world(alpha):
    with in_tenant(alpha):
        yield news_world()


def content(title: str = "Hội nghị học tập Nghị quyết", audience: OrgUnit | None = None, **extra) -> ArticleContent:
    return ArticleContent(
        title=title,
        body_html=extra.pop("body_html", "<p>Sáng nay, Huyện uỷ tổ chức hội nghị.</p>"),
        category=extra.pop("category", "news"),
        audience_unit=audience,
        **extra,
    )


def draft(world: NewsWorld, board: EditorialBoard | None = None, author: str = "editor_d1", **kw) -> Article:
    board = board or world.d1_board
    audience = kw.pop("audience", board.unit if board.unit.parent_id else None)
    return article_create(board=board, content=content(audience=audience, **kw), actor=world.users[author])
