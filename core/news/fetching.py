"""Fetching an external feed without opening a door into our network (SSRF guard).

- Only http and https URLs; no credentials in the URL.
- The host is resolved here and *every* address it resolves to must be public: private (10/8, 172.16/12,
  192.168/16, fc00::/7), loopback, link-local (169.254/16 — cloud metadata —, fe80::/10), shared (100.64/10),
  multicast, reserved and unspecified addresses are refused, IPv4-mapped IPv6 included, unless the operator
  lists the network in `FEED_ALLOWED_PRIVATE_NETWORKS`.
- The connection goes to the address that was checked (urllib3 pool on the IP, with the host name as Host
  header, TLS SNI and certificate name), so a second DNS answer cannot swap in another address.
- Redirects are followed by hand, at most MAX_REDIRECTS, each hop checked like the first.
- Connect and read timeouts, an overall deadline and a size cap: a slow, endless or huge answer is cut off.

Every refusal or failure is a `FetchError` with a Vietnamese message recorded on the feed.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

type IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 20.0  # seconds for the whole fetch, redirects included
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5


LIMITS = Limits()
USER_AGENT = "SoTay-FeedReader/1.0 (+https://sotay.vn)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code  # refused, dns, timeout, network, http, too_large


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 (not modified)
    content: bytes
    content_type: str
    etag: str
    last_modified: str


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in getattr(settings, "FEED_ALLOWED_PRIVATE_NETWORKS", [])]


def address_refused(ip: IPAddress) -> bool:
    """True for any address that is not plainly public, unless the operator allowed its network."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in net for net in allowed_networks()):
        return False
    return not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified


def parse_target(url: str) -> Target:
    """The URL's parts if it may be fetched at all (scheme, host, no credentials); FetchError otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError(_("Địa chỉ không hợp lệ."), "refused") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(_("Chỉ nhận địa chỉ http:// hoặc https://."), "refused")
    if not parts.hostname:
        raise FetchError(_("Địa chỉ thiếu tên máy chủ."), "refused")
    if parts.username or parts.password:
        raise FetchError(_("Địa chỉ không được chứa tên đăng nhập, mật khẩu."), "refused")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path)


def literal_refused(url: str) -> str:
    """For forms: a message if the URL is refused without resolving it (scheme, an address typed literally)."""
    try:
        target = parse_target(url)
    except FetchError as exc:
        return exc.message
    try:
        ip = ipaddress.ip_address(target.host)
    except ValueError:
        return ""
    return _("Địa chỉ nội bộ bị từ chối: %(host)s.") % {"host": target.host} if address_refused(ip) else ""


def resolve(host: str, port: int) -> IPAddress:
    """The address to connect to; every address of the host must be allowed (FetchError otherwise)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(_("Không tìm thấy máy chủ %(host)s.") % {"host": host}, "dns") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    refused = [ip for ip in addresses if address_refused(ip)]
    if refused or not addresses:
        raise FetchError(
            _("Địa chỉ nội bộ bị từ chối: %(host)s (%(ip)s).") % {"host": host, "ip": refused[0] if refused else "?"},
            "refused",
        )
    return addresses[0]


def _pool(target: Target, ip: IPAddress, limits: Limits) -> urllib3.HTTPConnectionPool:
    timeout = urllib3.Timeout(connect=limits.connect_timeout, read=limits.read_timeout)
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(ip),
            target.port,
            timeout=timeout,
            retries=False,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
        )
    return urllib3.HTTPConnectionPool(str(ip), target.port, timeout=timeout, retries=False)


def _host_header(target: Target) -> str:
    default = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == default else f"{host}:{target.port}"


def _read(response: urllib3.BaseHTTPResponse, limits: Limits, started: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() - started > limits.deadline:
            raise FetchError(_("Quá thời gian chờ (%(s)s giây).") % {"s": int(limits.deadline)}, "timeout")
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(
                _("Nguồn tin quá lớn (trên %(mb)s MB).") % {"mb": limits.max_bytes // (1024 * 1024)}, "too_large"
            )
        chunks.append(chunk)


def fetch(url: str, *, etag: str = "", last_modified: str = "", limits: Limits | None = None) -> Fetched:
    """GET `url` through the guard; follows redirects; FetchError on any refusal or failure."""
    limits = limits or LIMITS
    started = time.monotonic()
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(limits.max_redirects + 1):
        target = parse_target(url)
        ip = resolve(target.host, target.port)
        try:
            response = _pool(target, ip, limits).urlopen(
                "GET",
                target.path,
                headers={**headers, "Host": _host_header(target)},
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.NewConnectionError:  # refused, unreachable (a subclass of the timeout error)
            raise FetchError(_("Không kết nối được máy chủ %(host)s.") % {"host": target.host}, "network") from None
        except urllib3.exceptions.TimeoutError:
            raise FetchError(_("Quá thời gian chờ máy chủ trả lời."), "timeout") from None
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(_("Không kết nối được: %(error)s") % {"error": type(exc).__name__}, "network") from None
        try:
            if response.status in REDIRECTS and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            return _answer(url, response, limits, started)
        except urllib3.exceptions.TimeoutError:
            raise FetchError(_("Quá thời gian chờ máy chủ trả lời."), "timeout") from None
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(_("Kết nối bị ngắt: %(error)s") % {"error": type(exc).__name__}, "network") from None
        finally:
            response.release_conn()
    raise FetchError(_("Chuyển hướng quá nhiều lần."), "http")


def _answer(url: str, response: urllib3.BaseHTTPResponse, limits: Limits, started: float) -> Fetched:
    if response.status not in (200, 203, 304):
        raise FetchError(_("Máy chủ trả lời mã lỗi %(status)s.") % {"status": response.status}, "http")
    content = b"" if response.status == 304 else _read(response, limits, started)
    return Fetched(
        url=url,
        status=response.status,
        content=content,
        content_type=response.headers.get("Content-Type", ""),
        etag=response.headers.get("ETag", "")[:300],
        last_modified=response.headers.get("Last-Modified", "")[:100],
    )
