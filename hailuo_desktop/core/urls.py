"""Which service addresses are acceptable: https, or plain http only to this computer."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from hailuo_desktop.core import errors


def is_loopback_host(host: str) -> bool:
    """True for localhost, *.localhost, 127.0.0.0/8 and ::1."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash; InsecureUrl unless https (or http on loopback)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 address)
        raise errors.InsecureUrl(detail="base URL refused: not a valid address") from None
    secure = parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(host))
    if not host or not secure or parts.query or parts.fragment:
        raise errors.InsecureUrl(detail=f"base URL refused: {parts.scheme}://{host}")
    return url.strip().rstrip("/")
