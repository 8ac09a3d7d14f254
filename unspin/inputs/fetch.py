"""A page from a URL, fetched for a user who gave it, safely: the server fetching it must not
become a way into the network it sits in (SSRF).

- http and https only; at most ``max_redirects`` redirects, each checked like the first URL.
- The host is resolved once and every address it resolves to must be public: loopback,
  private, link-local (cloud metadata at 169.254.169.254), multicast, reserved and
  unspecified addresses are refused unless the operator allows them. The connection then
  goes to the address that was checked (the Host header and TLS name stay the URL's), so
  a second DNS answer cannot swap in another address.
- The body is read in chunks and refused past ``max_bytes``; connect, read and total
  time are bounded.
- HTML is reduced to its main text (trafilatura), PDF to its text layer; plain text as it is.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from unspin.errors import InputError, TooLarge
from unspin.inputs.decode import MAX_BYTES


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    allow_private: bool = False  # the operator's choice (unspin serve --allow-private-urls)
    allow_addresses: frozenset[str] = frozenset()  # or just these addresses (an intranet host)
    max_bytes: int = MAX_BYTES
    timeout: float = 15.0  # seconds for the whole fetch, redirects included
    max_redirects: int = 5


def check_address(ip: str, policy: FetchPolicy = FetchPolicy()) -> None:
    """Raise :class:`InputError` for an address a fetch may not reach."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if policy.allow_private or str(addr) in policy.allow_addresses:
        return
    # most specific first: 0.0.0.0 and 127.0.0.1 are "private" to Python as well
    for test, what in ((addr.is_unspecified, "an unspecified"), (addr.is_loopback, "a loopback"),
                       (addr.is_link_local, "a link-local"), (addr.is_multicast, "a multicast"),
                       (addr.is_private, "a private"), (addr.is_reserved, "a reserved")):
        if test:
            raise InputError(f"the URL leads to {what} address ({addr}): not fetched "
                             "(the server's operator can allow it)")


def _resolve(host: str, port: int, policy: FetchPolicy) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise InputError(f"the URL's host {host!r} was not found") from None
    ips = sorted({info[4][0] for info in infos})
    for ip in ips:  # every address: a host with one public and one private answer is refused
        check_address(ip, policy)
    return ips[0]


def _target(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(f"only http and https URLs are fetched, not {parts.scheme or 'this'!r}")
    if not parts.hostname:
        raise InputError("the URL has no host")
    if parts.username or parts.password:
        raise InputError("URLs with a user name or password are not fetched")
    return parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def fetch_bytes(url: str, policy: FetchPolicy = FetchPolicy()) -> tuple[bytes, str, str]:
    """(body, content type, final URL) of ``url``, following checked redirects."""
    import httpx

    deadline = time.monotonic() + policy.timeout
    with httpx.Client(timeout=httpx.Timeout(min(10.0, policy.timeout)), follow_redirects=False,
                      trust_env=False) as client:
        for _ in range(policy.max_redirects + 1):
            scheme, host, port = _target(url)
            ip = _resolve(host, port, policy)
            pinned = _pinned_url(url, ip)
            try:
                with client.stream("GET", pinned, headers={"Host": _host_header(url), "User-Agent": "unspin"},
                                   extensions={"sni_hostname": host}) as resp:
                    if resp.is_redirect and "location" in resp.headers:
                        url = urljoin(url, resp.headers["location"])
                        continue
                    if resp.status_code >= 400:
                        raise InputError(f"the page answered HTTP {resp.status_code}")
                    return _read(resp, policy, deadline), resp.headers.get("content-type", ""), url
            except httpx.TimeoutException:
                raise InputError(f"the page did not answer within {policy.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise InputError(f"the page could not be fetched: {' '.join(str(exc).split()) or 'connection failed'}"
                                 ) from None
    raise InputError(f"more than {policy.max_redirects} redirects: not followed")


def _pinned_url(url: str, ip: str) -> str:
    parts = urlsplit(url)
    host = f"[{ip}]" if ":" in ip else ip
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl()


def _host_header(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1]


def _read(resp, policy: FetchPolicy, deadline: float) -> bytes:
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise TooLarge(f"the page is too large: {int(declared):,} bytes (limit {policy.max_bytes:,})")
    body = bytearray()
    for chunk in resp.iter_bytes():
        body += chunk
        if len(body) > policy.max_bytes:
            raise TooLarge(f"the page is too large: more than {policy.max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise InputError(f"the page took longer than {policy.timeout:g} s to arrive")
    return bytes(body)


def fetch_record(url: str, policy: FetchPolicy = FetchPolicy()):
    """The page at ``url`` as a record of the one reader (text, HTML or PDF by content type)."""
    from unspin.inputs.sources import Record, read_bytes

    try:
        data, ctype, final = fetch_bytes(url, policy)
    except InputError as exc:
        return Record(url, url, error=str(exc))
    ctype = ctype.split(";", 1)[0].strip().lower()
    kinds = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text", "application/pdf": "pdf"}
    if ctype and ctype not in kinds:
        return Record(url, url, error=f"the page is {ctype}, not a text, HTML page or PDF")
    rec = read_bytes(data, url, kinds.get(ctype, "auto"))  # type: ignore[arg-type]
    rec.meta["url"] = final
    return rec
