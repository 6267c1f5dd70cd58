"""The virtual camera: its pose at one instant and the timeline of moves that drives it.

Pure arithmetic, no Qt: `Timeline` lays the spec's move groups out over the clip and
`Timeline.pose_at` gives the `CameraPose` at any time, which the frame composer turns into a
transform per scene layer. See the package docstring for what each move does to the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

__all__ = ["CAMERA_MOVES", "CameraPose", "Timeline"]

CAMERA_MOVES: tuple[str, ...] = (
    "Pan left",
    "Pan right",
    "Tilt up",
    "Tilt down",
    "Push in",
    "Pull out",
    "Pedestal up",
    "Pedestal down",
    "Truck left",
    "Truck right",
    "Zoom in",
    "Zoom out",
    "Shake",
    "Tracking shot",
    "Static shot",
)
"""The canonical English names `ClipSpec.moves` may use (the same 15 as `core.directives`)."""


@dataclass(frozen=True)
class CameraPose:
    """Where the virtual camera is at one instant. Offsets are in frame widths (x) or heights
    (y) and point where the camera looks or moves: negative yaw looks left, so the picture
    slides right."""

    yaw: float = 0.0
    pitch: float = 0.0
    truck: float = 0.0
    pedestal: float = 0.0
    log_zoom: float = 0.0
    dolly: float = 0.0
    subject: float = 0.0
    shake_x: float = 0.0
    shake_y: float = 0.0
    roll: float = 0.0

    @property
    def zoom(self) -> float:
        return math.exp(self.log_zoom)


_MOVE_DELTAS: dict[str, dict[str, float]] = {
    "Pan left": {"yaw": -0.30},
    "Pan right": {"yaw": 0.30},
    "Tilt up": {"pitch": -0.14},
    "Tilt down": {"pitch": 0.14},
    "Push in": {"dolly": 0.45},
    "Pull out": {"dolly": -0.28},
    "Pedestal up": {"pedestal": -0.10},
    "Pedestal down": {"pedestal": 0.10},
    "Truck left": {"truck": -0.35},
    "Truck right": {"truck": 0.35},
    "Zoom in": {"log_zoom": math.log(1.5)},
    "Zoom out": {"log_zoom": -math.log(1.4)},
    "Shake": {},
    "Tracking shot": {"truck": 0.6, "subject": 0.6},
    "Static shot": {},
}
"""How far each directive moves the camera over one segment."""

_LINEAR_KEYS = frozenset({"subject"})
"""Keys that progress at constant speed (the subject walks); the camera eases in and out, so a
tracking camera lags its subject a little and catches up."""


def _ease(u: float) -> float:
    return u * u * (3.0 - 2.0 * u)


def _shake(t: float, u: float) -> dict[str, float]:
    envelope = min(1.0, 8.0 * u, 8.0 * (1.0 - u))
    tau = 2.0 * math.pi * t
    return {
        "shake_x": 0.012 * envelope * (math.sin(5.3 * tau) + 0.6 * math.sin(11.7 * tau + 1.3)),
        "shake_y": 0.012 * envelope * (math.sin(6.1 * tau + 0.7) + 0.5 * math.sin(13.9 * tau)),
        "roll": 0.6 * envelope * math.sin(3.1 * tau + 0.4),
    }


def _group_label(group: tuple[str, ...]) -> str:
    return " + ".join(group) if group else "Static shot"


@dataclass(frozen=True)
class _Segment:
    """One move group's slice of the clip and the pose it starts from."""

    start: float
    length: float
    group: tuple[str, ...]
    base: CameraPose


class Timeline:
    """The camera moves laid out over the clip: the duration split evenly across the groups,
    each group starting from where the previous one ended."""

    def __init__(self, moves: Sequence[Sequence[str]], duration_s: float) -> None:
        groups = [tuple(group) for group in moves] or [()]
        length = duration_s / len(groups)
        segments: list[_Segment] = []
        pose = CameraPose()
        for index, group in enumerate(groups):
            segments.append(_Segment(index * length, length, group, pose))
            pose = self._advance(pose, group, 1.0)
        self.duration_s = duration_s
        self.segments: tuple[_Segment, ...] = tuple(segments)

    def labels(self) -> list[str]:
        """The on-screen label of each segment, e.g. ``"Pan left + Pedestal up"``."""
        return [_group_label(segment.group) for segment in self.segments]

    def segment_index(self, t: float) -> int:
        length = self.segments[0].length
        return min(len(self.segments) - 1, max(0, int(t / length)))

    def pose_at(self, t: float) -> CameraPose:
        """The camera pose `t` seconds into the clip (clamped to the clip)."""
        t = min(max(t, 0.0), self.duration_s)
        segment = self.segments[self.segment_index(t)]
        u = min(1.0, max(0.0, (t - segment.start) / segment.length))
        pose = self._advance(segment.base, segment.group, u)
        if "Shake" in segment.group:
            pose = replace(pose, **_shake(t, u))
        return pose

    @staticmethod
    def _advance(pose: CameraPose, group: tuple[str, ...], u: float) -> CameraPose:
        eased = _ease(u)
        deltas: dict[str, float] = {}
        for move in group:
            for key, amount in _MOVE_DELTAS[move].items():
                progress = u if key in _LINEAR_KEYS else eased
                deltas[key] = deltas.get(key, 0.0) + amount * progress
        return replace(pose, **{key: getattr(pose, key) + delta for key, delta in deltas.items()})
