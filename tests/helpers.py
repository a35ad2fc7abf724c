"""Small helpers shared by tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test import Client

from tenants.models import Tenant


@contextmanager
def in_tenant(tenant: Tenant) -> Iterator[Tenant]:
    """Run ORM code inside `tenant`'s schema, then go back to public."""
    connection.set_tenant(tenant)
    try:
        yield tenant
    finally:
        connection.set_schema_to_public()


def web_login(client: Client, username: str, password: str) -> None:
    """Log in through the real login page of the client's host (middleware, session engine and all)."""
    response = client.post("/dang-nhap/", {"username": username, "password": password})
    assert response.status_code == 302, response.content[:500]
