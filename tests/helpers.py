"""Small helpers shared by tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def pass_second_factor(client: Client, username: str, *, console: bool = True) -> TOTPDevice:
    """Give `username` an authenticator app (a confirmed TOTP device, in the current schema) and pass the
    real verification page with its current code. Console users must (operators and officers)."""
    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.create(user=user, name="Ứng dụng thử nghiệm", confirmed=True)
    prefix = "/console" if console else ""
    response = client.post(f"{prefix}/xac-thuc-hai-buoc/", {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302, response.content[:500]
    return device


def console_login(client: Client, username: str, password: str) -> None:
    """Log a console user in: password, then the second factor."""
    assert client.login(username=username, password=password)
    pass_second_factor(client, username)
