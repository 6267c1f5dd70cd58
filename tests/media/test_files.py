"""Whole-or-absent files: each writing has its own part file, so two writers of one name
never write into the same one."""

from __future__ import annotations

from hailuo_desktop.media.files import atomic_output, being_written


def test_two_writers_of_one_name_never_share_a_part_file(tmp_path):
    dest = tmp_path / "boat.mp4"
    with atomic_output(dest) as first, atomic_output(dest) as second:
        first.write(b"first export")
        second.write(b"second export")
        parts = [path.name for path in tmp_path.iterdir()]
        assert len(parts) == 2
        assert all(name.startswith("boat.mp4.") and name.endswith(".part") for name in parts)
        assert being_written(dest)
    assert dest.read_bytes() == b"first export"  # each whole; the last renamed is kept
    assert [path.name for path in tmp_path.iterdir()] == ["boat.mp4"]
    assert not being_written(dest)
