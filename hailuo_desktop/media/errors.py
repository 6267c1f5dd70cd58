"""What can go wrong while reading, decoding or writing video files."""

from __future__ import annotations


class MediaError(Exception):
    """A clip could not be read, decoded or written; the text says which and why (English,
    technical: for logs and the "Details" of an error, not a sentence for the user)."""


class DecoderUnavailable(MediaError):
    """The FFmpeg libraries that Qt Multimedia ships were not found, or are not the version this
    code knows the layout of (see `media.libav`)."""


class JoinCancelled(Exception):
    """`join` stopped because `cancelled()` said so; nothing was left behind."""
