"""A story written as a TOML file, for `hailuo-desktop story run FILE.toml` (README.md, "Stories
from a file").

    title = "Paper boat"              # required
    model = "MiniMax-Hailuo-2.3"      # defaults for every shot (any generate option)
    [[shot]]
    prompt = "A paper boat set on a rainy gutter [Static shot]"
    first_frame = "boat.png"          # optional; paths relative to the file
    [[shot]]
    prompt = "The boat races downstream [Tracking shot]"
    continue = true                   # first frame = last frame of the shot before

`parse_story_file(text, folder)` reads the text (stdlib `tomllib`), checks every key and value,
builds each shot's `GenerationRequest` (the model's defaults, then the file's defaults, then the
shot's own choices) and checks the story's rules (`core.stories`). Anything wrong raises
`StoryFileError` naming the line as a text editor counts it (TOML's own errors carry it; for a
key or a shot, its line is found in the text, outside multi-line strings; when a shot's lines
cannot be told apart, such as shots written inline as `shot = [{prompt = "…"}, …]`, the error
names the shot's number and the `shot =` line) and the problem. A continuing shot does not take
the file's default `first_frame`. Whether picture files exist is the caller's to check (this
module does no I/O): `FileShot.lines` says where each path was written. The sentences are
English (the command line's).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import PurePath

from hailuo_desktop.core.models import AspectRatio, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.stories import Shot, shot_problems

DEFAULT_KEYS = frozenset(
    {
        "model",
        "duration",
        "resolution",
        "aspect_ratio",
        "first_frame",
        "last_frame",
        "reference_images",
        "reference_videos",
        "prompt_optimizer",
        "fast_pretreatment",
        "watermark",
    }
)
"""The generate options a file may set for every shot, and each shot for itself."""
TOP_KEYS = DEFAULT_KEYS | {"title", "shot"}
SHOT_KEYS = DEFAULT_KEYS | {"prompt", "continue"}
PATH_KEYS = ("first_frame", "last_frame", "reference_images", "reference_videos")
_BOOL_KEYS = ("prompt_optimizer", "fast_pretreatment", "watermark", "continue")

_HEADER = re.compile(r"^\s*\[\[\s*shot\s*\]\]")
_TABLE = re.compile(r"^\s*\[")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")


class StoryFileError(ValueError):
    """What is wrong with a story file: `line` (from 1) and/or `shot` (from 1) say where."""

    def __init__(self, problem: str, *, line: int | None = None, shot: int | None = None):
        self.problem, self.line, self.shot = problem, line, shot
        where = [f"line {line}"] if line else []
        if shot and f"shot {shot}" not in problem.lower():
            where.append(f"shot {shot}")
        super().__init__(f"{', '.join(where)}: {problem}" if where else problem)


@dataclass(frozen=True)
class FileShot:
    """One `[[shot]]`: its number, the line of its header, its request and whether it
    continues; `lines` maps each path key it uses to the line that set it."""

    number: int
    line: int | None  # None when it cannot be told (see the module's docstring)
    request: GenerationRequest
    continues: bool
    lines: dict[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class StoryFile:
    title: str
    shots: tuple[FileShot, ...]


@dataclass
class _Section:
    """Where the top of the file or one `[[shot]]` was written: its header line, its keys'."""

    line: int | None
    keys: dict[str, int] = field(default_factory=dict)


def parse_story_file(text: str, folder: PurePath) -> StoryFile:
    """The story `text` describes, its paths relative to `folder`; StoryFileError if wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line = int(found.group(1)) if found else None
        raise StoryFileError(_TOML_POSITION.sub("", message), line=line) from None
    top, *sections = _sections(text)
    _check_keys(data, TOP_KEYS, top, "at the top of the file")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise StoryFileError(
            'the story needs a title: add a line such as title = "Paper boat" at the top',
            line=top.keys.get("title"),
        )
    shots = data.get("shot")
    if not isinstance(shots, list) or not shots:
        line = top.keys.get("shot") or _table_line(text, "shot")
        problem = (
            "write each shot as [[shot]], with two brackets"
            if isinstance(shots, dict)
            else "the story has no shots: add one [[shot]] section with a prompt for each shot"
        )
        raise StoryFileError(problem, line=line)
    defaults = {key: data[key] for key in DEFAULT_KEYS if key in data}
    inline = len(sections) != len(shots)  # `shot = [...]`: only its line is known
    if inline:
        sections = [_Section(top.keys.get("shot")) for _ in shots]
    made = []
    for number, (values, section) in enumerate(zip(shots, sections, strict=True), 1):
        try:
            made.append(_shot(number, values, defaults, top, section, folder))
        except StoryFileError as error:
            if error.shot is not None or not (inline or error.line is None):
                raise
            line = error.line or section.line
            raise StoryFileError(error.problem, line=line, shot=number) from None
    return StoryFile(title.strip(), tuple(made))


def _sections(text: str) -> list[_Section]:
    """The top of the file, then each `[[shot]]`, with the lines of their keys (lines inside
    a multi-line string are text, not headers or keys)."""
    sections = [_Section(1)]
    current: _Section | None = sections[0]
    open_string: str | None = None  # the delimiter of the multi-line string the line is in
    for number, line in enumerate(text.splitlines(), 1):
        inside, open_string = open_string is not None, _string_after(line, open_string)
        if inside:
            continue
        if _HEADER.match(line):
            current = _Section(number)
            sections.append(current)
        elif _TABLE.match(line):
            current = None  # another table: not ours (its keys are refused as a whole)
        elif current is not None and (key := _KEY.match(line)):
            name = next(group for group in key.groups() if group)
            current.keys.setdefault(name, number)
    return sections


def _string_after(line: str, open_string: str | None) -> str | None:
    """The multi-line string (its delimiter: three double or single quotes) still open at the
    end of `line`, given the one open at its start."""
    at = 0
    while at < len(line):
        if open_string is not None:
            end = _closing(line, at, open_string)
            if end < 0:
                return open_string
            quote, at, open_string = open_string[0], end + 3, None
            while at < len(line) and line[at] == quote:
                at += 1  # up to two quotes may end the string's text
            continue
        char = line[at]
        if char == "#":
            return None
        if line.startswith(('"""', "'''"), at):
            open_string, at = line[at : at + 3], at + 3
        elif char in "\"'":
            end = _closing(line, at + 1, char)
            at = len(line) if end < 0 else end + 1
        else:
            at += 1
    return open_string


