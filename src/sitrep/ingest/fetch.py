"""http(s) URLs: fetched with httpx, bounded, and refused on non-public addresses.

Every hop (the URL and each of at most ``MAX_REDIRECTS`` redirects) is
resolved with ``getaddrinfo`` and refused if *any* address is private,
loopback, link-local, multicast, reserved, unspecified or otherwise not
global, unless ``allow_private``. The connection then goes to the address
that was checked (Host header and TLS SNI keep the name), so a second DNS
answer cannot swap in an internal address. Proxies from the environment are
ignored for the same reason. The body is streamed and stopped at
``MAX_ITEM_BYTES``; each read waits at most ``TIMEOUT`` seconds and the whole
fetch at most ``DEADLINE``: connecting, every redirect, the headers (a
server dripping one byte at a time is cut), the body, and decompressing what
was fetched (the deadline travels with the input's budget). Every socket
operation waits at most what is left of the deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from sitrep.ingest import dispatch
from sitrep.ingest.base import (
    MAX_ITEM_BYTES,
    ReadError,
    kind_from_content_type,
    kind_from_name,
    split_content_type,
)
from sitrep.ingest.budget import RunBudget
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
    stop_at: float  # the fetch's deadline (time.monotonic), for decompressing the data


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most what is left of the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, clock: _Deadline) -> None:
        self._stream = stream
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._clock.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._clock.clamp(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, self._clock.clamp(timeout))
        return _DeadlineStream(tls, self._clock)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Deadline(httpcore.NetworkBackend):
    """httpcore's socket backend with one deadline over everything the fetch does on the network.

    httpx's timeouts are per operation, so a server sending a byte just within
    each read timeout would hold a fetch for ever; this bounds the sum.
    """

    def __init__(self, stop_at: float) -> None:
        self.stop_at = stop_at
        self._backend = httpcore.SyncBackend()

    def clamp(self, timeout: float | None) -> float:
        left = self.stop_at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("deadline passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, self.clamp(timeout), local_address, socket_options)
        return _DeadlineStream(stream, self)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(0.0, self.stop_at - time.monotonic())))


class _DeadlineTransport(httpx.HTTPTransport):
    def __init__(self, stop_at: float) -> None:
        super().__init__(trust_env=False)
        # httpx builds its connection pool without a way to pass a network backend: rebuild it with one.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False), network_backend=_Deadline(stop_at)
        )


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
    try:
        return _fetch(url, allow_private, max_bytes, timeout, stop_at, max_redirects, allowed_networks)
    except httpx.TimeoutException:
        if time.monotonic() >= stop_at - 0.05:
            raise ReadError(
                f"timed out: the fetch took longer than its deadline of {deadline:g} seconds "
                "(connecting, headers, body and decompression)"
            ) from None
        raise ReadError(f"timed out: no data for {timeout:g} seconds") from None


def _fetch(
    url: str,
    allow_private: bool,
    max_bytes: int,
    timeout: float,
    stop_at: float,
    max_redirects: int,
    allowed_networks: Sequence[IPNetwork],
) -> Fetched:
    current = httpx.URL(url)
    with httpx.Client(
        transport=_DeadlineTransport(stop_at),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": USER_AGENT},
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
            return Fetched(url=str(current), mime=mime, charset=charset, data=data, stop_at=stop_at)
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
            raise httpx.ReadTimeout("deadline passed while downloading")
    return bytes(body)


# What a server may send that is no article: refused by type before sniffing.
_NOT_ARTICLES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/octet-stream")


def read_url(
    url: str, *, allow_private: bool = False, budget: RunBudget | None = None, deadline: float = DEADLINE
) -> Iterator[RawItem | ItemError]:
    try:
        fetched = fetch(url, allow_private=allow_private, deadline=deadline)
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
    budget = budget or RunBudget()
    yield from dispatch.read_bytes(
        url,
        name,
        fetched.data,
        kind=kind,
        url=fetched.url,
        charset=fetched.charset,
        budget=budget.for_input(stop_at=fetched.stop_at),
    )
