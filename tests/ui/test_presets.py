"""Presets in the window, with real widgets: the Presets menu (starters by model, in the
interface's language), applying one (the form's pictures stay), Save as preset from the form and
from a job (a taken name asks first), Manage, Import (a bad file changes nothing) and Export."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QApplication, QMenu

from hailuo_desktop import paths
from hailuo_desktop.core.models import Model, Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.presets import Preset
from hailuo_desktop.store.presets import PresetStore
from hailuo_desktop.store.settings import Language, Settings
from hailuo_desktop.ui.common.translators import install_translators, uninstall_translators
from hailuo_desktop.ui.create.panel import CreatePanel
from hailuo_desktop.ui.presets.actions import PresetActions
from hailuo_desktop.ui.presets.manage import ManagePresetsDialog
from tests.helpers import png_bytes, until
from tests.ui.batch_fakes import ScriptedQuestions, batch_window


class Shown:
    """The notices the actions give (the window's toast)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> None:
        self.texts.append(text)


@pytest.fixture
def store(tmp_path):
    return PresetStore(tmp_path / "presets.json", paths.resource_path(*paths.STARTER_PRESETS))


@pytest.fixture
def panel(qtbot):
    built = CreatePanel(lambda: Settings().prices)
    qtbot.addWidget(built)
    return built


def actions_over(store, panel, *answers) -> tuple[PresetActions, ScriptedQuestions, Shown]:
    questions, shown = ScriptedQuestions(*answers), Shown()
    return PresetActions(store, panel, notify=shown, questions=questions, parent=panel), *(
        questions,
        shown,
    )


def menu_texts(menu) -> list[str]:
    """The entries' texts, the sections' titles among them."""
    return [a.text() for a in menu.actions() if a.text()]


def test_the_menu_lists_own_presets_then_starters_by_model_in_english(store, panel):
    store.save(Preset("Mine", GenerationRequest("My own prompt")))
    presets, _questions, _shown = actions_over(store, panel)
    panel.add_prompt_tool(button := presets.button())
    menu = button.menu()
    presets.fill_menu(menu)
    texts = menu_texts(menu)
    assert texts[:3] == ["My presets", "Mine", "Starter recipes"]
    assert texts[3:7] == [model.label for model in Model]
    assert texts[-4:] == ["Save as preset…", "Manage…", "Import…", "Export…"]
    starters = menu.findChild(QMenu, f"starters-{Model.HAILUO_23.value}")
    assert "2.3 · Slow reveal" in menu_texts(starters)
    assert all(not any("\u4e00" <= c <= "\u9fff" for c in t) for t in menu_texts(starters))


def test_in_chinese_the_starters_are_the_chinese_recipes(store, panel):
    app = QApplication.instance()
    install_translators(app, Language.CHINESE)
    try:
        presets, _questions, _shown = actions_over(store, panel)
        listed = presets.presets()
        names = [p.name for _model, group in listed.starters for p in group]
        assert names and all(p.language == "zh" for _m, g in listed.starters for p in g)
        assert "2.3 · 缓慢揭示" in names
    finally:
        uninstall_translators(app)


def test_applying_a_preset_fills_the_form_and_keeps_its_first_frame(store, panel, tmp_path):
    picture = tmp_path / "boat.png"
    picture.write_bytes(png_bytes(800, 600))
    assert panel.first_frame.set_path(str(picture))
    presets, _questions, shown = actions_over(store, panel)
    recipe = next(p for p in store.starters() if p.name == "2.3 · Product orbit")
    presets.apply(recipe)
    request = panel.request()
    assert request.prompt == recipe.request.prompt
    assert (request.model, request.resolution) == (Model.HAILUO_23, Resolution.P1080)
    assert request.first_frame == str(picture)
    assert shown.texts == [
        "Preset “2.3 · Product orbit” applied. Your pictures stay: presets hold no pictures."
    ]


def test_save_as_preset_asks_a_name_and_asks_before_replacing(store, panel):
    panel.prompt_editor.set_prompt("A red kite over green hills at noon, seen from below")
    presets, questions, shown = actions_over(store, panel, "Kite", "Kite", False, "Kite", True)
    assert presets.save_from(panel.request()) is not None
    assert [p.name for p in store.own()] == ["Kite"]
    assert questions.asked[0].startswith("Name of the preset")
    assert shown.texts == ["Saved the preset “Kite”."]
    panel.prompt_editor.set_prompt("Another kite")
    assert presets.save_from(panel.request()) is None  # "Replace it?" — No
    assert store.own()[0].request.prompt.startswith("A red kite")
    assert presets.save_from(panel.request()) is not None  # Yes
    assert [p.request.prompt for p in store.own()] == ["Another kite"]


def test_import_of_a_bad_file_changes_nothing_and_says_why(store, panel, tmp_path):
    store.save(Preset("Mine", GenerationRequest("Mine")))
    before = store.own_file.read_bytes()
    bad = tmp_path / "bad.json"
    good = {"name": "Good", "prompt": "A good one"}
    broken = {"name": "Broken", "prompt": "x", "model": "Hailuo-99"}
    document = {"format": "hailuo-desktop-presets", "version": 1, "presets": [good, broken]}
    bad.write_text(json.dumps(document), encoding="utf-8")
    presets, questions, shown = actions_over(store, panel, str(bad))
    assert presets.import_file() == []
    assert store.own_file.read_bytes() == before
    assert len(questions.told) == 1
    assert 'Preset 2 ("Broken")' in questions.told[0] and "Hailuo-99" in questions.told[0]
    assert shown.texts == []
    bad.write_text("{ not json", encoding="utf-8")
    presets.questions.answers.append(str(bad))
    assert presets.import_file() == []
    assert "not valid JSON" in presets.questions.told[1]
    assert store.own_file.read_bytes() == before


def test_export_then_import_brings_the_presets_back(store, panel, tmp_path):
    store.save(Preset("Dawn", GenerationRequest("A lighthouse at dawn")))
    out = tmp_path / "shared.json"
    presets, _questions, shown = actions_over(store, panel, str(out), str(out))
    assert presets.export_file() == str(out)
    store.remove("Dawn")
    assert [p.name for p in presets.import_file()] == ["Dawn"]
    assert [p.name for p in store.own()] == ["Dawn"]
    assert shown.texts[-1] == "Imported 1 preset."


def test_manage_renames_and_deletes_own_presets(store, qtbot):
    store.save(Preset("One", GenerationRequest("one")))
    store.save(Preset("Two", GenerationRequest("two")))
    questions = ScriptedQuestions("Uno", True)
    dialog = ManagePresetsDialog(store, questions=questions)
    qtbot.addWidget(dialog)
    assert dialog.names() == ["One", "Two"]
    dialog.rename_button.click()
    assert sorted(dialog.names()) == ["Two", "Uno"]
    assert {p.name: p.request.prompt for p in store.own()} == {"Two": "two", "Uno": "one"}
    dialog.presets_list.setCurrentRow(dialog.names().index("Two"))
    dialog.delete_button.click()
    assert [p.name for p in store.own()] == ["Uno"]


async def test_save_as_preset_from_a_job_keeps_its_prompt_and_options(tmp_path):
    async with batch_window(tmp_path) as (window, _queue, _sim):
        request = GenerationRequest("A harbour at night", resolution=Resolution.P1080)
        job = window.runner.submit(request)
        await until(lambda: window.model.row_of(job.id) is not None)
        assert window.job_view.select(job.id)
        assert window.presets is not None
        window.presets.questions = ScriptedQuestions("Harbour")
        action = window.job_view.action("preset")
        assert action in window.job_view.context_menu().actions() and action.isEnabled()
        action.trigger()
        own = window.presets.presets().own
        assert [p.name for p in own] == ["Harbour"]
        assert own[0].request == GenerationRequest(
            "A harbour at night", resolution=Resolution.P1080
        )
        assert window.toast.text() == "Saved the preset “Harbour”."
