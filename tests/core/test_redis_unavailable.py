"""Redis unavailable: pages are still served, caches fall back to process memory, login throttling still
counts (per process), the strict access used by bulk issuance fails loudly; when Redis comes back the cache
uses it again. Uses a redis-server this test starts (skipped only when the program is not installed)."""

import logging
import time

import pytest
import redis
from django.core.cache import cache, caches

from config.resilient_cache import CacheUnavailable, ResilientRedisCache, strict_cache
from tests.conftest import PASSWORD
from tests.core.accounts.helpers import give_account, make_member, make_tree
from tests.helpers import in_tenant, web_login
from tests.redis_server import RedisServer


def _use_redis(settings, url: str) -> None:
    settings.CACHE_REDIS_RETRY_SECONDS = 0.2
    settings.CACHES = {
        "default": {
            "BACKEND": "config.resilient_cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }
    assert isinstance(caches["default"], ResilientRedisCache)


@pytest.fixture
def member(alpha):
    with in_tenant(alpha):
        member = make_member(make_tree()["CB1"], "Nguyễn Văn Minh", phone="0912345678")
        give_account(member)
    return member


@pytest.fixture
def redis_server(tmp_path):
    try:
        server = RedisServer(tmp_path).start()
    except FileNotFoundError as exc:
        pytest.skip(f"cannot start a Redis for this test: {exc}")
    yield server
    server.stop()


def test_pages_and_throttling_work_with_redis_unreachable(alpha_client, member, settings, caplog):
    _use_redis(settings, "redis://127.0.0.1:1/0")  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="config.resilient_cache"):
        web_login(alpha_client, "0912345678", PASSWORD)
        for path in ("/", "/sinh-hoat/", "/dang-vien/cua-toi/"):
            assert alpha_client.get(path).status_code == 200, path
    warnings = [r for r in caplog.records if "Redis cache unreachable" in r.getMessage()]
    assert len(warnings) == 1  # one warning for the outage, not one per call
    alpha_client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        alpha_client.post("/dang-nhap/", {"username": "0912345678", "password": "sai-mat-khau"})
    blocked = alpha_client.post("/dang-nhap/", {"username": "0912345678", "password": PASSWORD})
    assert blocked.status_code == 200 and "quá nhiều lần" in blocked.content.decode()  # counted in this process
    with pytest.raises(CacheUnavailable):
        strict_cache().get("anything")


def test_the_cache_goes_back_to_redis_when_it_returns(alpha_client, member, settings, redis_server):
    _use_redis(settings, redis_server.url)
    client = redis.Redis.from_url(redis_server.url)
    cache.set("probe", "in-redis")
    assert client.dbsize() == 1 and strict_cache().get("probe") == "in-redis"
    redis_server.stop()
    web_login(alpha_client, "0912345678", PASSWORD)
    assert alpha_client.get("/").status_code == 200
    cache.set("probe", "in-memory")
    assert cache.get("probe") == "in-memory"  # served by the process while Redis is away
    redis_server.start()
    time.sleep(0.3)  # the retry window
    cache.set("probe", "back-in-redis")
    assert strict_cache().get("probe") == "back-in-redis" and client.dbsize() == 1
