"""Each model's rules for reference videos, applied to facts already read from the files.

`media.probe` reads a file's container and length from its boxes; this module judges them
against the model's `VideoRules` (`core.models`): MP4 or MOV, at most 50 MB, 2–15 s each and
15 s together (API.md §7). The explanations are English, marked for the GUI's translation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.models import VideoRules


@dataclass(frozen=True)
class VideoFacts:
    """What was read from a video file. `container` is "mp4", "mov" or "" when the file is not
    a movie the app can read; `seconds` is None when its length could not be read; `tracks`
    holds each track's kind ("vide", "soun", …) and `picture` the video's width and height;
    `complete` says the top-level boxes fill the file exactly, with a movie header among them
    (a file cut short, or with bytes after its end, is not complete)."""

    container: str
    seconds: float | None
    byte_size: int
    tracks: tuple[str, ...] = ()
    picture: tuple[int, int] | None = None
    complete: bool = False

    @property
    def has_sound(self) -> bool:
        return "soun" in self.tracks


_NOT_A_VIDEO = QT_TRANSLATE_NOOP(
    "Messages", "{name} is not a video the service accepts; use an MP4 or MOV file."
)
_TOO_LARGE = QT_TRANSLATE_NOOP(
    "Messages", "{name} is {size}; a reference video may be at most 50 MB."
)
_TOO_SHORT_OR_LONG = QT_TRANSLATE_NOOP(
    "Messages", "{name} lasts {seconds} s; a reference video must last {shortest}–{longest} s."
)
_TOO_LONG_TOGETHER = QT_TRANSLATE_NOOP(
    "Messages",
    "The reference videos last {seconds} s together; at most {longest} s are accepted.",
)


def _seconds(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def check_reference_videos(
    videos: Sequence[tuple[str, VideoFacts]], rules: VideoRules
) -> tuple[Message, ...]:
    """Every rule the named videos break, alone or together; empty when they can be used."""
    found: list[Message] = []
    total = 0.0
    for name, facts in videos:
        if facts.container not in rules.containers or facts.seconds is None:
            found.append(Message(_NOT_A_VIDEO, name=name))
            continue
        if facts.byte_size > rules.max_bytes:
            size = f"{facts.byte_size / (1024 * 1024):.1f} MB"
            found.append(Message(_TOO_LARGE, name=name, size=size))
        if not rules.min_seconds <= facts.seconds <= rules.max_seconds:
            found.append(
                Message(
                    _TOO_SHORT_OR_LONG,
                    name=name,
                    seconds=_seconds(facts.seconds),
                    shortest=_seconds(rules.min_seconds),
                    longest=_seconds(rules.max_seconds),
                )
            )
        total += facts.seconds
    if total > rules.max_total_seconds:
        found.append(
            Message(
                _TOO_LONG_TOGETHER,
                seconds=_seconds(total),
                longest=_seconds(rules.max_total_seconds),
            )
        )
    return tuple(found)
