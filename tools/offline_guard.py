"""Refuse every outbound network connection except to this machine.

The tests and the docs build must work with no network: data comes from installed packages or is
generated. ``install()`` makes that a checked promise instead of a hope: after it, opening a
connection (or sending a datagram, or resolving a name) to any address outside the loopback range
raises :class:`NetworkAccessError` naming the address and the code's duty to work offline.
Loopback stays open: Jupyter kernels, the browser tests' local server and TensorBoard use it.

Used by ``tests/conftest.py`` (every test), ``docs/_ext/sg_hooks.py`` (every gallery example)
and, through the IPython start-up file that ``docs/_ext/offline_build.py`` writes into
``docs/_build/ipython``, by the kernels that execute the notebook pages.
"""

from __future__ import annotations

import ipaddress
import socket

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkAccessError(ConnectionError):
    """Raised for an attempt to reach a host other than this machine."""


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return False
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost: resolving it is already network use


def _check(address: object, what: str) -> None:
    if isinstance(address, tuple) and address:
        host = address[0]
    elif isinstance(address, (str, bytes)):  # AF_UNIX paths are local files
        return
    else:
        host = address
    if not _is_loopback(host):
        raise NetworkAccessError(
            f"{what} {address!r} refused: the dlnotes tests and docs build must work offline "
            "(only loopback addresses are allowed). Generate the data, or load it from an "
            "installed package, instead of downloading it."
        )


_originals: dict[str, object] = {}


def install() -> None:
    """Patch the socket module (idempotent)."""
    if _originals:
        return
    _originals.update(
        connect=socket.socket.connect,
        connect_ex=socket.socket.connect_ex,
        sendto=socket.socket.sendto,
        getaddrinfo=socket.getaddrinfo,
    )

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address, "connection to")
        return _originals["connect"](self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address, "connection to")
        return _originals["connect_ex"](self, address)

    def sendto(self, data, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(args[-1], "datagram to")
        return _originals["sendto"](self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None:
            _check((host,), "name lookup of")
        return _originals["getaddrinfo"](host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo


def uninstall() -> None:
    """Restore the socket module (for the guard's own tests)."""
    if not _originals:
        return
    socket.socket.connect = _originals["connect"]
    socket.socket.connect_ex = _originals["connect_ex"]
    socket.socket.sendto = _originals["sendto"]
    socket.getaddrinfo = _originals["getaddrinfo"]
    _originals.clear()
