"""`make run` (config/settings/local.py) serves with DEBUG off: the product's Vietnamese error pages, not Django's
English debug pages, and static files straight from the source folders (WhiteNoise finders, no collectstatic).

Run in a subprocess with the development settings against the test database, where the session's `alpha` tenant
is committed (same PLATFORM_DOMAIN as the tests)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(raise_request_exception=False)
HOST = "alpha." + settings.PLATFORM_DOMAIN
missing = client.get("/khong-co-trang-nay/", HTTP_HOST=HOST)
css = client.get("/static/css/sotay.css", HTTP_HOST=HOST)
print(json.dumps({
    "debug": settings.DEBUG,
    "missing": [missing.status_code, missing.content.decode()],
    "css": [css.status_code, b"".join(css.streaming_content).decode()[:200] if css.streaming else ""],
}))
"""


def test_make_run_shows_vietnamese_error_pages_and_serves_static_files(alpha):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    server = urlsplit(os.environ["DATABASE_URL"])  # the suite's server, its test database
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        PLATFORM_DOMAIN=settings.PLATFORM_DOMAIN,
        DATABASE_URL=urlunsplit(server._replace(path="/" + connection.settings_dict["NAME"])),
    )
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["debug"] is False
    status, page = seen["missing"]
    assert status == 404, out.stderr[-2000:]
    assert "Không tìm thấy trang" in page and "Using the URLconf" not in page
    status, css = seen["css"]
    source = (ROOT / "static" / "css" / "sotay.css").read_text(encoding="utf-8")[:200]
    assert status == 200 and css == source
