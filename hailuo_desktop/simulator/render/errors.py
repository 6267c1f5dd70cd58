"""The one exception every part of the renderer raises, so callers catch a single type."""

from __future__ import annotations

__all__ = ["RenderError"]


class RenderError(RuntimeError):
    """A clip could not be rendered: an invalid spec, an undecodable first frame, or an
    encoder failure. No file is left at the destination."""
