"""Small helpers shared by tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.test import Client

from tenants.db.schema import activate_public, activate_tenant
from tenants.models import Tenant


@contextmanager
def in_tenant(tenant: Tenant) -> Iterator[Tenant]:
    """Run ORM code inside `tenant`'s schema, then go back to public."""
    activate_tenant(tenant)
    try:
        yield tenant
    finally:
        activate_public()


def web_login(client: Client, username: str, password: str) -> None:
    """Log in through the real login page of the client's host (middleware, session engine and all)."""
    response = client.post("/dang-nhap/", {"username": username, "password": password})
    assert response.status_code == 302, response.content[:500]
