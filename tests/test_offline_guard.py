"""The offline guard refuses non-loopback connections and lets loopback through.

No test here sends anything: the real socket functions are replaced by recorders, so a broken
guard shows up as a recorded call, not as traffic.
"""

import socket

import offline_guard
import pytest


@pytest.fixture
def recorded(monkeypatch):
    """Install the guard over recording fakes of the socket functions."""
    calls = []
    assert offline_guard._originals, "conftest.py installs the guard for every test"
    for name in ("connect", "connect_ex", "sendto", "getaddrinfo"):
        monkeypatch.setitem(
            offline_guard._originals, name, lambda *a, name=name: calls.append((name, a[-1]))
        )
    return calls


@pytest.mark.parametrize(
    "address",
    [("192.0.2.1", 80), ("8.8.8.8", 53), ("10.0.0.1", 443), ("2001:db8::1", 80, 0, 0)],
)
def test_connections_to_other_hosts_are_refused(recorded, address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        with pytest.raises(offline_guard.NetworkAccessError, match="offline"):
            sock.connect(address)
        with pytest.raises(offline_guard.NetworkAccessError, match=address[0].split(":")[0]):
            sock.connect_ex(address)
    assert recorded == []


def test_datagrams_and_name_lookups_are_refused(recorded):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        with pytest.raises(offline_guard.NetworkAccessError, match="datagram"):
            sock.sendto(b"x", ("192.0.2.1", 53))
    with pytest.raises(offline_guard.NetworkAccessError, match="name lookup"):
        socket.getaddrinfo("example.com", 443)
    with pytest.raises(offline_guard.NetworkAccessError):
        socket.create_connection(("example.com", 80))  # resolves the name first
    assert recorded == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.0.1", "localhost", "::1"])
def test_loopback_is_allowed(recorded, host):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.connect((host, 9))
    socket.getaddrinfo(host, 9)
    assert [name for name, _ in recorded] == ["connect", "getaddrinfo"]


def test_a_real_loopback_server_still_works():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            conn, _ = server.accept()
            with conn:
                client.sendall(b"ping")
                assert conn.recv(4) == b"ping"
