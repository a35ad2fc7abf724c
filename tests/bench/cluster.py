"""Two-node rehearsal (issue 21, ADR 0025): `make bench ARGS=cluster`.

Two gunicorn nodes (infra/gunicorn.conf.py, 2 workers x 4 threads each) on one PostgreSQL (the bench database),
one Redis (cache and broker) and one S3 bucket (SeaweedFS), behind Debian's nginx with the upstream and proxy
settings of infra/nginx/sotay.conf (plain HTTP on 127.0.0.1: the wildcard certificate needs DNS names). Shown:

1. a session opened on node A and an API token issued by A work on B;
2. a file uploaded through A (library attachment, 1 MB) downloads through B with the same sha256;
3. a tenant suspended (by a third process, as the console's task would) is refused by A and by B within the
   routing TTL (5 s), and a domain added is served by B: seconds from the commit, several runs;
4. a new tenant provisioned (through the real provisioning path) is served by B: seconds from the request;
5. throughput of the signed-in member's home through nginx with one node and with two (wrk, 16 connections).

Figures taken on a shared 2-core machine are noisy; the throughput cannot double there (both nodes, nginx,
PostgreSQL and wrk share the same two cores): the table says what stopped it.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.cluster_nodes import ROOT, Browser, Node, api_token, seconds_until
from tests.object_storage import start_in
from tests.redis_server import RedisServer, free_port

SLUG, NEW_SLUG, PASSWORD = "cluster", "clustermoi", "bench-pass-2026"
RUNS = 4
BUCKET = "sotay-cluster"


def _table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-" * (sum(widths) + 2 * len(widths)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)), flush=True)


def _environment(redis_url: str, s3_env: dict[str, str]) -> dict[str, str]:
    base = redis_url.rsplit("/", 1)[0]
    env = dict(os.environ, DATABASE_URL=os.environ["BENCH_DATABASE_URL"], DEBUG="false", LOG_LEVEL="WARNING",
               DJANGO_SETTINGS_MODULE="config.settings.local", REDIS_URL=f"{base}/1", CELERY_BROKER_URL=f"{base}/2",
               PYTHONPATH=str(ROOT), TENANT_ROUTING_TTL="5", DB_CONN_MAX_AGE="60", **s3_env)  # fmt: skip
    return env


def _setup() -> tuple[str, int]:
    """The bench tenant with demo members and a publisher; returns (host, the root unit's id)."""
    from tests.bench.setup import bench_tenant, django_on_bench_db

    django_on_bench_db()
    from django.conf import settings
    from django.contrib.auth.models import User

    from core.access.models import Role, RoleGrant
    from core.demo.generator import generate
    from core.members.models import Member
    from core.org.models import OrgKind, OrgUnit
    from tenants.db.schema import activate_tenant

    tenant = bench_tenant(SLUG, "Đảng bộ (bench hai máy)")
    activate_tenant(tenant)
    if not Member.objects.exists():
        generate(members=2_000, seed="cluster")
    root = OrgUnit.objects.get(kind=OrgKind.ROOT)
    user, created = User.objects.get_or_create(username="pub_cluster")
    if created:
        user.set_password(PASSWORD)
        user.save()
        RoleGrant.objects.create(user=user, role=Role.PUBLISHER, unit=root)
    return f"{SLUG}.{settings.PLATFORM_DOMAIN}", root.pk


def sessions_tokens_and_files(a: Node, b: Node, host: str, root_id: int) -> list[list[str]]:
    rows = []
    browser = Browser(host)
    browser.login(a, "pub_cluster", PASSWORD)
    home = browser.get(b, "/")
    rows.append(["session made on A, home on B", str(home.status_code), "OK" if home.status_code == 200 else "FAIL"])
    token = api_token(a, host, "pub_cluster", PASSWORD)
    api = browser.session.get(b.url("/api/v1/documents/"), headers={"Host": host, "Authorization": f"Bearer {token}"})
    rows.append(["token issued by A, API on B", str(api.status_code), "OK" if api.status_code == 200 else "FAIL"])
    created = browser.post(a, "/van-ban/quan-ly/moi/", {
        "unit": str(root_id), "audience": "all", "level": "province", "kind": "guidance", "number": "01-HD/BENCH",
        "title": "Hướng dẫn (bench hai máy)", "summary": "", "body": "",
    })  # fmt: skip
    doc_url = created.headers.get("Location", "")
    data = b"%PDF-1.4\n" + os.urandom(1024 * 1024)
    began = time.perf_counter()
    up = browser.post(a, doc_url + "tep/", {}, files={"file": ("bench.pdf", data, "application/pdf")})
    upload_s = time.perf_counter() - began
    browser.post(a, doc_url + "phat-hanh/", {})
    url = _attachment_url("01-HD/BENCH")
    began = time.perf_counter()
    down = browser.get(b, url) if url else None
    download_s = time.perf_counter() - began
    same = down is not None and hashlib.sha256(down.content).hexdigest() == hashlib.sha256(data).hexdigest()
    status = getattr(down, "status_code", "-")
    detail = f"upload {up.status_code} in {upload_s:.2f} s, download {status} in {download_s:.2f} s"
    rows.append(["1 MB file uploaded on A, downloaded on B", detail, "OK (same sha256)" if same else "FAIL"])
    return rows


def _attachment_url(number: str) -> str:
    from core.library.models import Attachment
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.models import Tenant

    activate_tenant(Tenant.objects.get(schema_name=SLUG))
    try:
        found = Attachment.objects.filter(document__number=number).order_by("-pk").first()
        return f"/van-ban/{found.document_id}/tep/{found.pk}/" if found else ""
    finally:
        activate_public()


STREAK = 12  # consecutive refusals on fresh connections: every worker of the node has reloaded its map


def _refused_everywhere(nodes: list[Node], host: str, timeout: float = 20) -> dict[str, str]:
    """Per node, seconds from now (just after the commit) to its first refusal (one worker reloaded) and to the
    start of a streak of STREAK refusals (all its workers did: each has its own map and TTL phase)."""
    began, count = time.monotonic(), dict.fromkeys([n.name for n in nodes], 0)
    first: dict[str, float] = {}
    streak: dict[str, float] = {}
    while time.monotonic() - began < timeout and min(count.values()) < STREAK:
        for node in nodes:
            now = time.monotonic() - began
            if _served(node, host):
                streak.pop(node.name, None)
                count[node.name] = 0
            else:
                first.setdefault(node.name, now)
                streak.setdefault(node.name, now)
                count[node.name] += 1
        time.sleep(0.05)
    out = {}
    for node in nodes:
        if count[node.name] < STREAK:
            out[node.name] = f"{node.name.upper()} never"
        else:
            out[node.name] = f"{node.name.upper()} first {first[node.name]:.1f} s, all {streak[node.name]:.1f} s"
    return out


def _secs(node: str, seconds: float | None) -> str:
    return f"{node} {seconds:.1f} s" if seconds is not None else f"{node} never"


def _served(node: Node, host: str) -> bool:
    try:
        return Browser(host).get(node, "/dang-nhap/").status_code == 200
    except Exception:
        return False


def propagation(a: Node, b: Node, host: str, env: dict[str, str]) -> list[list[str]]:
    from tenants.models import Domain, Tenant
    from tenants.provisioning.services import tenant_provision, tenant_request, tenant_resume, tenant_suspend
    from tenants.routing import host_map

    rows = []
    for run in range(1, RUNS + 1):
        assert seconds_until(lambda: _served(a, host) and _served(b, host), 30) is not None
        time.sleep(run * 1.3 % 5)  # start at different points of the nodes' TTL windows
        # The writer is this process (as the console's worker would be): both nodes learn it only from the
        # database, after their TTL — the clock starts at the commit.
        tenant_suspend(tenant=Tenant.objects.get(schema_name=SLUG), actor="bench", reason="bench")
        refused = _refused_everywhere([a, b], host)
        rows.append([f"suspension #{run}", refused["a"], refused["b"]])
        host_map.invalidate()
        tenant_resume(tenant=Tenant.objects.get(schema_name=SLUG), actor="bench")
    tenant = Tenant.objects.get(schema_name=SLUG)
    extra = f"{SLUG}-moi-{int(time.time())}.{env.get('PLATFORM_DOMAIN', 'localhost')}"
    Domain.objects.create(domain=extra, tenant=tenant, is_primary=False)
    seen = seconds_until(lambda: _served(b, extra), 15)
    rows.append(["domain added, served by B", "-", f"B {seen:.1f} s" if seen is not None else "never"])
    if Tenant.objects.filter(schema_name=NEW_SLUG).exists():
        _drop(NEW_SLUG)
    began = time.monotonic()
    new = tenant_request(
        slug=NEW_SLUG, name="Đảng bộ mới (bench)", admin_email="a@moi.vn", actor="bench", enqueue=False
    )
    tenant_provision(tenant_id=new.pk, actor="bench")
    provisioned = time.monotonic() - began
    new_host = f"{NEW_SLUG}.{env.get('PLATFORM_DOMAIN', 'localhost')}"
    seen = seconds_until(lambda: _served(b, new_host), 30)
    total = f"{provisioned + seen:.1f} s" if seen is not None else "never"
    rows.append(["new tenant provisioned, served by B", f"provisioning {provisioned:.1f} s", f"B after {total}"])
    return rows


def _drop(slug: str) -> None:
    from django.db import connection

    from tenants.models import Tenant

    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{slug}" CASCADE')
    Tenant.objects.filter(schema_name=slug).delete()


NGINX = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fcgi;
    uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
    upstream sotay_web {{
{servers}
        keepalive 32;
        keepalive_timeout 4s;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name .{domain};
        client_max_body_size 25m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Host "";
        proxy_next_upstream error timeout http_502 http_503;
        proxy_next_upstream_tries 2;
        location / {{ proxy_pass http://sotay_web; }}
    }}
}}
"""


def _nginx(work: Path, nodes: list[Node], domain: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    servers = "\n".join(f"        server 127.0.0.1:{n.port} max_fails=3 fail_timeout=10s;" for n in nodes)
    conf = work / f"nginx-{len(nodes)}.conf"
    conf.write_text(NGINX.format(dir=work, servers=servers, port=port, domain=domain))
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return proc, port


def _wrk(port: int, host: str, cookie: str) -> tuple[float, str]:
    out = subprocess.run(["wrk", "-t2", "-c16", "-d10s", "--latency", "-H", f"Host: {host}", "-H", f"Cookie: {cookie}",
                          f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=True).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p90 = re.search(r"90%\s+(\S+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, f"p90 {p90.group(1) if p90 else '?'}, non-2xx {errors.group(1) if errors else 0}"


def throughput(work: Path, a: Node, b: Node, host: str, domain: str) -> list[list[str]]:
    if not shutil.which("nginx") or not shutil.which("wrk"):
        return [["throughput", "skipped: install Debian's nginx-light and wrk", "-"]]
    in_a_row = [0]

    def steady() -> bool:  # the last resumption reached every worker of both nodes
        in_a_row[0] = in_a_row[0] + 1 if _served(a, host) and _served(b, host) else 0
        return in_a_row[0] >= STREAK

    seconds_until(steady, 60)
    browser = Browser(host)
    browser.login(a, "pub_cluster", PASSWORD)
    cookie = "; ".join(f"{k}={v}" for k, v in browser.session.cookies.items())
    rows = []
    for nodes in ([a], [a, b]):
        proc, port = _nginx(work, nodes, domain)
        try:
            _wrk(port, host, cookie)  # warm-up (connections, caches)
            rate, detail = _wrk(port, host, cookie)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        rows.append([f"nginx → {len(nodes)} node(s), member home /", f"{rate:.0f} req/s", detail])
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sotay-cluster-") as tmp:
        work = Path(tmp)
        redis = RedisServer(work).start()
        s3 = start_in(work / "seaweed")
        nodes: list[Node] = []
        try:
            s3.create_bucket(BUCKET)
            env = _environment(redis.url, s3.environment(BUCKET))
            os.environ.update(env)
            host, root_id = _setup()
            env["PLATFORM_DOMAIN"] = host.split(".", 1)[1]
            nodes = [Node(name, env, workers=2, threads=4, log=work / f"node-{name}.log").start() for name in "ab"]
            a, b = nodes
            rows = sessions_tokens_and_files(a, b, host, root_id)
            _table("Two nodes, one database, one Redis, one bucket", ["check", "detail", "result"], rows)
            prop = propagation(a, b, host, env)
            _table("Changes seen by the nodes (TENANT_ROUTING_TTL = 5 s)", ["change", "node A", "node B"], prop)
            load = throughput(work, a, b, host, env["PLATFORM_DOMAIN"])
            _table("Throughput (wrk -t2 -c16 -d10s; 2 shared cores)", ["setup", "rate", "detail"], load)
            ok = all("FAIL" not in r[2] for r in rows) and all("never" not in " ".join(r) for r in prop)
        finally:
            for node in nodes:
                node.stop()
            s3.stop()
            redis.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
