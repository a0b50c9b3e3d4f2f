"""SSRF guard for webhook targets: pure functions over URLs, host names and addresses.

A target is checked at registration (a literal address in a refused range is rejected) and again at
delivery, against every address its host resolves to; the delivery then connects to an address that
passed. Numeric tricks (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`) are read the way `inet_aton`
reads them — which is how the resolver reads them too — and refused outright.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class InvalidTarget(ValueError):
    """The URL is not an acceptable webhook target at all."""


class Refused(ValueError):
    """The target is, or resolves to, an address webhooks may not reach."""


def _nets(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[Network, str], ...]:
    return tuple((ipaddress.ip_network(net), why) for net, why in pairs)


_REFUSED_V4 = _nets([
    ("0.0.0.0/8", "unspecified"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "shared (CGNAT)"),
    ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"), ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "reserved (IETF)"), ("192.0.2.0/24", "reserved (documentation)"),
    ("192.88.99.0/24", "reserved (6to4 relay)"), ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "reserved (benchmarking)"), ("198.51.100.0/24", "reserved (documentation)"),
    ("203.0.113.0/24", "reserved (documentation)"), ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
])
_REFUSED_V6 = _nets([
    ("::/128", "unspecified"), ("::1/128", "loopback"), ("::/96", "reserved (IPv4-compatible)"),
    ("64:ff9b:1::/48", "reserved (local NAT64)"), ("100::/64", "reserved (discard)"),
    ("2001::/32", "teredo"), ("2001::/23", "reserved (IETF)"), ("2001:db8::/32", "reserved (documentation)"),
    ("fc00::/7", "unique local (private)"), ("fe80::/10", "link-local"), ("fec0::/10", "site-local"),
    ("ff00::/8", "multicast"),
])
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_PART = re.compile(r"^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$")
_NAME = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$")
_BAD_PATH = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Target:
    """A parsed webhook URL: where to connect and what to ask for."""

    scheme: str
    host: str  # lower-case ASCII (IDNA), no brackets, no trailing dot
    port: int
    path: str  # path and query, as sent on the request line

    @property
    def tls(self) -> bool:
        """Whether the connection is wrapped in TLS."""
        return self.scheme == "https"

    @property
    def host_header(self) -> str:
        """The `Host` header: the original host, with the port when it is not the default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.tls else 80
        return host if self.port == default else f"{host}:{self.port}"


@dataclass(frozen=True)
class Allowlist:
    """Hosts and networks that webhooks may reach despite the refused ranges (`WEBHOOK_ALLOW_PRIVATE`)."""

    names: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str] | str) -> Allowlist:
        """Read entries such as `127.0.0.1`, `10.0.0.0/8`, `[::1]` or `hooks.internal`."""
        if isinstance(entries, str):
            entries = entries.split(",")
        names, networks = set(), []
        for entry in (e.strip().lower().strip("[]") for e in entries):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.add(entry.rstrip("."))
        return cls(frozenset(names), tuple(networks))

    def permits_host(self, host: str) -> bool:
        """Whether the host name itself is listed."""
        return host in self.names

    def permits(self, ip: IPAddress) -> bool:
        """Whether the address lies in a listed network."""
        return any(ip.version == net.version and ip in net for net in self.networks)


