"""Presets: a named prompt with every option of a generation, and their JSON file format.

A preset keeps the prompt, the model and every option of `GenerationRequest` — never pictures or
videos: local paths mean nothing on another computer or in a shared file, so the frames and
references come from where the preset is used (the form, a batch's CSV row or folder). So an
image-only model's preset (Hailuo 2.3 Fast) is valid without a first frame.

The file format (import, export, the user's own file and the starter recipes), version 1::

    {"format": "hailuo-desktop-presets", "version": 1,
     "presets": [{"name": "Slow reveal", "prompt": "[Push in] A lighthouse at dawn",
                  "model": "MiniMax-Hailuo-2.3", "duration": 6, "resolution": "768p",
                  "prompt_optimizer": true, "fast_pretreatment": false, "watermark": false,
                  "aspect_ratio": "16:9", "language": "en"}]}

`name` and `prompt` are required; the other fields take the model's defaults when left out
(`aspect_ratio` only for models with the choice; `language` marks a starter recipe's language).
A file is read whole or refused whole (`PresetFileInvalid`, with the reason: where the JSON
breaks, a wrong format or version, an unknown model, an option the model does not take).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from hailuo_desktop.core import errors
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.models import AspectRatio, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest, RuleCode, problems

FORMAT = "hailuo-desktop-presets"
VERSION = 1
_FIELDS = frozenset(
    {
        "name",
        "prompt",
        "model",
        "duration",
        "resolution",
        "aspect_ratio",
        "prompt_optimizer",
        "fast_pretreatment",
        "watermark",
        "language",
    }
)
_NOT_CHECKED = frozenset({RuleCode.NEEDS_FIRST_FRAME})
"""Rules a preset is not held to: its pictures come from where it is used."""

_NOT_JSON = QT_TRANSLATE_NOOP(
    "Messages", "The presets file is not valid JSON (line {line}, column {column}: {reason})."
)
_NOT_PRESETS = QT_TRANSLATE_NOOP(
    "Messages",
    'This is not a presets file of Hailuo Desktop (it needs "format": "hailuo-desktop-presets" '
    'and a "presets" list).',
)
_WRONG_VERSION = QT_TRANSLATE_NOOP(
    "Messages",
    "The presets file has version {version}; this Hailuo Desktop reads version {supported}. "
    "Update the app to import it.",
)
_BAD_PRESET = QT_TRANSLATE_NOOP("Messages", "Preset {number} ({name}): {reason}")
_NOTHING_IMPORTED = QT_TRANSLATE_NOOP(
    "Messages", "Nothing was imported: fix the file and try again.\n{problems}"
)
_NO_NAME = QT_TRANSLATE_NOOP("Messages", 'a preset needs a "name" and a "prompt" (text).')
_UNKNOWN_FIELD = QT_TRANSLATE_NOOP("Messages", 'unknown field "{field}".')
_UNKNOWN_MODEL = QT_TRANSLATE_NOOP("Messages", 'unknown model "{model}"; choose one of {choices}.')
_BAD_VALUE = QT_TRANSLATE_NOOP("Messages", '"{field}" cannot be {value}.')
_TWICE = QT_TRANSLATE_NOOP("Messages", "the name is used twice in the file.")


class PresetFileInvalid(errors.InvalidInput):
    """A presets file that cannot be used (the message says why); nothing was changed."""


@dataclass(frozen=True)
class Preset:
    """A named prompt and options (`request` holds no pictures or videos). `language` is set
    on starter recipes ("en", "zh"); `starter` is True for the recipes shipped with the app."""

    name: str
    request: GenerationRequest
    language: str | None = None
    starter: bool = False

    @classmethod
    def from_request(cls, name: str, request: GenerationRequest) -> Preset:
        """ "Save as preset": the request's prompt and options under `name`, without its
        pictures and videos."""
        return cls(name.strip(), without_media(request))

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"name": self.name} | self.request.to_dict()
        data.pop("first_frame", None)
        if self.language:
            data["language"] = self.language
        return data


def preset_key(name: str) -> str:
    """What a preset's name is looked up by: its words, any case ("kite" finds "Kite")."""
    return name.strip().casefold()


