"""Reading a batch: pasted lines or a `.txt`, a CSV, or a folder of pictures, into a `BatchPlan`.

Pure: the caller reads the file's bytes or the folder's names and says whether a picture file
exists (`exists`); nothing here touches the disk.

- **Lines** (pasted, or a `.txt`): one prompt per line; blank lines are skipped; each prompt
  keeps its line number.
- **CSV**: a header naming the columns (any order, any case) is required: `prompt` (required),
  `model`, `duration`, `resolution`, `aspect_ratio`, `first_frame`, `last_frame`, `repeat`,
  `preset`. UTF-8 with or without a BOM. A row starts from the base request (the form's or the
  batch's preset), or from its own `preset`; naming another `model` starts from that model's
  defaults (keeping the base's prompt optimizer, fast pretreatment and watermark); then each
  non-empty cell sets its option. An empty `prompt` cell takes the row's preset's prompt.
  Picture paths are relative to the CSV's folder. Line numbers are the editor's: a quoted
  field with line breaks makes its row span several lines, and the row is reported at its first.
- **Folder**: every picture (PNG, JPEG, WebP; by name, sorted) becomes the first frame of one
  video with the base request's prompt and options.

Every problem is reported (`BatchProblem`: line, column, rule), never just the first; each row
is checked with the same rules as the form (`core.options.problems`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePath
from typing import Any

from hailuo_desktop.core.batches import MAX_REPEAT, BatchPlan, BatchProblem, PlannedRow
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.models import AspectRatio, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest, RuleCode, problems
from hailuo_desktop.core.presets import preset_key

COLUMNS = (
    "prompt",
    "model",
    "duration",
    "resolution",
    "aspect_ratio",
    "first_frame",
    "last_frame",
    "repeat",
    "preset",
)
PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp"})

_NOT_UTF8 = QT_TRANSLATE_NOOP(
    "Messages",
    "The file is not UTF-8 text (line {line} cannot be read). Save it as UTF-8 (in a spreadsheet: "
    '"CSV UTF-8") and open it again.',
)
_EMPTY = QT_TRANSLATE_NOOP("Messages", "The file is empty: there are no videos to make.")
_HEADER_ONLY = QT_TRANSLATE_NOOP(
    "Messages", "The file has only its header: add one row per video under it."
)
_UNKNOWN_COLUMN = QT_TRANSLATE_NOOP(
    "Messages", 'unknown column "{name}"; the columns are {columns}.'
)
_DUPLICATE_COLUMN = QT_TRANSLATE_NOOP("Messages", "the column is named twice.")
_NO_PROMPT_COLUMN = QT_TRANSLATE_NOOP(
    "Messages", 'the header must name a "prompt" column (the first line names the columns).'
)
_BAD_QUOTES = QT_TRANSLATE_NOOP(
    "Messages",
    'a quote (") here is not closed, or a quoted cell has more text after its closing quote. '
    'Put quotes around the whole cell, and write a quote inside it as two quotes ("").',
)
_EXTRA_FIELDS = QT_TRANSLATE_NOOP(
    "Messages",
    "this row has {count} fields but the header names {columns} columns (a comma too many, or a "
    "prompt with a comma that needs quotes?).",
)
_BAD_MODEL = QT_TRANSLATE_NOOP("Messages", 'unknown model "{value}"; choose one of {choices}.')
_BAD_DURATION = QT_TRANSLATE_NOOP("Messages", '"{value}" is not a whole number of seconds.')
_BAD_RESOLUTION = QT_TRANSLATE_NOOP(
    "Messages", '"{value}" is not a resolution; choose one of {choices}.'
)
_BAD_ASPECT = QT_TRANSLATE_NOOP(
    "Messages", '"{value}" is not an aspect ratio; choose one of {choices}.'
)
_BAD_REPEAT = QT_TRANSLATE_NOOP(
    "Messages", '"{value}" is not a repeat count; write a whole number from 1 to {limit}.'
)
_NO_PRESET = QT_TRANSLATE_NOOP("Messages", 'there is no preset named "{value}".')
_NO_PICTURE = QT_TRANSLATE_NOOP("Messages", "the picture {path} does not exist.")
_NO_PICTURES = QT_TRANSLATE_NOOP(
    "Messages", "The folder {folder} has no pictures (PNG, JPEG or WebP)."
)
_NO_PROMPTS = QT_TRANSLATE_NOOP("Messages", "There are no prompts: write one prompt per line.")

_COLUMN_OF_RULE = {
    RuleCode.EMPTY_PROMPT: "prompt",
    RuleCode.PROMPT_TOO_LONG: "prompt",
    RuleCode.DURATION: "duration",
    RuleCode.RESOLUTION: "resolution",
    RuleCode.BAD_PAIR: "duration",
    RuleCode.NEEDS_FIRST_FRAME: "first_frame",
    RuleCode.NO_LAST_FRAME: "last_frame",
    RuleCode.LAST_NEEDS_FIRST: "last_frame",
    RuleCode.LAST_FRAME_RESOLUTION: "last_frame",
    RuleCode.ASPECT_RATIO: "aspect_ratio",
}
"""The CSV column to name for each rule of `core.options` (others name no column)."""

Exists = Callable[[str], bool]


def decode(data: bytes) -> str | BatchProblem:
    """A file's text (UTF-8, a BOM dropped), or the problem saying where it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        line = data[: bad.start].count(b"\n") + 1
        return BatchProblem(None, None, Message(_NOT_UTF8, line=line))


