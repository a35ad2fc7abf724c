"""The tree of tests/factories/org.py in alpha (cells X, Y, Z; member_x in X, sec_x its secretary)."""

import pytest

from tests.factories.org import build_tree
from tests.helpers import in_tenant


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()
