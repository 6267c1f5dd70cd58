"""Regions, pasted base URLs, and console links on the chosen host."""

from __future__ import annotations

import pytest

from hailuo_desktop.core import errors
from hailuo_desktop.core.urls import (
    ConsolePage,
    Region,
    check_base_url,
    check_video_url,
    console_url,
)


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ("https://toapis.cn/v1", "https://toapis.cn"),
        ("https://toapis.com/v1/", "https://toapis.com"),
        (" https://toapis.com// ", "https://toapis.com"),
        ("https://gateway.example/api/v1", "https://gateway.example/api"),
        ("https://gateway.example/v10", "https://gateway.example/v10"),
    ],
)
def test_a_pasted_base_url_loses_a_trailing_v1_and_slashes(pasted, kept):
    assert check_base_url(pasted) == kept


@pytest.mark.parametrize(
    ("locale", "region"),
    [
        ("zh_CN", Region.CHINA),
        ("zh-Hans-CN", Region.CHINA),
        ("zh_TW", Region.INTERNATIONAL),
        ("en_US", Region.INTERNATIONAL),
        ("C", Region.INTERNATIONAL),
    ],
)
def test_the_system_language_suggests_the_region(locale, region):
    assert Region.for_locale(locale) is region


def test_console_links_follow_the_host():
    assert Region.of("https://toapis.cn/v1/") is Region.CHINA
    assert Region.of("https://gateway.example") is None
    assert (
        console_url("https://toapis.cn", ConsolePage.KEYS) == "https://toapis.cn/dashboard/tokens"
    )
    assert (
        console_url("https://toapis.com/v1", ConsolePage.TASKS)
        == "https://toapis.com/en/dashboard/tasks"
    )
    assert (
        console_url("not a url", ConsolePage.BILLING) == "https://toapis.com/en/dashboard/billing"
    )


def test_a_host_made_of_bytes_that_were_not_utf8_is_no_address():
    """From the environment (`HAILUO_BASE_URL`), undecodable bytes arrive as lone surrogates:
    such an address is refused, never sent (where httpx would fail after the create began)."""
    with pytest.raises(errors.InsecureUrl):
        check_base_url("https://\udcfftoapis.com")
    with pytest.raises(errors.NoVideo):
        check_video_url("https://files.\udcff.com/v.mp4")
