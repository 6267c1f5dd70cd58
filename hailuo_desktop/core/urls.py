"""Which service addresses are acceptable (https, or plain http only to this computer), the two
regions ToAPIs serves from, and the console pages on the chosen host (API.md, preamble)."""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from urllib.parse import urlsplit

from hailuo_desktop.core import errors
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message


def is_loopback_host(host: str) -> bool:
    """True for localhost, *.localhost, 127.0.0.0/8 and ::1."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Region(StrEnum):
    """Where the service is reached from (the value is its base URL)."""

    INTERNATIONAL = "https://toapis.com"
    CHINA = "https://toapis.cn"  # mainland China

    @classmethod
    def for_locale(cls, name: str) -> Region:
        """The region a system locale suggests ("zh_CN" → mainland China)."""
        return (
            cls.CHINA
            if name.replace("-", "_").startswith(("zh_CN", "zh_Hans"))
            else cls.INTERNATIONAL
        )

    @classmethod
    def of(cls, base_url: str) -> Region | None:
        """The region `base_url` points at, or None for another address."""
        try:
            return cls(_trimmed(base_url))
        except ValueError:
            return None


class ConsolePage(StrEnum):
    """Pages of the ToAPIs console, on the same host as the API."""

    KEYS = "/dashboard/tokens"
    TASKS = "/en/dashboard/tasks"
    BILLING = "/en/dashboard/billing"


def console_url(base_url: str, page: ConsolePage) -> str:
    """The console `page` on the host of `base_url` (the international one if unreadable)."""
    try:
        parts = urlsplit(base_url.strip())
    except ValueError:
        parts = urlsplit(Region.INTERNATIONAL.value)
    if not parts.scheme or not parts.netloc:
        parts = urlsplit(Region.INTERNATIONAL.value)
    return f"{parts.scheme}://{parts.netloc}{page.value}"


def _secure(scheme: str, host: str) -> bool:
    """The one rule for every address the app uses: https, or plain http only to this
    computer; and a host name that is text (bytes that were not UTF-8 make none)."""
    if not host or any("\ud800" <= char <= "\udfff" for char in host):
        return False
    return scheme == "https" or (scheme == "http" and is_loopback_host(host))


def _trimmed(url: str) -> str:
    """`url` without trailing slashes and a trailing "/v1" (pasted base URLs carry them)."""
    url = url.strip().rstrip("/")
    if url.lower().endswith("/v1"):
        url = url[: -len("/v1")].rstrip("/")
    return url


def check_base_url(url: str) -> str:
    """The base URL without a trailing "/" or "/v1"; InsecureUrl unless https (or http on
    loopback)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 address)
        raise errors.InsecureUrl(detail="base URL refused: not a valid address") from None
    if not _secure(parts.scheme, host) or parts.query or parts.fragment:
        raise errors.InsecureUrl(detail=f"base URL refused: {parts.scheme}://{host}")
    return _trimmed(url)


_UNSAFE_VIDEO_URL = QT_TRANSLATE_NOOP(
    "Messages",
    "The video service gave the video's address as {address}, which the app does not fetch: "
    "only https addresses are used.",
)


def check_video_url(url: str) -> None:
    """NoVideo (naming what the service sent) unless `url` is https, or http on this computer;
    a video is never fetched over plain http from the internet, nor from `file:`, `ftp:`,
    `data:`."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        parts, host = urlsplit(""), ""
    if _secure(parts.scheme, host):
        return
    shown = url.strip()[:60] + ("…" if len(url.strip()) > 60 else "")
    raise errors.NoVideo(
        Message(_UNSAFE_VIDEO_URL, address=shown), detail=f"video URL refused: {shown}"
    )
