"""The Simplified Chinese interface: every string translated, the built .qm current, the
templates of core's sentences recognised, and the widgets actually showing Chinese.

The first tests run PySide6's own `pyside6-lupdate` / `pyside6-lrelease` (as
`scripts/translations.sh` does) on copies in a temporary folder; they never touch
`resources/translations/`. When one fails: run `bash scripts/translations.sh`, translate what it
reports as unfinished (pyside6-linguist, or edit the .ts), run the script again.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox

from hailuo_desktop.core import errors
from hailuo_desktop.core.directives import DIRECTIVES
from hailuo_desktop.core.images import ImageFacts, check_picture
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.messages import MESSAGES, QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest, estimate_price, problems
from hailuo_desktop.core.prompt_lint import lint
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.store.history import JobStore
from hailuo_desktop.store.recovery import MovedHistory
from hailuo_desktop.store.settings import Language, Settings
from hailuo_desktop.ui.common import translators as i18n
from hailuo_desktop.ui.create.directive_palette import DirectivePalette
from hailuo_desktop.ui.create.prompt_editor import PromptEditor
from hailuo_desktop.ui.dialogs.errors import ErrorDialog
from hailuo_desktop.ui.dialogs.settings import SettingsDialog
from hailuo_desktop.ui.jobs.model import JobRole
from tests.ui.test_job_model import job, make_model
from tests.ui.test_main_window import open_window
from tests.ui.test_prompt_editor import point_over

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "hailuo_desktop_zh_CN.ts"
QM = TS.with_suffix(".qm")
# The same options as scripts/translations.sh.
LUPDATE_OPTIONS = ["-silent", "-extensions", "py", "-locations", "none", "-source-language", "en"]


def tool(name: str) -> str:
    """PySide6's wrapper script next to this Python (the venv), else on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} not found: it comes with PySide6-Essentials"
    return found


def messages(ts: Path) -> list[tuple[str, ET.Element]]:
    """(context, <message>) of every entry of a .ts file."""
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name", ""), message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def translations(message: ET.Element) -> list[str]:
    node = message.find("translation")
    assert node is not None
    forms = [form.text or "" for form in node.iter("numerusform")]
    return forms or [node.text or ""]


def is_current(message: ET.Element) -> bool:
    """False for entries lupdate keeps only because they may come back."""
    return message.find("translation").get("type") not in ("vanished", "obsolete")


