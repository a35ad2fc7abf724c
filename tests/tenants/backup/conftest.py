"""Two committed committees (`bksrc`, `bkother`) per module, with media and backups in temporary folders.

Here `db` is overridden: a test that asks for it runs with database access but *outside* the per-test
transaction, because pg_dump, pg_restore and the backup's own connection only see committed rows. (The name
matters: pytest-django creates the test database only when some test asks for `db`.) What these tests commit
is removed when the module ends.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from tests.tenants.backup.world import Committee, make_committee, remove_committees

SLUGS = ["bksrc", "bkother", "bkcopy", "bkfresh"]


@dataclass
class World:
    src: Committee
    other: Committee
    media: Path
    backups: Path


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory) -> Iterator[World]:
    media, backups = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("backups")
    with override_settings(MEDIA_ROOT=str(media), BACKUP_DIR=str(backups)), django_db_blocker.unblock():  # type: ignore[attr-defined]
        assert connection.settings_dict["NAME"].startswith("test_"), "refusing to commit into a non-test database"
        remove_committees(SLUGS)
        try:
            yield World(src=make_committee("bksrc"), other=make_committee("bkother"), media=media, backups=backups)
        finally:
            remove_committees(SLUGS)


@pytest.fixture
def db(world: World, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield


@pytest.fixture
def committed(db: None, world: World) -> World:
    return world
