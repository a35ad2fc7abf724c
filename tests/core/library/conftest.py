"""A tree in alpha with a library publisher over the root, and a helper publishing documents."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from core.access.models import Role
from core.library.models import Document, DocumentKind, DocumentLevel
from core.library.services import attachment_add, document_create, document_publish
from core.org.models import OrgUnit
from tests.core.content.files import pdf
from tests.factories.org import Tree, build_tree, user_with
from tests.helpers import in_tenant


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        tree = build_tree()
        tree.users["pub_root"] = user_with("pub_root", (Role.PUBLISHER, tree.root))
        tree.users["editor_d1"] = user_with("editor_d1", (Role.EDITOR, tree.d1))
        tree.users["pub_d1"] = user_with("pub_d1", (Role.PUBLISHER, tree.d1))
        yield tree


def publish(
    tree: Tree,
    title: str,
    *,
    audience: OrgUnit | None = None,
    unit: OrgUnit | None = None,
    number: str = "",
    kind: str = DocumentKind.RESOLUTION,
    level: str = DocumentLevel.PROVINCE,
    actor: User | None = None,
    attach: bool = False,
    **values: Any,
) -> Document:
    actor = actor or tree.users["pub_root"]
    document = document_create(
        actor=actor,
        unit=unit or tree.root,
        audience_unit=audience,
        title=title,
        number=number,
        kind=kind,
        level=level,
        **values,
    )
    if attach:
        attachment_add(document=document, actor=actor, upload=pdf())
    return document_publish(document=document, actor=actor)