def plan_lines(text: str, base: GenerationRequest) -> BatchPlan:
    """One video per non-blank line of `text`, each with `base`'s options."""
    rows, found = [], []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        prompt = line.strip()
        if not prompt:
            continue
        request = dataclasses.replace(base, prompt=prompt)
        rows.append(PlannedRow(number, request))
        found += [BatchProblem(number, None, rule.message) for rule in problems(request)]
    if not rows:
        found.append(BatchProblem(None, None, Message(_NO_PROMPTS)))
    return BatchPlan(tuple(rows), tuple(found))


def plan_pictures(folder: str, names: Iterable[str], base: GenerationRequest) -> BatchPlan:
    """One video per picture in `names` (the folder's file names), sorted, each the first
    frame of `base`."""
    pictures = sorted(
        (name for name in names if PurePath(name).suffix.lower() in PICTURE_SUFFIXES),
        key=lambda name: (name.casefold(), name),
    )
    rows = tuple(
        PlannedRow(None, dataclasses.replace(base, first_frame=str(PurePath(folder, name))))
        for name in pictures
    )
    if not rows:
        return BatchPlan((), (BatchProblem(None, None, Message(_NO_PICTURES, folder=folder)),))
    found = tuple(BatchProblem(None, None, rule.message) for rule in problems(rows[0].request))
    return BatchPlan(rows, found)


def plan_csv(
    text: str,
    *,
    folder: str,
    base: GenerationRequest,
    presets: Mapping[str, GenerationRequest],
    exists: Exists,
) -> BatchPlan:
    """The rows of a CSV's `text` (see the module docstring); `folder` is the CSV's own (for
    relative picture paths), `presets` the presets a row may name (by name)."""
    records, broken = _records(text.removeprefix("\ufeff"))
    if broken is not None:
        return BatchPlan((), (broken,))
    if not records:
        return BatchPlan((), (BatchProblem(None, None, Message(_EMPTY)),))
    header_line, header = records[0]
    columns, found = _columns(header, header_line)
    if found:
        return BatchPlan((), tuple(found))
    if len(records) == 1:
        return BatchPlan((), (BatchProblem(None, None, Message(_HEADER_ONLY)),))
    reader = _RowReader(columns, folder, base, presets, exists)
    rows = []
    for line, fields in records[1:]:
        row, row_problems = reader.read(line, fields)
        found += row_problems
        if row is not None:
            rows.append(row)
    return BatchPlan(tuple(rows), tuple(found))


