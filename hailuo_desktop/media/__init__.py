"""Reading and writing video files: helpers shared by the engine and the simulator.

What callers use (blocking functions, no GUI, no event loop: run them in a worker thread):

* `probe.probe(path)` — a file's container, length, tracks and picture size, and whether it is
  whole, from its boxes alone;
* `last_frame.last_frame(clip, dest)` — the exact last frame of a clip, saved as a PNG;
* `join.join(clips, dest, on_progress, cancelled)` — a story's shots joined into one MP4,
  copied when they match, re-encoded otherwise (`JoinResult` says which and why).

Underneath: `libav` (the FFmpeg libraries Qt ships, through ctypes), `decoding`, `reencode`
(decoding, scaling, MPEG-4 encoding), `boxes`, `movie`, `sample_entries`, `timeline`,
`mp4_writer` (our own MP4 reading and writing), `files` (atomic output), `errors`.
docs/media.md explains the choices and their measurements.
"""
