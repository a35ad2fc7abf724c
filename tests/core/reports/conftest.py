"""Report labels are compared in Vietnamese (a page test elsewhere may leave English active in this thread)."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    with translation.override("vi"):
        yield
