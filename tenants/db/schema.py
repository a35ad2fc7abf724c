"""Typed helpers for the connection's active schema (the backend adds these to Django's connection)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.db import connection

from tenants.db.base import DatabaseWrapper


def tenant_connection() -> DatabaseWrapper:
    return cast(DatabaseWrapper, connection)


def current_schema() -> str:
    return tenant_connection().schema_name or ""


def activate_tenant(tenant: Any) -> None:
    """Point the connection at `tenant`'s schema (no statement is sent until the next query)."""
    tenant_connection().set_tenant(tenant)


def activate_public() -> None:
    tenant_connection().set_schema_to_public()


@contextmanager
def tenant_schema(tenant: Any) -> Iterator[None]:
    """`with tenant_schema(tenant): …` — the connection points at `tenant`'s schema inside the block and at public
    after it, whatever the block raises (the one place for `activate_tenant(t)` … `finally: activate_public()`)."""
    activate_tenant(tenant)
    try:
        yield
    finally:
        activate_public()