@pytest.fixture(scope="module")
def updated_ts(tmp_path_factory) -> Path:
    """The committed .ts after lupdate read today's sources (as the script would leave it)."""
    copy = tmp_path_factory.mktemp("ts") / TS.name
    shutil.copyfile(TS, copy)
    subprocess.run(
        [tool("pyside6-lupdate"), *LUPDATE_OPTIONS, "-target-language", "zh_CN", "hailuo_desktop",
         "-ts", str(copy)],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return copy


# --- the catalogue -------------------------------------------------------------------------


def test_every_string_in_the_code_has_a_finished_chinese_translation(updated_ts):
    lacking = [
        f"{context}: {message.findtext('source')!r}"
        for context, message in messages(updated_ts)
        if is_current(message)
        and (
            message.find("translation").get("type") == "unfinished"
            or not all(text.strip() for text in translations(message))
        )
    ]
    assert not lacking, (
        "Strings without a Chinese translation (run scripts/translations.sh, translate them in "
        "resources/translations/hailuo_desktop_zh_CN.ts, run it again):\n" + "\n".join(lacking)
    )
    assert len([m for _, m in messages(updated_ts) if is_current(m)]) > 300


def _placeholders(text: str) -> Counter:
    """What must survive translation: {fields}, %1/%n, HTML tags, one & accelerator."""
    found = Counter(re.findall(r"\{\w+\}|%\d|%n|</?\w+>", text))
    if re.search(r"&[^&\s]", text.replace("&&", "")):
        found["&"] = 1
    return found


def test_translations_keep_placeholders_tags_and_accelerators():
    broken = [
        f"{context}: {message.findtext('source')!r} -> {text!r}"
        for context, message in messages(TS)
        if is_current(message)
        for text in translations(message)
        if _placeholders(text) != _placeholders(message.findtext("source", ""))
    ]
    assert not broken, "\n".join(broken)


def test_the_built_qm_is_what_lrelease_makes_of_the_ts(tmp_path):
    rebuilt = tmp_path / QM.name
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(rebuilt)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert QM.is_file(), "resources/translations/hailuo_desktop_zh_CN.qm is missing"
    assert QM.read_bytes() == rebuilt.read_bytes(), (
        "hailuo_desktop_zh_CN.qm is stale: run scripts/translations.sh"
    )


def test_palette_names_are_minimax_own_chinese_names():
    names = {
        message.findtext("source"): translations(message)[0]
        for context, message in messages(TS)
        if context == "CameraMove"
    }
    assert names == {d.name: d.chinese for d in DIRECTIVES}


# --- core's sentences: marked, recognised when filled in -----------------------------------


def fake_lookup(table: dict[str, str]):
    return lambda context, text: table.get(text, text) if context == MESSAGES else text


def test_marking_returns_the_text_unchanged():
    assert QT_TRANSLATE_NOOP(MESSAGES, "Plain words.") == "Plain words."


def test_a_message_is_its_english_text_and_keeps_its_template_and_facts():
    facts = ImageFacts(format="png", width=200, height=150, byte_size=12 * 1024 * 1024)
    too_large, too_small = (p.message for p in check_picture(facts))
    assert too_large == "The picture is 12.0 MB; the upload limit is 10 MB."
    assert isinstance(too_large, Message) and too_large.facts == {"size": "12.0 MB"}
    lookup = fake_lookup(
        {
            "The picture is {size}; the upload limit is 10 MB.": "图片大小为 {size}。",
            "The picture is {width}×{height} pixels; its shorter side must be at least "
            "{minimum} pixels. Use a larger picture.": "图片为 {width}×{height} 像素。",
        }
    )
    assert [too_large.render(lookup), too_small.render(lookup)] == [
        "图片大小为 12.0 MB。",
        "图片为 200×150 像素。",
    ]


def test_a_nested_message_is_rendered_in_the_same_language():
    lookup = fake_lookup(
        {
            errors.TRYING_AGAIN: "{message}{seconds} 秒后重试。",
            errors.ServerTrouble.default_message: "服务故障。",
        }
    )
    notice = Message(errors.TRYING_AGAIN, message=errors.ServerTrouble().message, seconds=7)
    assert notice == f"{errors.ServerTrouble.default_message} Trying again in 7 s."
    assert notice.render(lookup) == "服务故障。7 秒后重试。"


def test_a_translation_with_a_broken_field_falls_back_to_english():
    too_long = problems(GenerationRequest(prompt="x" * 2001))[0].message
    assert isinstance(too_long, Message)
    assert too_long.render(fake_lookup({too_long.template: "{oops}"})) == too_long


def test_a_message_survives_the_history_database_and_old_plain_text_still_reads():
    reason = Message(errors.REFUSED_REQUEST, reason="prompt too short {really}")
    notice = Message(errors.TRYING_AGAIN, message=reason, seconds=3)
    again = Message.from_stored(notice.to_stored())
    assert again == notice and again.template == errors.TRYING_AGAIN
    assert again.facts["message"].template == errors.REFUSED_REQUEST
    legacy = Message.from_stored("Something {odd} went wrong.")
    assert legacy == "Something {odd} went wrong." and not legacy.facts


def test_directive_problems_and_the_estimate_are_messages_the_gui_can_translate():
    prompt = "[Pan lft] [a b c d e f] [Pan left, Zoom in, Shake, Tilt up] [ xyzzy-plugh-grault ]"
    filled = [problem.message for problem in lint(prompt).problems]
    filled.append(estimate_price(GenerationRequest(prompt="x", model=Model.HAILUO_23)).label)
    for text in filled:
        assert isinstance(text, Message) and text.facts, text


# --- at run time ---------------------------------------------------------------------------


class System:
    """A stand-in for QLocale.system(): only the preferred UI languages matter."""

    def __init__(self, *names: str) -> None:
        self.names = list(names)

    def uiLanguages(self) -> list[str]:  # QLocale's name
        return self.names


@pytest.mark.parametrize(
    ("setting", "preferred", "shown"),
    [
        (Language.SYSTEM, ("zh-CN", "en-US"), Language.CHINESE),
        (Language.SYSTEM, ("zh-Hans-SG",), Language.CHINESE),
        (Language.SYSTEM, ("zh-TW", "en"), Language.ENGLISH),  # Traditional: not offered
        (Language.SYSTEM, ("de-DE", "zh"), Language.CHINESE),
        (Language.SYSTEM, ("fr-FR",), Language.ENGLISH),
        (Language.ENGLISH, ("zh-CN",), Language.ENGLISH),
        (Language.CHINESE, ("en-US",), Language.CHINESE),
    ],
)
def test_the_language_setting_and_the_system_preferences(setting, preferred, shown):
    assert i18n.resolve_language(setting, System(*preferred)) is shown


@pytest.fixture
def chinese(qapp):
    assert i18n.install_translators(qapp, Language.CHINESE) is Language.CHINESE
    yield
    i18n.uninstall_translators(qapp)


def test_english_installs_nothing_and_a_missing_catalogue_leaves_english(
    qapp, monkeypatch, tmp_path
):
    assert i18n.install_translators(qapp, Language.ENGLISH) is Language.ENGLISH
    assert QCoreApplication.translate("SettingsDialog", "Settings") == "Settings"
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    assert i18n.install_translators(qapp, Language.CHINESE) is Language.ENGLISH
    assert i18n.installed_language() is Language.ENGLISH
    assert QCoreApplication.translate("SettingsDialog", "Settings") == "Settings"


def test_qt_own_buttons_and_the_locale_are_chinese(qtbot, chinese):
    buttons = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    box = QDialogButtonBox(buttons)
    qtbot.addWidget(box)
    assert sorted(button.text() for button in box.buttons()) == sorted(["确定", "取消"])
    question = QMessageBox(QMessageBox.Icon.Question, "?", "?", QMessageBox.StandardButton.Yes)
    qtbot.addWidget(question)
    assert question.button(QMessageBox.StandardButton.Yes).text() == "是(&Y)"
    assert QLocale().language() is QLocale.Language.Chinese


def test_palette_shows_chinese_names_and_inserts_the_api_token(qtbot, chinese):
    editor, palette = PromptEditor(), DirectivePalette()
    for widget in (editor, palette):
        qtbot.addWidget(widget)
    palette.attach(editor)
    button = palette.button("Pan left")
    assert button.text() == "左摇"
    assert button.accessibleName() == "左摇"
    assert "[Pan left]" in button.toolTip()
    assert button.toolTip().startswith("镜头在原地向左转。")
    button.click()
    assert editor.prompt() == "[Pan left]"


def test_editor_explains_chinese_tokens_and_mistakes_in_chinese(qtbot, chinese):
    editor = PromptEditor()
    qtbot.addWidget(editor)
    editor.resize(500, 200)
    editor.show()
    qtbot.waitExposed(editor)
    hints: list[str] = []
    editor.hintChanged.connect(hints.append)
    editor.set_prompt("[左摇] 海边 [Pan lft]")
    cursor = editor.textCursor()
    cursor.setPosition(10)
    editor.setTextCursor(cursor)
    assert editor.tooltip_at(point_over(editor, 1)) == "左摇 [Pan left]：镜头在原地向左转。"
    assert editor.tooltip_at(point_over(editor, 9)).startswith(
        '"Pan lft" 不是海螺认识的运镜。可以试试：Pan left'
    )
    assert hints[-1].startswith('"Pan lft" 不是海螺认识的运镜。')


def test_error_and_settings_dialogs_are_chinese(qtbot, chinese, tmp_path):
    dialog = ErrorDialog(errors.InsufficientCredits(status=402))
    qtbot.addWidget(dialog)
    assert dialog.title() == "积分不足"
    assert dialog.message() == "你的 ToAPIs 账户积分不足。请充值后重试。"
    assert dialog.top_up_button is not None and dialog.top_up_button.text() == "充值"
    settings = SettingsDialog(
        Settings(tmp_path / "settings.ini"), key_status="Saved in the system keyring", has_key=True
    )
    qtbot.addWidget(settings)
    assert settings.windowTitle() == "设置"
    assert settings.key_status_label.text() == "已保存在系统密钥环中"
    combo = settings.language_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["跟随系统", "English", "简体中文"]


def test_job_list_shows_messages_from_the_history_in_chinese(chinese, tmp_path):
    refused = Message(errors.REFUSED_REQUEST, reason="prompt too short")
    failed = job("j1", state=JobState.FAILED, error_kind=errors.ErrorKind.BAD_REQUEST)
    store = JobStore(tmp_path / "jobs.db")
    store.insert(dataclasses.replace(failed, error_message=refused))
    (stored,) = store.jobs()
    store.close()
    model, _ = make_model(stored)
    index = model.index(0, 0)
    assert index.data(JobRole.STATE_TEXT) == "失败"
    assert index.data(JobRole.DETAIL_TEXT) == "视频服务没有接受这个请求：prompt too short"
    notice = Message(errors.TRYING_AGAIN, message=errors.RateLimited().message, seconds=12)
    model.apply(JobEvent(EventKind.NOTICE, model.job_at(0), notice=notice))
    assert index.data(JobRole.DETAIL_TEXT) == (
        "视频服务要求放慢请求速度；稍等片刻后会自动重试。12 秒后重试。"
    )


def test_a_damaged_history_and_a_job_from_a_newer_version_are_told_in_chinese(
    qtbot, chinese, tmp_path
):
    moved = MovedHistory(
        tmp_path / "jobs.db", tmp_path / "jobs.damaged-20261205-153000.db", "malformed"
    )
    dialog = ErrorDialog(moved.error())
    qtbot.addWidget(dialog)
    assert dialog.title() == "任务记录已损坏"
    assert dialog.message() == (
        f"任务记录 {moved.path} 已损坏。已将它移到 {moved.moved_to}，并新建了一份任务记录。"
    )
    model, _ = make_model(job("j1", state=JobState.UNKNOWN))
    index = model.index(0, 0)
    assert index.data(JobRole.STATE_TEXT) == "未知（来自新版本？）"
    assert index.data(JobRole.DETAIL_TEXT).startswith("这个任务由更新版本的 Hailuo Desktop 保存")


async def test_the_main_window_is_chinese(tmp_path, chinese):
    async with open_window(tmp_path) as harness:
        window = harness.window
        assert [action.text() for action in window.menuBar().actions()] == [
            "文件(&F)",
            "视图(&V)",
            "帮助(&H)",
        ]
        panel = window.create_panel
        assert panel.generate_button.text() == "生成"
        assert panel.palette_widget.button("Zoom in").text() == "变焦推近"
        assert panel.options.prompt_optimizer_check.text() == "优化我的提示词"
        assert panel.options.duration_combo.itemText(1) == "10 秒"
        assert window.findChild(QLabel, "demoLabel").text().startswith("演示模式：")
        assert window.findChild(QLabel, "jobListEmpty").text() == "你的视频会显示在这里"
