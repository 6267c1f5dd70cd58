"""What the window may do with presets (`store.presets.PresetStore` is one), and the list the
window shows: the user's own presets, then the starter recipes in the interface's language.

The window never imports the store: the composition root hands a `PresetAccess` in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from hailuo_desktop.core import errors
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.presets import Preset, by_name, preset_key
from hailuo_desktop.store.settings import Language
from hailuo_desktop.ui.common.translators import installed_language, translate_message


class PresetAccess(Protocol):
    """The presets' keeper: starters (read-only) and the user's own (raise a
    `PresetFileInvalid` when their file is broken; nothing changes then)."""

    def starters(self) -> list[Preset]: ...

    def own(self) -> list[Preset]: ...

    def save(self, preset: Preset) -> None: ...

    def remove(self, name: str) -> bool: ...

    def import_file(self, path: Path) -> list[Preset]: ...

    def export_file(self, path: Path) -> None: ...


@dataclass(frozen=True)
class PresetList:
    """What the window offers: the user's presets, the starters of the interface's language
    grouped by model (in the models' order), and why the user's could not be read, if so."""

    own: tuple[Preset, ...]
    starters: tuple[tuple[Model, tuple[Preset, ...]], ...]
    problem: str | None = None

    def all(self) -> list[Preset]:
        """The user's, then the starters (a batch's combo, a CSV's `preset` column)."""
        return [*self.own, *(p for _model, group in self.starters for p in group)]

    def by_name(self) -> dict[str, Preset]:
        """Every preset by `core.presets.preset_key` of its name; the user's win over a
        starter of the same name, in any case (`core.presets.by_name`)."""
        return by_name(self.all())

    def find(self, name: str) -> Preset | None:
        """The preset called `name`, by the same rule."""
        return self.by_name().get(preset_key(name))


def recipe_language() -> str:
    """The starter recipes' language for the interface: "zh" in Chinese, else "en"."""
    return "zh" if installed_language() is Language.CHINESE else "en"


def list_presets(store: PresetAccess) -> PresetList:
    """The presets to offer, read now (the user may have imported some since)."""
    problem = None
    try:
        own: list[Preset] = store.own()
    except errors.HailuoError as broken:
        own, problem = [], translate_message(broken.message)
    try:
        starters = store.starters()
    except errors.HailuoError:  # a damaged installation: the app's self-test says so
        starters = []
    language = recipe_language()
    wanted = [p for p in starters if p.language in (None, language)]
    groups = tuple(
        (model, tuple(p for p in wanted if p.request.model is model))
        for model in Model
        if any(p.request.model is model for p in wanted)
    )
    return PresetList(tuple(own), groups, problem)
