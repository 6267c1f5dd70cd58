"""Where each shot's samples go when shots are joined end to end: pure arithmetic on sample
tables (`movie.Track`), no I/O.

**Pictures** (`join_video_timing`). Each shot is presented from its edit list's media time
`start` (a video with B-frames starts presenting at its decoder delay, two frames with x264's
defaults) for its `length`. The joined track has one edit, starting at `S`, the largest
`start` of the shots; a shot whose own start is smaller gets `S - start` added to its
composition offsets, so every frame keeps its place relative to its shot's first frame. The
last sample of each shot is given the duration that makes the shot last exactly `length`, so
the next shot begins exactly where this one's presentation ends: the joined length is the sum
of the shots' lengths, to the tick.

**Sound** (`join_audio_timing`). AAC comes in frames of 1024 samples that cannot be cut, and
each shot's track starts with the encoder's priming (its edit list skips it: 1024 samples for
FFmpeg's encoder) and ends with padding. The joined track skips the first shot's priming with
its one edit; every later shot keeps its priming frame, which takes the place of trailing
frames dropped from the shot before, so that each shot's sound starts within half a frame
(±10.7 ms at 48 kHz) of its picture, and the error never adds up from shot to shot. When a
shot's sound ends early (by more than half a frame), its last frame's duration is lengthened so
the next shot still starts on time: a short gap, never a drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from hailuo_desktop.media.errors import MediaError
from hailuo_desktop.media.movie import Track

__all__ = ["AudioJoin", "AudioPiece", "VideoJoin", "join_audio_timing", "join_video_timing"]


@dataclass(frozen=True)
class VideoJoin:
    """How the shots' video samples are laid end to end, in the tracks' common time scale.

    `shifts[k]` is added to shot k's composition offsets, `last_durations[k]` replaces the
    duration of its last sample, `starts[k]` is where it begins in the joined presentation;
    the joined track's one edit starts at `edit_start` and lasts `length`."""

    edit_start: int
    shifts: tuple[int, ...]
    last_durations: tuple[int, ...]
    starts: tuple[int, ...]
    length: int

    @property
    def needs_composition(self) -> bool:
        return any(self.shifts) or self.edit_start != 0


def join_video_timing(tracks: Sequence[Track]) -> VideoJoin:
    """The layout of `tracks` (one video track per shot, all in the same time scale) joined in
    order; `MediaError` when a shot cannot be joined without re-encoding (an edit list that is
    more than one segment, or one that cuts samples off the end of its shot)."""
    if not tracks:
        raise ValueError("nothing to join")
    for number, track in enumerate(tracks, 1):
        if not track.sizes:
            raise MediaError(f"shot {number} has no video samples")
        if not track.simple_edit or track.delay:
            raise MediaError(f"shot {number} has an edit list of several segments")
    edit_start = max(track.start for track in tracks)
    shifts, last_durations, starts = [], [], []
    position = 0
    for number, track in enumerate(tracks, 1):
        last = track.length - (track.media_duration - track.durations[-1])
        if last <= 0:
            raise MediaError(f"shot {number}'s edit list ends before its last frame")
        shifts.append(edit_start - track.start)
        last_durations.append(last)
        starts.append(position)
        position += track.length
    return VideoJoin(edit_start, tuple(shifts), tuple(last_durations), tuple(starts), position)


@dataclass(frozen=True)
class AudioPiece:
    """The first `count` samples of a shot's sound track are kept; the last of them is given
    `last_duration` (every other sample has the codec's frame duration)."""

    count: int
    last_duration: int


@dataclass(frozen=True)
class AudioJoin:
    """How the shots' sound samples are laid end to end (in the sound's time scale).

    The joined track's edit waits `edit_delay` (nothing plays), then presents `length` from
    media time `edit_start`. `worst_offset` is the largest distance, in samples, between a
    shot's sound and its picture; `frame` is the codec's frame duration, `timescale` the
    tracks' time scale (their sample rate)."""

    pieces: tuple[AudioPiece, ...]
    edit_delay: int
    edit_start: int
    length: int
    worst_offset: int
    frame: int
    timescale: int

    def durations(self, shot: int) -> list[int]:
        """The duration of each kept sample of shot `shot`, for the joined sample table."""
        piece = self.pieces[shot]
        return [self.frame] * (piece.count - 1) + [piece.last_duration]


def join_audio_timing(
    tracks: Sequence[Track], shot_starts: Sequence[Fraction], total: Fraction
) -> AudioJoin:
    """The layout of `tracks` (one sound track per shot, same time scale and frame size) when
    shot k's picture starts at `shot_starts[k]` seconds and all of them end at `total`."""
    if not tracks or len(tracks) != len(shot_starts):
        raise ValueError("one sound track and one start per shot")
    rate = tracks[0].timescale
    frame = tracks[0].frame_duration
    for number, track in enumerate(tracks, 1):
        if not track.sizes:
            raise MediaError(f"shot {number} has an empty sound track")
        if not track.simple_edit:
            raise MediaError(f"shot {number}'s sound has an edit list of several segments")
    first = tracks[0]
    edit_delay = max(0, first.delay - first.start)
    edit_start = max(0, first.start - first.delay)
    counts: list[int] = []
    last_durations: list[int] = []
    position = 0  # where the next sample goes in the joined track, in samples
    worst = 0
    for shot, track in enumerate(tracks):
        target = round(shot_starts[shot] * rate) + track.delay + edit_start - edit_delay
        target -= track.start
        if shot:
            excess = position - target
            while excess > frame // 2 and counts[-1] > 1:
                counts[-1] -= 1
                position -= frame
                excess -= frame
            if excess < -(frame // 2):
                last_durations[-1] -= excess  # a gap: the previous shot's sound ended early
                position -= excess
                excess = 0
            worst = max(worst, abs(excess))
        counts.append(len(track.sizes))
        last_durations.append(frame)
        position += frame * len(track.sizes)
    last_durations[-1] = tracks[-1].durations[-1]
    position += last_durations[-1] - frame
    length = min(round(total * rate) - edit_delay, position - edit_start)
    pieces = tuple(
        AudioPiece(count, last) for count, last in zip(counts, last_durations, strict=True)
    )
    return AudioJoin(pieces, edit_delay, edit_start, max(0, length), worst, frame, rate)
