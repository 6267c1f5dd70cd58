"""Presets on disk: the user's own in a JSON file of the data folder, the starter recipes in the
app's resources (`core.presets` format, version 1).

Why a file rather than the history database: presets are a small list the user may want to
copy, back up or edit by hand, and they are the same document as an export; the history is for
jobs. The file is written atomically (a temporary file, flushed, then renamed over the old
one), so a crash leaves either the old list or the new one.

The starter recipes are read-only and never overwrite the user's: a preset of the user's with
a starter's name is the one found by that name. A user's file that cannot be read is never
overwritten: saving or importing is refused with the reason until it is fixed or moved away.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.presets import (
    Preset,
    PresetFileInvalid,
    by_name,
    dump_presets,
    parse_presets,
    preset_key,
)

_UNREADABLE = QT_TRANSLATE_NOOP("Messages", "The presets file {path} cannot be read: {reason}")
_NOT_UTF8 = QT_TRANSLATE_NOOP("Messages", "it is not UTF-8 text.")


class PresetStore:
    """The user's presets (`own_file`, created on the first save) and the starters
    (`starter_file`)."""

    def __init__(self, own_file: Path, starter_file: Path) -> None:
        self.own_file = own_file
        self.starter_file = starter_file

    def starters(self) -> list[Preset]:
        """The recipes shipped with the app (none if the file is missing)."""
        if not self.starter_file.is_file():
            return []
        return parse_presets(read_text(self.starter_file), starter=True)

    def own(self) -> list[Preset]:
        """The user's presets, in the order saved; raises PresetFileInvalid if their file is
        broken."""
        if not self.own_file.is_file():
            return []
        try:
            return parse_presets(read_text(self.own_file))
        except PresetFileInvalid as broken:
            raise PresetFileInvalid(
                Message(_UNREADABLE, path=str(self.own_file), reason=broken.message)
            ) from None

    def all(self) -> list[Preset]:
        """The user's presets, then the starters whose names the user has not taken."""
        return list(by_name([*self.own(), *self.starters()]).values())

    def find(self, name: str) -> Preset | None:
        """The preset called `name` (any case, `core.presets.by_name`): the user's first, then
        a starter."""
        return by_name(self.all()).get(preset_key(name))

    def save(self, preset: Preset) -> None:
        """Add `preset` to the user's, replacing one of the same name."""
        self._merge([preset])

    def remove(self, name: str) -> bool:
        """Remove the user's preset called `name`; False if there is none (starters stay)."""
        own = self.own()
        kept = [p for p in own if p.name.casefold() != name.strip().casefold()]
        if len(kept) == len(own):
            return False
        self._write(kept)
        return True

    def import_text(self, text: str) -> list[Preset]:
        """Add every preset of an exported file's `text` (replacing those of the same names);
        raises PresetFileInvalid, changing nothing, if any of it is bad."""
        imported = [
            Preset(p.name, p.request, p.language) for p in parse_presets(text)
        ]  # an imported starter is the user's own from now on
        self._merge(imported)
        return imported

    def export_text(self) -> str:
        """The user's presets as a file to share (`import_text` reads it)."""
        return dump_presets(self.own())

    def import_file(self, path: Path) -> list[Preset]:
        """`import_text` of the file at `path` (PresetFileInvalid if it is not UTF-8)."""
        return self.import_text(read_text(path))

    def export_file(self, path: Path) -> None:
        """Write the user's own presets to `path` (atomically: a crash leaves the old file)."""
        write_atomically(path, self.export_text())

    def _merge(self, added: list[Preset]) -> None:
        names = {preset.name.casefold() for preset in added}
        kept = [p for p in self.own() if p.name.casefold() not in names]
        self._write(kept + added)

    def _write(self, presets: list[Preset]) -> None:
        self.own_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.own_file, dump_presets(presets))


def read_text(path: Path) -> str:
    """A presets file's text; PresetFileInvalid if it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PresetFileInvalid(
            Message(_UNREADABLE, path=str(path), reason=Message(_NOT_UTF8))
        ) from None


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) so that a crash leaves the old or the new file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
