"""A live server for browser tests that does not wipe the database, and one Chromium for all of them.

pytest-django's `live_server` forces `transactional_db`, whose teardown truncates every table — including
the session-wide tenants the other tests rely on. This server reads the committed session data instead.

Chromium is launched once for the session (each test opens its own pages or context). Playwright's sync API
keeps an event loop running in this thread, so Django's async-safety check is switched off while it lives;
tests/conftest.py runs the browser tests last, so no other test runs with the check off.
"""

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def live_port(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[int]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield thread.port
        finally:
            thread.terminate()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright driver for the whole run: its sync API owns an event loop in this thread, so a second
    `sync_playwright()` would fail. Modules that need a Chromium with other flags launch it from this one."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is required (make test installs it as root)"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    try:
        with sync_playwright() as pw:
            yield pw
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def chromium_args(*extra: str) -> list[str]:
    domain = settings.PLATFORM_DOMAIN
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        f"--host-resolver-rules=MAP *.{domain} 127.0.0.1, MAP {domain} 127.0.0.1",
        *extra,
    ]


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args())
    yield chromium
    chromium.close()


@pytest.fixture
def operator_devices_removed(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """A browser enrolment is committed (live server): remove it so later tests meet an operator without 2FA.

    Deleted from another thread (its own autocommit connection): in this thread the delete would be part of
    the test's transaction and rolled back with it."""
    yield
    from django.db import connection
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def remove() -> None:
        try:
            TOTPDevice.objects.filter(user__username="operator").delete()
            StaticDevice.objects.filter(user__username="operator").delete()
        finally:
            connection.close()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        worker = threading.Thread(target=remove)
        worker.start()
        worker.join()


def enrol_with_the_shown_key(page: Any) -> None:
    """On the 2FA set-up page: type the code an authenticator app would show for the key on the page."""
    from base64 import b32decode

    from django_otp.oath import totp

    key = page.locator("[data-testid=two-factor-key]").inner_text().replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    page.fill("#id_token", f"{totp(secret):06d}")
    page.get_by_role("button", name="Xác nhận và bật").click()
    page.wait_for_selector("[data-testid=backup-codes]")