def _closing(line: str, start: int, delimiter: str) -> int:
    """Where `delimiter` next closes a string in `line` from `start` (-1 if not on this line);
    a basic string's backslash escapes the character after it."""
    at = start
    while at < len(line):
        if delimiter[0] == '"' and line[at] == "\\":
            at += 2
            continue
        if line.startswith(delimiter, at):
            return at
        at += 1
    return -1


def _table_line(text: str, name: str) -> int | None:
    pattern = re.compile(rf"^\s*\[+\s*{re.escape(name)}\s*\]+")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def _check_keys(values: dict, known: frozenset[str], section: _Section, where: str) -> None:
    for key in values:
        if key not in known:
            raise StoryFileError(
                f"unknown key '{key}' {where}; known keys: {', '.join(sorted(known))}",
                line=section.keys.get(key),
            )


def _shot(
    number: int,
    values: object,
    defaults: dict[str, object],
    top: _Section,
    section: _Section,
    folder: PurePath,
) -> FileShot:
    if not isinstance(values, dict):
        raise StoryFileError("each shot must be a [[shot]] section", line=section.line)
    _check_keys(values, SHOT_KEYS, section, f"in shot {number}")
    continues = values.get("continue", False)
    if "first_frame" in values and continues is True:
        raise StoryFileError(
            f"shot {number} continues the shot before, so its first frame is that shot's last "
            "frame: remove its first_frame, or its continue",
            line=section.keys.get("first_frame"),
        )
    chosen = {
        key: value
        for key, value in defaults.items()
        if not (key == "first_frame" and continues is True)
    } | {key: value for key, value in values.items() if key != "continue"}

    def line_of(key: str) -> int | None:
        return section.keys.get(key) or top.keys.get(key) or section.line

    prompt = chosen.pop("prompt", None)
    if not isinstance(prompt, str) or not prompt.strip():
        raise StoryFileError(
            f'shot {number} has no prompt: add a line such as prompt = "A paper boat"',
            line=section.keys.get("prompt", section.line),
        )
    if not isinstance(continues, bool):
        raise StoryFileError("continue must be true or false", line=line_of("continue"))
    request = _request(prompt, chosen, folder, line_of)
    shot = Shot(str(number), "", number - 1, request, continues)
    for problem in shot_problems(shot):  # the first is enough to act on
        first_continues = continues and number == 1
        line = section.keys.get("continue", section.line) if first_continues else section.line
        raise StoryFileError(problem.message, line=line)
    lines = {key: line_of(key) for key in PATH_KEYS if key in chosen}
    return FileShot(number, section.line, request, continues, lines)


def _request(prompt: str, chosen: dict, folder: PurePath, line_of) -> GenerationRequest:
    model_name = chosen.pop("model", Model.HAILUO_23.value)
    if model_name not in {model.value for model in Model}:
        choices = ", ".join(model.value for model in Model)
        raise StoryFileError(
            f"unknown model {model_name!r}; choose one of {choices}", line=line_of("model")
        )
    options: dict[str, object] = {}
    for key, value in chosen.items():
        options[key] = _value(key, value, folder, line_of(key))
    return GenerationRequest.for_model(Model(model_name), prompt, **options)


def _value(key: str, value: object, folder: PurePath, line: int | None) -> object:
    """The request's value for a file's `key = value` (StoryFileError if it cannot be one)."""
    if key in _BOOL_KEYS:
        if not isinstance(value, bool):
            raise StoryFileError(f"{key} must be true or false", line=line)
        return value
    if key == "duration":
        if isinstance(value, bool) or not isinstance(value, int):
            raise StoryFileError("duration must be a whole number of seconds, such as 6", line=line)
        return value
    if key == "resolution":
        try:
            return Resolution.parse(str(value))
        except ValueError:
            choices = ", ".join(r.value for r in Resolution)
            raise StoryFileError(
                f"unknown resolution {value!r}; choose one of {choices}", line=line
            ) from None
    if key == "aspect_ratio":
        if value not in {a.value for a in AspectRatio}:
            choices = ", ".join(a.value for a in AspectRatio)
            raise StoryFileError(
                f"unknown aspect_ratio {value!r}; choose one of {choices}", line=line
            )
        return AspectRatio(str(value))
    if key in ("reference_images", "reference_videos"):
        if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
            example = '["a.png"]'
            problem = f"{key} must be a list of file paths, such as {example}"
            raise StoryFileError(problem, line=line)
        return tuple(str(folder / path) for path in value)
    if not isinstance(value, str) or not value:  # first_frame, last_frame
        raise StoryFileError(f'{key} must be a file path, such as "boat.png"', line=line)
    return str(folder / value)