def _records(text: str) -> tuple[list[tuple[int, list[str]]], BatchProblem | None]:
    """Every non-blank record of a CSV with the editor's line number of its first line; or the
    problem at the record whose quotes are broken (read strictly: an unclosed quote would
    otherwise make the rest of the file one cell)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    next_line = 1
    try:
        for fields in reader:
            first, next_line = next_line, reader.line_num + 1
            if any(field.strip() for field in fields):
                records.append((first, fields))
    except csv.Error:
        return records, BatchProblem(next_line, None, Message(_BAD_QUOTES))
    return records, None


def _columns(header: list[str], line: int) -> tuple[list[str], list[BatchProblem]]:
    names = [name.strip().lower().replace(" ", "_") for name in header]
    found = []
    for index, name in enumerate(names):
        if name not in COLUMNS:
            shown = header[index].strip()
            message = Message(_UNKNOWN_COLUMN, name=shown, columns=", ".join(COLUMNS))
            found.append(BatchProblem(line, shown or f"#{index + 1}", message))
        elif name in names[:index]:
            found.append(BatchProblem(line, name, Message(_DUPLICATE_COLUMN)))
    if "prompt" not in names:
        found.append(BatchProblem(line, None, Message(_NO_PROMPT_COLUMN)))
    return names, found


class _RowReader:
    """Turns one CSV record into a planned row and its problems."""

    def __init__(
        self,
        columns: list[str],
        folder: str,
        base: GenerationRequest,
        presets: Mapping[str, GenerationRequest],
        exists: Exists,
    ) -> None:
        self._columns = columns
        self._folder = folder
        self._base = base
        self._presets = {preset_key(name): request for name, request in presets.items()}
        self._exists = exists

    def read(self, line: int, fields: list[str]) -> tuple[PlannedRow | None, list[BatchProblem]]:
        if len(fields) > len(self._columns):
            message = Message(_EXTRA_FIELDS, count=len(fields), columns=len(self._columns))
            return None, [BatchProblem(line, None, message)]
        cells = {name: value.strip() for name, value in zip(self._columns, fields, strict=False)}
        found: list[BatchProblem] = []

        def problem(column: str | None, rule: str) -> None:
            found.append(BatchProblem(line, column, rule))

        start = self._base
        if cells.get("preset"):
            preset = self._presets.get(preset_key(cells["preset"]))
            if preset is None:
                problem("preset", Message(_NO_PRESET, value=cells["preset"]))
            else:
                start = preset
        choices: dict[str, Any] = {}
        if cells.get("prompt"):
            choices["prompt"] = cells["prompt"]
        for column, parse in _PARSERS.items():
            if cells.get(column):
                value = parse(cells[column])
                if isinstance(value, Message):
                    problem(column, value)
                else:
                    choices[column] = value
        for column in ("first_frame", "last_frame"):
            if cells.get(column):
                path = str(PurePath(self._folder, cells[column]))
                choices[column] = path
                if not self._exists(path):
                    problem(column, Message(_NO_PICTURE, path=path))
        copies = _repeat(cells.get("repeat", ""))
        if isinstance(copies, Message):
            problem("repeat", copies)
        if found:
            return None, found
        request = _request(start, choices)
        for rule in problems(request):
            problem(_COLUMN_OF_RULE.get(rule.code), rule.message)  # None: the row's line
        return PlannedRow(line, request, copies if isinstance(copies, int) else 1), found


def _request(start: GenerationRequest, choices: dict[str, Any]) -> GenerationRequest:
    """`start` with the row's `choices`; another model starts from that model's defaults."""
    model = choices.pop("model", start.model)
    assert isinstance(model, Model)
    if model is start.model:
        return dataclasses.replace(start, **choices)
    kept = {
        "prompt_optimizer": start.prompt_optimizer,
        "fast_pretreatment": start.fast_pretreatment,
        "watermark": start.watermark,
    }
    prompt = str(choices.pop("prompt", start.prompt))
    return GenerationRequest.for_model(model, prompt, **(kept | choices))


def _model(text: str) -> Model | Message:
    for model in Model:
        if text.casefold() in (model.value.casefold(), model.label.casefold()):
            return model
    return Message(_BAD_MODEL, value=text, choices=", ".join(m.value for m in Model))


def _duration(text: str) -> int | Message:
    cleaned = text.lower().removesuffix("s").strip()
    if cleaned.isascii() and cleaned.isdigit():
        return int(cleaned)
    return Message(_BAD_DURATION, value=text)


def _resolution(text: str) -> Resolution | Message:
    try:
        return Resolution.parse(text)
    except ValueError:
        return Message(_BAD_RESOLUTION, value=text, choices=", ".join(r.value for r in Resolution))


def _aspect(text: str) -> AspectRatio | Message:
    try:
        return AspectRatio(text.lower())
    except ValueError:
        return Message(_BAD_ASPECT, value=text, choices=", ".join(a.value for a in AspectRatio))


def _repeat(text: str) -> int | Message:
    if not text:
        return 1
    if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_REPEAT:
        return int(text)
    return Message(_BAD_REPEAT, value=text, limit=MAX_REPEAT)


_PARSERS: dict[str, Callable[[str], object]] = {
    "model": _model,
    "duration": _duration,
    "resolution": _resolution,
    "aspect_ratio": _aspect,
}
