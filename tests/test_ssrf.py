"""The webhook SSRF guard, as pure functions: numeric tricks, refused ranges, the allowlist, resolution."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from app.webhooks.guard import (
    Allowlist,
    InvalidTarget,
    Refused,
    check_registration,
    inet_aton_value,
    literal_address,
    parse_url,
    refusal,
    resolve_checked,
)

NONE = Allowlist.parse([])


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f.1", "0177.0.0.1", "0x7f000001", "127.0.1",
                                  "0", "0.0x10.1", "4294967295", "4294967296", "1.2.3.4.5", "09.1.1.1",
                                  "0x", "256.1", "1.256.1.1", "example.com", "127.0.0.1.1"])
def test_inet_aton_value_reads_hosts_as_the_resolver_does(host):
    try:
        expected = int.from_bytes(socket.inet_aton(host), "big")
    except OSError:
        expected = None
    assert inet_aton_value(host) == expected


@pytest.mark.parametrize("host,address,canonical", [
    ("127.0.0.1", "127.0.0.1", True), ("2130706433", "127.0.0.1", False), ("0x7f.1", "127.0.0.1", False),
    ("0177.0.0.1", "127.0.0.1", False), ("127.1", "127.0.0.1", False), ("::1", "::1", True),
    ("::ffff:127.0.0.1", "::ffff:127.0.0.1", True), ("127.000.0.1", "127.0.0.1", False),
])
def test_literal_addresses_in_any_form(host, address, canonical):
    assert literal_address(host) == (ipaddress.ip_address(address), canonical)


@pytest.mark.parametrize("host", ["example.com", "hooks.internal", "1.2.3.4.5", "fe80::zz"])
def test_names_are_not_literals(host):
    assert literal_address(host) is None


@pytest.mark.parametrize("address,reason", [
    ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.1", "private"), ("169.254.169.254", "link-local"), ("100.64.0.1", "CGNAT"),
    ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"), ("192.0.0.8", "IETF"),
    ("198.18.0.1", "benchmarking"), ("192.0.2.10", "documentation"),
    ("::1", "loopback"), ("::", "unspecified"), ("fc00::1", "unique local"), ("fd12:3456::1", "unique local"),
    ("fe80::1", "link-local"), ("ff02::1", "multicast"), ("2001:db8::1", "documentation"),
    ("::ffff:127.0.0.1", "IPv4-mapped 127.0.0.1, which is loopback"),
    ("::ffff:10.1.2.3", "IPv4-mapped 10.1.2.3, which is private"),
    ("::ffff:169.254.169.254", "link-local"), ("::127.0.0.1", "IPv4-compatible"),
    ("2002:7f00:1::1", "6to4 127.0.0.1, which is loopback"), ("2002:a00:1::", "6to4 10.0.0.1"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "teredo"), ("64:ff9b::a00:1", "NAT64 10.0.0.1"),
    ("64:ff9b:1::1", "local NAT64"),
])
def test_refused_ranges(address, reason):
    why = refusal(ipaddress.ip_address(address))
    assert why is not None and reason in why


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "93.184.215.14", "2606:4700:4700::1111",
                                     "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808"])
def test_public_addresses_pass(address):
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://127.0.0.1:8080/hook", "http://localhost/", "http://api.localhost/",
    "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
    "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://127.1/", "http://0/",
    "http://[fd00::1]/", "http://100.64.0.1/",
    "http://134744072/",  # 8.8.8.8 in decimal: a trick all the same
    "http://127.0.0.1./",
])
def test_registration_refuses_private_literals_and_tricks(url):
    with pytest.raises(Refused):
        check_registration(url, NONE)


@pytest.mark.parametrize("url", [
    "ftp://example.com/", "javascript:alert(1)", "http://", "http:///path", "example.com/hook",
    "http://user:pw@example.com/", "http://example.com:0/", "http://example.com:99999/",
    "http://exa mple.com/", "http://example.com/a b", "http://ex%61mple.com/", "http://[::zz]/",
    "http://example..com/",
])
def test_registration_rejects_malformed_urls(url):
    with pytest.raises(InvalidTarget):
        check_registration(url, NONE)


def test_registration_accepts_public_targets_and_normalises():
    target = check_registration("HTTPS://Hooks.Example.COM./in?x=1#frag", NONE)
    assert (target.scheme, target.host, target.port) == ("https", "hooks.example.com", 443)
    assert target.path == "/in?x=1"
    assert target.host_header == "hooks.example.com"
    assert parse_url("http://[2606:4700::1111]:8080").host_header == "[2606:4700::1111]:8080"
    assert parse_url("http://bücher.example/").host == "xn--bcher-kva.example"
    assert check_registration("http://8.8.8.8/", NONE).host == "8.8.8.8"


def test_allowlist_by_network_and_by_name():
    allow = Allowlist.parse("127.0.0.1, 10.0.0.0/8, hooks.internal., [::1]")
    assert check_registration("http://127.0.0.1:9000/", allow).port == 9000
    assert check_registration("http://10.20.30.40/", allow).host == "10.20.30.40"
    assert check_registration("http://[::1]/", allow).host == "::1"
    assert check_registration("http://hooks.internal/", allow).host == "hooks.internal"
    for url in ("http://192.168.0.1/", "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://localhost/"):
        with pytest.raises(Refused):
            check_registration(url, allow)


def _resolver(*addresses: str):
    calls = []

    def resolve(host, port, **_kwargs):
        calls.append(host)
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in addresses]

    resolve.calls = calls
    return resolve


def test_a_name_that_resolves_to_a_private_address_is_refused():
    with pytest.raises(Refused, match="resolves to 10.0.0.7, which is private"):
        resolve_checked(parse_url("http://rebind.example.com/"), NONE, _resolver("10.0.0.7"))


def test_a_name_with_one_private_answer_among_public_ones_is_refused():
    with pytest.raises(Refused, match="169.254.169.254"):
        resolve_checked(parse_url("http://mixed.example.com/"), NONE, _resolver("8.8.8.8", "169.254.169.254"))


def test_mapped_and_v6_answers_are_checked():
    for address in ("::ffff:127.0.0.1", "::1", "fd00::5", "64:ff9b::7f00:1"):
        with pytest.raises(Refused):
            resolve_checked(parse_url("http://v6.example.com/"), NONE, _resolver(address))


def test_public_answers_are_returned_in_order_without_duplicates():
    resolver = _resolver("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "93.184.215.14")
    found = resolve_checked(parse_url("https://example.com/"), NONE, resolver)
    assert [a for _f, a in found] == ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
    assert resolver.calls == ["example.com"]


def test_numeric_tricks_are_refused_before_any_lookup():
    resolver = _resolver("127.0.0.1")
    for host in ("2130706433", "0x7f.1", "0177.0.0.1", "127.1"):
        with pytest.raises(Refused, match="non-canonical"):
            resolve_checked(parse_url(f"http://{host}/"), NONE, resolver)
    assert resolver.calls == []


def test_allowlisted_networks_and_names_pass_resolution():
    allow = Allowlist.parse(["10.0.0.0/8", "hooks.internal"])
    assert resolve_checked(parse_url("http://a.example/"), allow, _resolver("10.1.1.1"))[0][1] == "10.1.1.1"
    assert resolve_checked(parse_url("http://hooks.internal/"), allow, _resolver("192.168.9.9"))[0][1] == \
        "192.168.9.9"
    with pytest.raises(Refused):
        resolve_checked(parse_url("http://a.example/"), allow, _resolver("192.168.9.9"))


def test_localhost_through_the_real_resolver_is_refused():
    with pytest.raises(Refused, match="loopback"):
        resolve_checked(parse_url("http://localhost:9/"), NONE)
