"""Shared fixtures of the media tests."""

from __future__ import annotations

import pytest

from tests.media.clips import ClipCache


@pytest.fixture(scope="session")
def clip_cache(tmp_path_factory: pytest.TempPathFactory) -> ClipCache:
    """Simulator clips, rendered once per test session."""
    return ClipCache(tmp_path_factory.mktemp("rendered-clips"))
