"""http(s) URLs: fetched with httpx, bounded, and refused on non-public addresses.

Every hop (the URL and each of at most ``MAX_REDIRECTS`` redirects) is
resolved with ``getaddrinfo`` and refused if *any* address is private,
loopback, link-local, multicast, reserved, unspecified or otherwise not
global, unless ``allow_private``. The connection then goes to the address
that was checked (Host header and TLS SNI keep the name), so a second DNS
answer cannot swap in an internal address. Proxies from the environment are
ignored for the same reason. The body is streamed and stopped at
``MAX_ITEM_BYTES``; each read waits at most ``TIMEOUT`` seconds and the whole
fetch at most ``DEADLINE``.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from sitrep.ingest import dispatch
from sitrep.ingest.base import (
    MAX_ITEM_BYTES,
    ReadError,
    kind_from_content_type,
    kind_from_name,
    split_content_type,
)
from sitrep.records import ItemError, RawItem

TIMEOUT = 15.0
DEADLINE = 60.0
MAX_REDIRECTS = 5
USER_AGENT = "sitrep/0.1 (+https://github.com/sitrep)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    mime: str | None
    charset: str | None
    data: bytes


def is_url(target: str) -> bool:
    return target[:8].lower().startswith(("http://", "https://"))


def forbidden(address: IPAddress) -> str | None:
    """What kind of non-public address this is, or None if it is public."""
    embedded = []
    if isinstance(address, ipaddress.IPv6Address):
        # IPv4 smuggled inside IPv6 is judged as the IPv4 address it is.
        embedded = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
        if address.teredo:
            embedded.append(address.teredo[1])
    for candidate in (*embedded, address):
        for attribute in (
            # Most specific first: a link-local address is also "private".
            "loopback",
            "link_local",
            "multicast",
            "unspecified",
            "reserved",
            "private",
        ):
            if getattr(candidate, f"is_{attribute}"):
                return attribute.replace("_", "-")
        if not candidate.is_global:
            return "non-global"
    return None


def resolve(url: httpx.URL, *, allow_private: bool, allowed: Sequence[IPNetwork] = ()) -> list[IPAddress]:
    """Check one hop and return its addresses, to connect to in order."""
    if url.scheme not in ("http", "https"):
        raise ReadError(f"refused: unsupported URL scheme {url.scheme!r} in {url}")
    host = url.raw_host.decode("ascii")
    if not host:
        raise ReadError(f"no host in URL {url}")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ReadError(f"cannot resolve host {host!r} ({exc.strerror})") from None
    except UnicodeError:
        raise ReadError(f"invalid host name {host!r}") from None
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])  # drop an IPv6 scope id
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise ReadError(f"cannot resolve host {host!r}")
    if not allow_private:
        for address in addresses:
            if any(address in network for network in allowed):
                continue
            if kind := forbidden(address):
                raise ReadError(
                    f"refused: {host} resolves to {kind} address {address} "
                    "(use --allow-private to fetch from private networks)"
                )
    return addresses


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_ITEM_BYTES,
    timeout: float = TIMEOUT,
    deadline: float = DEADLINE,
    max_redirects: int = MAX_REDIRECTS,
    allowed_networks: Sequence[IPNetwork] = (),
) -> Fetched:
    """GET one URL within the limits above; raises :class:`ReadError` with the reason.

    ``allowed_networks`` lets through these non-public networks only (an
    intranet range), where ``allow_private`` lets through all of them.
    """
    stop_at = time.monotonic() + deadline
    current = httpx.URL(url)
    with httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=False, headers={"User-Agent": USER_AGENT}
    ) as client:
        for hop in range(max_redirects + 1):
            try:
                addresses = resolve(current, allow_private=allow_private, allowed=allowed_networks)
            except ReadError as exc:
                raise ReadError(f"redirect {hop} to {current}: {exc}" if hop else str(exc)) from None
            response = _connect(client, current, addresses)
            try:
                if response.has_redirect_location:
                    if hop == max_redirects:
                        raise ReadError(f"too many redirects (more than {max_redirects})")
                    current = current.join(response.headers["Location"])
                    continue
                if not response.is_success:
                    raise ReadError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                data = _read_capped(response, max_bytes, stop_at)
            finally:
                response.close()
            mime, charset = split_content_type(response.headers.get("Content-Type"))
            return Fetched(url=str(current), mime=mime, charset=charset, data=data)
    raise AssertionError("unreachable")  # the loop returns or raises


def _connect(client: httpx.Client, url: httpx.URL, addresses: list[IPAddress]) -> httpx.Response:
    """GET from the checked addresses only, in order, as a resolver's connect would."""
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    failure: httpx.ConnectError | None = None
    for address in addresses:
        request = client.build_request(
            "GET",
            url.copy_with(host=str(address)),
            headers={"Host": url.netloc.decode("ascii")},
            extensions=extensions,
        )
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            failure = exc
    assert failure is not None
    raise failure


def _read_capped(response: httpx.Response, max_bytes: int, stop_at: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ReadError(f"too large ({declared} bytes; the limit is {max_bytes} bytes)")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise ReadError(f"too large (more than {max_bytes} bytes; the limit is {max_bytes} bytes)")
        if time.monotonic() > stop_at:
            raise ReadError("timed out while downloading")
    return bytes(body)


# What a server may send that is no article: refused by type before sniffing.
_NOT_ARTICLES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/octet-stream")


def read_url(url: str, *, allow_private: bool = False) -> Iterator[RawItem | ItemError]:
    try:
        fetched = fetch(url, allow_private=allow_private)
    except ReadError as exc:
        yield ItemError(url, "read", str(exc))
        return
    except httpx.TimeoutException:
        yield ItemError(url, "read", f"timed out after {TIMEOUT:g} seconds")
        return
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        yield ItemError(url, "read", f"fetch failed ({type(exc).__name__}: {exc})")
        return
    if fetched.mime and fetched.mime.startswith(_NOT_ARTICLES):
        yield ItemError(url, "read", f"unsupported content type {fetched.mime}")
        return
    name = urlsplit(fetched.url).path.rsplit("/", 1)[-1]
    kind = kind_from_content_type(fetched.mime) or kind_from_name(name)
    yield from dispatch.read_bytes(
        url, name, fetched.data, kind=kind, url=fetched.url, charset=fetched.charset
    )
