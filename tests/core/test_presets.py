"""Presets: the versioned JSON format, refusals with their reason, "save as preset" from a
request, the starter recipes (each model, English and Chinese, valid and lint-clean), and the
user's file written atomically and never overwritten by the starters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hailuo_desktop import paths
from hailuo_desktop.core.models import AspectRatio, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.presets import (
    Preset,
    PresetFileInvalid,
    by_name,
    dump_presets,
    parse_presets,
)
from hailuo_desktop.core.prompt_lint import lint
from hailuo_desktop.store.presets import PresetStore

STARTERS = paths.resource_path(*paths.STARTER_PRESETS)


def document(*presets: dict, version: object = 1) -> str:
    return json.dumps({"format": "hailuo-desktop-presets", "version": version, "presets": presets})


def test_save_as_preset_keeps_every_option_but_no_pictures_and_round_trips():
    request = GenerationRequest.for_model(
        Model.H3,
        "A dancer <Picture 1>",
        duration=9,
        resolution=Resolution.P768,
        aspect_ratio=AspectRatio.TALL_9_16,
        watermark=True,
        reference_images=("/home/me/dancer.png",),
    )
    preset = Preset.from_request("  Dancer ", request)
    assert preset.name == "Dancer"
    assert preset.request.reference_images == () and preset.request.first_frame is None
    assert (preset.request.duration, preset.request.aspect_ratio) == (9, AspectRatio.TALL_9_16)
    text = dump_presets([preset])
    assert "/home/me" not in text
    assert parse_presets(text) == [preset]


def test_missing_options_take_the_models_defaults():
    [preset] = parse_presets(document({"name": "Quick", "prompt": "A cat", "model": "MiniMax-H3"}))
    assert preset.request == GenerationRequest.for_model(Model.H3, "A cat")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            '{"format": "hailuo-desktop-presets",\n  "version": 1,\n  "presets": [,]}',
            "The presets file is not valid JSON (line 3, column 15: Expecting value).",
        ),
        ('{"presets": []}', "This is not a presets file of Hailuo Desktop"),
        ("[1, 2]", "This is not a presets file of Hailuo Desktop"),
        (
            document(version=2),
            "The presets file has version 2; this Hailuo Desktop reads version 1. Update the "
            "app to import it.",
        ),
        (
            document({"name": "A", "prompt": "x", "model": "Sora-2"}),
            'Preset 1 ("A"): unknown model "Sora-2"; choose one of MiniMax-Hailuo-2.3, '
            "MiniMax-Hailuo-2.3-Fast, MiniMax-Hailuo-02, MiniMax-H3.",
        ),
        (
            document(
                {"name": "Fine", "prompt": "x"},
                {"name": "Long", "prompt": "x", "duration": 10, "resolution": "1080p"},
            ),
            'Preset 2 ("Long"): 1080p videos can be at most 6 seconds long.',
        ),
        (
            document({"name": "H", "prompt": "x", "model": "MiniMax-H3", "duration": 20}),
            'Preset 1 ("H"): H3 makes videos of 4 to 15 seconds, not 20.',
        ),
        (
            document({"name": "A", "prompt": "x", "duration": "6"}),
            'Preset 1 ("A"): "duration" cannot be "6".',
        ),
        (
            document({"name": "A", "prompt": "x", "first_frame": "/a.png"}),
            'Preset 1 ("A"): unknown field "first_frame".',
        ),
        (document({"prompt": "x"}), 'Preset 1 (-): a preset needs a "name" and a "prompt"'),
        (
            document({"name": "A", "prompt": "x"}, {"name": "a", "prompt": "y"}),
            'Preset 2 ("a"): the name is used twice in the file.',
        ),
    ],
)
def test_a_bad_file_is_refused_with_its_reason(text, reason):
    with pytest.raises(PresetFileInvalid) as refused:
        parse_presets(text)
    assert reason in refused.value.message


def test_every_model_has_starter_recipes_in_english_and_chinese_that_lint_clean():
    starters = parse_presets(STARTERS.read_text(encoding="utf-8"), starter=True)
    for model in Model:
        for language in ("en", "zh"):
            found = [p for p in starters if p.request.model is model and p.language == language]
            assert len(found) >= 2, (model, language)
    for preset in starters:
        assert preset.starter
        grammar = preset.request.spec.grammar
        assert lint(preset.request.prompt, grammar).problems == (), preset.name


@pytest.fixture
def store(tmp_path) -> PresetStore:
    return PresetStore(tmp_path / "data" / "presets.json", STARTERS)


def test_own_presets_come_first_and_a_starters_name_finds_the_users(store):
    starter = store.starters()[0]
    mine = Preset.from_request(starter.name.upper(), GenerationRequest("My own"))
    store.save(mine)
    assert store.find(starter.name) == mine
    listed = store.all()
    assert listed[0] == mine and starter not in listed
    assert len(listed) == len(store.starters())
    assert json.loads(Path(store.own_file).read_text(encoding="utf-8"))["presets"][0]["name"] == (
        starter.name.upper()
    )


def test_import_export_and_remove(store, tmp_path):
    store.save(Preset.from_request("Cat", GenerationRequest("A cat")))
    exported = store.export_text()
    other = PresetStore(tmp_path / "other.json", STARTERS)
    assert other.import_text(exported) == store.own()
    assert other.own() == store.own()
    assert other.remove("cat") and not other.remove("cat")
    assert other.own() == []


def test_a_bad_import_changes_nothing(store):
    store.save(Preset.from_request("Cat", GenerationRequest("A cat")))
    before = store.own_file.read_bytes()
    with pytest.raises(PresetFileInvalid):
        store.import_text(document({"name": "Dog", "prompt": "x"}, {"name": "Bad", "model": 3}))
    assert store.own_file.read_bytes() == before
    assert [p.name for p in store.own()] == ["Cat"]


def test_a_broken_own_file_is_reported_and_never_overwritten(store):
    store.own_file.parent.mkdir(parents=True)
    store.own_file.write_text("{not json", encoding="utf-8")
    with pytest.raises(PresetFileInvalid, match=r"presets\.json cannot be read"):
        store.save(Preset.from_request("Cat", GenerationRequest("A cat")))
    assert store.own_file.read_text(encoding="utf-8") == "{not json"
    assert list(store.own_file.parent.iterdir()) == [store.own_file]  # no temporary left


def test_a_users_preset_overrides_a_starter_of_the_same_name_in_any_case_everywhere(tmp_path):
    from hailuo_desktop.cli_batches import _requests_by_name
    from hailuo_desktop.ui.presets.access import PresetList

    starters = tmp_path / "starters.json"
    starters.write_text(
        dump_presets([Preset("Slow Reveal", GenerationRequest("a starter's prompt"))]),
        encoding="utf-8",
    )
    store = PresetStore(tmp_path / "own.json", starters)
    mine = Preset("slow reveal", GenerationRequest.for_model(Model.HAILUO_02, "my prompt"))
    store.save(mine)
    assert [p.name for p in store.all()] == ["slow reveal"]
    assert store.find("SLOW REVEAL ") == mine
    shown = PresetList(tuple(store.own()), ((Model.HAILUO_23, tuple(store.starters())),))
    assert shown.find("Slow Reveal") == mine
    assert list(by_name(shown.all())) == ["slow reveal"]
    assert _requests_by_name(store) == {"slow reveal": mine.request}