def inet_aton_value(host: str) -> int | None:
    """Read `host` as `inet_aton` does (1–4 parts, decimal/octal/hex); None when it is not numeric."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_PART.match(p) for p in parts):
        return None
    values = [int(p, 16) if p.startswith("0x") else int(p, 8) if p.startswith("0") else int(p) for p in parts]
    head, last = values[:-1], values[-1]
    if any(v > 255 for v in head) or last >= 1 << (32 - 8 * len(head)):
        return None
    value = last
    for i, byte in enumerate(head):
        value |= byte << (24 - 8 * i)
    return value


def literal_address(host: str) -> tuple[IPAddress, bool] | None:
    """Return `(address, canonical)` when the host is an address literal in any form, else None."""
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host), True
        except ValueError:
            return None
    try:
        return ipaddress.IPv4Address(host), True
    except ValueError:
        value = inet_aton_value(host)
        return (ipaddress.IPv4Address(value), False) if value is not None else None


def _embedded_v4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip in _NAT64:
        return "NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return "6to4", ip.sixtofour
    return None


def refusal(ip: IPAddress) -> str | None:
    """Why webhooks may not reach this address, or None when it is a public unicast address."""
    if ip.version == 6:
        embedded = _embedded_v4(ip)
        if embedded is not None:
            kind, inner = embedded
            why = refusal(inner)
            return f"{kind} {inner}, which is {why}" if why else None
    for net, why in _REFUSED_V4 if ip.version == 4 else _REFUSED_V6:
        if ip in net:
            return why
    if ip.version == 4 and int(ip) == 0xFFFFFFFF:
        return "broadcast"
    return None if ip.is_global else "not globally routable"


def _ascii_host(host: str) -> str:
    host = host[:-1] if host.endswith(".") else host  # one trailing dot: the root, as browsers read it
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InvalidTarget("The URL's host is not a valid host name") from None
    if not _NAME.match(host):
        raise InvalidTarget("The URL's host is not a valid host name")
    return host


def parse_url(url: str) -> Target:
    """Parse and normalise a webhook URL; raise `InvalidTarget` when it cannot be one."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidTarget(f"Not a valid URL: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidTarget("The URL must use http or https")
    if not parts.hostname:
        raise InvalidTarget("The URL must name a host")
    if parts.username is not None or parts.password is not None:
        raise InvalidTarget("Credentials in the URL are not supported")
    if port == 0:
        raise InvalidTarget("Port 0 is not a valid port")
    host = parts.hostname
    if ":" in host:
        if literal_address(host) is None:
            raise InvalidTarget("The URL's host is not a valid IPv6 address")
    else:
        host = _ascii_host(host)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if _BAD_PATH.search(path):
        raise InvalidTarget("The URL's path must not contain spaces or control characters")
    scheme = parts.scheme.lower()
    return Target(scheme, host, port or (443 if scheme == "https" else 80), path)


def _is_localhost(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def check_registration(url: str, allow: Allowlist) -> Target:
    """Check a URL being registered: a literal address in a refused range, or a numeric trick, is refused."""
    target = parse_url(url)
    if allow.permits_host(target.host):
        return target
    literal = literal_address(target.host)
    if literal is None:
        if _is_localhost(target.host):
            raise Refused(f"{target.host} is loopback")
        return target
    ip, canonical = literal
    if not canonical:
        raise Refused(f"{target.host} is a numeric host in a non-canonical form (reads as {ip})")
    why = None if allow.permits(ip) else refusal(ip)
    if why:
        raise Refused(f"{ip} is {why}")
    return target


Resolver = Callable[..., list]


def resolve_checked(target: Target, allow: Allowlist,
                    resolver: Resolver = socket.getaddrinfo) -> list[tuple[int, str]]:
    """Resolve the target's host and check every address; return `(family, address)` pairs to connect to.

    Raises `Refused` when any address is refused (a name that mixes public and private answers is refused
    whole), and lets `socket.gaierror` through: a failed lookup is worth retrying.
    """
    host_listed = allow.permits_host(target.host)
    literal = literal_address(target.host)
    if literal is not None and not literal[1] and not host_listed:
        raise Refused(f"{target.host} is a numeric host in a non-canonical form (reads as {literal[0]})")
    infos = resolver(target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    found: list[tuple[int, str]] = []
    for family, _type, _proto, _name, sockaddr in infos:
        address = sockaddr[0]
        ip = ipaddress.ip_address(address)
        why = None if host_listed or allow.permits(ip) else refusal(ip)
        if why:
            raise Refused(f"{target.host} resolves to {ip}, which is {why}")
        if (family, address) not in found:
            found.append((family, address))
    if not found:
        raise socket.gaierror(socket.EAI_NONAME, f"{target.host} has no address")
    return found