def by_name(presets: Iterable[Preset]) -> dict[str, Preset]:
    """Presets by `preset_key` of their names, the first of a name winning: given the user's
    first, a user's preset overrides a starter of the same name, in any case. The one lookup
    of the store, the window and the command line."""
    found: dict[str, Preset] = {}
    for preset in presets:
        found.setdefault(preset_key(preset.name), preset)
    return found


def without_media(request: GenerationRequest) -> GenerationRequest:
    """`request` without its pictures and videos."""
    return replace(
        request, first_frame=None, last_frame=None, reference_images=(), reference_videos=()
    )


def dump_presets(presets: Iterable[Preset]) -> str:
    """The file of `presets` (UTF-8 text, readable by `parse_presets`)."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "presets": [preset.to_dict() for preset in presets],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse_presets(text: str, *, starter: bool = False) -> list[Preset]:
    """The presets of a file's `text`; raises PresetFileInvalid listing every bad preset."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as bad:
        message = Message(_NOT_JSON, line=bad.lineno, column=bad.colno, reason=bad.msg)
        raise PresetFileInvalid(message) from None
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or not isinstance(document.get("presets"), list)
    ):
        raise PresetFileInvalid(Message(_NOT_PRESETS))
    if document.get("version") != VERSION:
        version = json.dumps(document.get("version"))
        raise PresetFileInvalid(Message(_WRONG_VERSION, version=version, supported=VERSION))
    presets, found, names = [], [], set()
    for number, entry in enumerate(document["presets"], start=1):
        preset = _preset(entry, starter)
        name = entry.get("name") if isinstance(entry, dict) else None
        shown = json.dumps(name, ensure_ascii=False) if isinstance(name, str) else "-"
        if isinstance(preset, Preset) and preset.name.casefold() in names:
            preset = Message(_TWICE)
        if isinstance(preset, Preset):
            names.add(preset.name.casefold())
            presets.append(preset)
        else:
            found.append(Message(_BAD_PRESET, number=number, name=shown, reason=preset))
    if found:
        listed = "\n".join(found)
        raise PresetFileInvalid(Message(_NOTHING_IMPORTED, problems=listed))
    return presets


def _preset(entry: object, starter: bool) -> Preset | Message:
    """One preset of a file, or why it cannot be one."""
    if not isinstance(entry, dict):
        return Message(_NO_NAME)
    name, prompt = entry.get("name"), entry.get("prompt")
    if not isinstance(name, str) or not name.strip() or not isinstance(prompt, str):
        return Message(_NO_NAME)
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        return Message(_UNKNOWN_FIELD, field=unknown[0])
    request = _request(entry, prompt)
    if isinstance(request, Message):
        return request
    broken = [rule for rule in problems(request) if rule.code not in _NOT_CHECKED]
    if broken:
        reason = broken[0].message
        return reason if isinstance(reason, Message) else Message(reason)
    language = entry.get("language")
    return Preset(name.strip(), request, language if isinstance(language, str) else None, starter)


def _request(entry: Mapping[str, object], prompt: str) -> GenerationRequest | Message:
    model_name = str(entry.get("model", Model.HAILUO_23.value))
    try:
        model = Model(model_name)
    except ValueError:
        models = ", ".join(m.value for m in Model)
        return Message(_UNKNOWN_MODEL, model=model_name, choices=models)
    choices: dict[str, Any] = {}
    for field, convert in _CONVERTERS.items():
        if field not in entry:
            continue
        value = entry[field]
        try:
            choices[field] = convert(value)
        except (ValueError, TypeError):
            return Message(_BAD_VALUE, field=field, value=json.dumps(value, ensure_ascii=False))
    return GenerationRequest.for_model(model, prompt, **choices)


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not a whole number")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not true or false")
    return value


def _text(kind: type[Any]) -> Any:
    def convert(value: object) -> Any:
        if not isinstance(value, str):
            raise TypeError("not text")
        return kind.parse(value) if kind is Resolution else kind(value)

    return convert


_CONVERTERS = {
    "duration": _whole,
    "resolution": _text(Resolution),
    "aspect_ratio": _text(AspectRatio),
    "prompt_optimizer": _flag,
    "fast_pretreatment": _flag,
    "watermark": _flag,
}
