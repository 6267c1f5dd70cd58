"""The Stories page in the real window against the in-process simulator (demo mode's path),
driven through its widgets: building a story, making it, making a shot again, exporting and
playing the joined video. Async tests on the qasync loop: they await conditions, never
qtbot.wait*."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.stories import Shot, total_estimate
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from hailuo_desktop.store.settings import Language
from hailuo_desktop.store.stories import StoryStore
from hailuo_desktop.ui.common.translators import install_translators, uninstall_translators
from hailuo_desktop.ui.main_window import STORIES_PAGE, VIDEOS_PAGE, MainWindow
from hailuo_desktop.ui.stories.page import StoriesPage
from hailuo_desktop.ui.stories.remake import remake_plan, remake_question
from hailuo_desktop.ui.stories.service import Phase
from hailuo_desktop.ui.stories.strip import SHOT_MIME
from tests.helpers import until
from tests.ui.test_main_window import open_window


def stories_page(window: MainWindow) -> StoriesPage:
    window.show_page(STORIES_PAGE)
    page = window.stories_page
    assert page is not None
    return page


def type_into(page: StoriesPage, text: str) -> None:
    editor = page.editor.panel.prompt_editor
    editor.setFocus()
    editor.selectAll()
    QTest.keyClicks(editor, text)


def add_shot(page: StoriesPage, prompt: str, *, continues: bool = False) -> str:
    QTest.mouseClick(page.strip.add_card, Qt.MouseButton.LeftButton)
    shot_id = page.strip.current()
    assert shot_id is not None and page.editor.shot_id() == shot_id
    type_into(page, prompt)
    if continues:
        page.editor.continues_check.click()
    return shot_id


async def saved(page: StoriesPage, store: StoryStore, check) -> None:
    """Wait until the debounced save reached the history and `check(story)` holds."""
    story = page.story()
    assert story is not None
    await until(lambda: check(store.get(story.id)), timeout=5)


def build_three_shots(page: StoriesPage) -> None:
    page.empty_button.click()
    type_into(page, "A lighthouse at dusk")
    add_shot(page, "The beam sweeps the sea", continues=True)
    add_shot(page, "A ship turns towards the light", continues=True)


async def test_switching_pages_from_the_menu_bar_corner_and_the_view_menu(tmp_path):
    async with open_window(tmp_path) as h:
        window = h.window
        assert window.page_switch.isVisible()
        window.page_switch.button(1).click()
        assert window.pages.currentIndex() == STORIES_PAGE
        page = window.stories_page
        assert page is not None and page.empty.isVisible()
        window._page_actions[0].trigger()
        assert window.pages.currentIndex() == VIDEOS_PAGE
        assert window._page_actions[1].shortcut().toString() == "Ctrl+2"


async def test_a_story_of_three_shots_is_built_reordered_and_trimmed_in_the_page(tmp_path):
    async with open_window(tmp_path) as h:
        store = StoryStore(h.store)
        page = stories_page(h.window)
        build_three_shots(page)
        await saved(
            page,
            store,
            lambda story: (
                [(s.request.prompt, s.continues) for s in story.shots]
                == [
                    ("A lighthouse at dusk", False),
                    ("The beam sweeps the sea", True),
                    ("A ship turns towards the light", True),
                ]
            ),
        )
        links = page.strip.links()
        assert [link.linked for link in links] == [False, True, True]
        assert not links[0].isVisible() and links[1].isVisible()
        # the continuing shot's first frame gives way to a note
        assert page.editor.panel.first_frame.isHidden()
        assert "shot 2" in page.editor.panel._stand_in.text()
        # the first shot cannot continue, and says why
        page.strip.select(page.story().shots[0].id)
        assert not page.editor.continues_check.isEnabled()
        assert page.editor.why_not_continue.text()

        # reorder with the keyboard: the third shot one place earlier
        third = page.story().shots[2].id
        page.strip.select(third, focus=True)
        QTest.keyClick(page.strip.card(third), Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
        await saved(page, store, lambda story: story.shots[1].id == third)
        assert [card.shot_id for card in page.strip.cards()][1] == third

        # unticking "continue" hides the link; the saved shot follows
        page.strip.select(page.story().shots[2].id)
        page.editor.continues_check.click()
        await saved(page, store, lambda story: not story.shots[2].continues)
        assert [link.linked for link in page.strip.links()] == [False, True, False]

        # Enter on a card goes to its form
        card = page.strip.card(page.story().shots[1].id)
        page.strip.select(card.shot_id, focus=True)
        QTest.keyClick(card, Qt.Key.Key_Return)
        assert page.editor.panel.prompt_editor.hasFocus()

        # remove the first shot with Delete
        first = page.story().shots[0].id
        page.strip.select(first, focus=True)
        QTest.keyClick(page.strip.card(first), Qt.Key.Key_Delete)
        story = store.get(page.story().id)
        assert [s.request.prompt for s in story.shots] == [
            "A ship turns towards the light",
            "The beam sweeps the sea",
        ]
        assert not story.shots[0].continues  # the new first shot starts afresh
        assert "removed" in h.window.toast.text()
        assert len(page.strip.cards()) == 2


async def test_a_card_dragged_onto_another_place_moves_its_shot(tmp_path):
    async with open_window(tmp_path) as h:
        store = StoryStore(h.store)
        page = stories_page(h.window)
        build_three_shots(page)
        page.flush()
        first, second, third = (card.shot_id for card in page.strip.cards())
        mime = QMimeData()
        mime.setData(SHOT_MIME, first.encode())
        viewport = page.strip.viewport()
        last = page.strip.card(third)
        where = QPointF(last.mapTo(viewport, last.rect().center()) + QPoint(last.width(), 0))
        actions = Qt.DropAction.MoveAction
        buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        enter = QDragEnterEvent(where, actions, mime, buttons, keys)
        QApplication.sendEvent(viewport, enter)
        assert enter.isAccepted()
        QApplication.sendEvent(viewport, QDropEvent(where, actions, mime, buttons, keys))
        await saved(
            page, store, lambda story: [s.id for s in story.shots] == [second, third, first]
        )
        assert [card.shot_id for card in page.strip.cards()] == [second, third, first]


async def test_a_continuing_shot_counts_the_last_frame_before_as_its_first_frame(tmp_path):
    async with open_window(tmp_path) as h:
        store = StoryStore(h.store)
        page = stories_page(h.window)
        page.empty_button.click()
        type_into(page, "Opening")
        add_shot(page, "Second")
        panel = page.editor.panel
        combo = panel.findChild(QComboBox, "modelCombo")
        combo.setCurrentIndex(combo.findData(Model.HAILUO_23_FAST))
        assert panel.why_not() is not None  # 2.3 Fast needs a first frame…
        page.editor.continues_check.click()
        assert panel.why_not() is None  # …which the shot before gives it
        assert panel.request().first_frame is None
        assert "$" in panel.estimate_label.text()
        await saved(
            page,
            store,
            lambda story: (
                story.shots[1].continues and story.shots[1].request.model is Model.HAILUO_23_FAST
            ),
        )


async def test_making_the_story_exporting_and_playing_it(tmp_path):
    async with open_window(tmp_path) as h:
        page = stories_page(h.window)
        build_three_shots(page)
        estimate = page.header.estimate_label.text()
        assert "3" in estimate and "$0.84" in estimate  # three 2.3 768p 6 s shots at $0.28
        assert page.header.make_button.isEnabled()
        assert not page.header.export_button.isEnabled()
        assert not page.header.play_button.isEnabled()
        page.header.make_button.click()

        def phases() -> list[Phase]:
            story = page.story()
            return [page.status(shot.id).phase for shot in story.shots] if story else []

        await until(page._locked)  # nothing changes while the story is being made
        page.strip.select(page.story().shots[2].id)
        assert page.editor.made_bar.isVisible()
        assert "being made" in page.editor.made_label.text()
        assert page.picture_panel() is None
        await until(lambda: Phase.WAITING in phases() or Phase.DONE in phases(), timeout=30)
        await until(lambda: phases() == [Phase.DONE] * 3, timeout=90)
        cards = page.strip.cards()
        assert all(card.state_text == "Done" for card in cards)
        await until(lambda: all(card.image is not None for card in cards), timeout=30)
        story = page.story()
        jobs = [h.store.get(shot.job_id) for shot in story.shots]
        assert all(job.state is JobState.DONE for job in jobs)
        assert jobs[1].request.first_frame and jobs[2].request.first_frame  # the chained frames
        assert "all made" in page.header.estimate_label.text()
        assert h.window.preview.current_path() is None  # the Videos page, out of sight, stays still

        await until(page.header.export_button.isEnabled)  # once the make has ended
        page.header.export_button.click()
        assert page.header.cancel_button.isVisible()
        page.header.cancel_button.click()
        await until(lambda: not page.is_exporting())
        assert "Export cancelled" in h.window.toast.text()
        assert page.header.export_button.isVisible() and not page.story().export_path
        page.header.export_button.click()
        assert page.header.export_progress.isVisible()
        await until(lambda: not page.is_exporting(), timeout=60)
        story = page.story()
        assert story.export_path, h.window.toast.text()
        assert story.export_path and Path(story.export_path).exists()
        assert "exported" in h.window.toast.text()
        # the message stays off the video (a native video surface would cover it)
        assert page.toast_area().contains(h.window.toast.geometry())
        h.window.show_page(VIDEOS_PAGE)
        assert not page.toast_area().contains(h.window.toast.geometry())
        h.window.show_page(STORIES_PAGE)
        assert page.header.play_button.isEnabled()
        page.header.play_button.click()
        frames = []
        page.preview.video_sink.videoFrameChanged.connect(lambda frame: frames.append(frame))
        await until(lambda: page.preview.current_path() == story.export_path)
        await until(lambda: len(frames) >= 3, timeout=20)
        assert page.preview.is_playing()
        # a double click on a card plays that shot's own clip
        QTest.mouseDClick(page.strip.cards()[0], Qt.MouseButton.LeftButton)
        first_clip = page.status(story.shots[0].id).video
        await until(lambda: page.preview.current_path() == first_clip)

        # make again: asks with the shots that continue from it and their total
        asked = []
        page._ask_remake = lambda _parent, plan: asked.append(plan) or False
        page.strip.context_menu(story.shots[1].id).actions()[3].trigger()
        assert [shot.number for shot in asked[0].shots] == [2, 3]
        assert asked[0].estimate  # demo: "nothing is billed"


async def test_the_stories_page_is_chinese(tmp_path, qapp):
    assert install_translators(qapp, Language.CHINESE) is Language.CHINESE
    try:
        async with open_window(tmp_path) as h:
            window = h.window
            assert window.page_switch.button(1).text() == "故事"
            page = stories_page(window)
            assert page.empty_button.text() == "新建故事"
            build_three_shots(page)
            page.flush()  # saved at once, not after the typing pause
            assert page.header.make_button.text() == "制作故事"
            assert page.header.export_button.text() == "导出"
            assert page.editor.continues_check.text() == "接续上一个镜头"
            assert page.strip.cards()[2].title == "镜头 3"
            assert page.strip.cards()[2].state_text == "尚未制作"
            assert page.header.estimate_label.text().startswith("3 个镜头 · 18 秒 · ≈ $0.84")
            assert "从镜头 2 视频的最后一帧开始" in page.editor.panel._stand_in.text()
            menu = page.strip.context_menu(page.strip.cards()[1].shot_id)
            assert [a.text() for a in menu.actions() if a.text()] == [
                "前移",
                "后移",
                "重新制作…",
                "移除镜头",
            ]
    finally:
        uninstall_translators(qapp)


def test_make_again_asks_with_the_shots_that_continue_and_their_total(qtbot):
    request = GenerationRequest("A lighthouse")
    shots = tuple(
        Shot(id=f"s{n}", story_id="t", position=n, request=request, continues=n > 1)
        for n in range(1, 4)
    )
    offer_total = total_estimate(shots)
    plan = remake_plan(shots, offer_total, demo=False)
    box = remake_question(None, plan)
    qtbot.addWidget(box)
    assert box.text() == "Make shot 2 again, with shots 3, 4?"
    assert "Shots 3, 4 continue from shot 2" in box.informativeText()
    assert "3 shots. Estimate: ≈ $0.84 (168 credits)" in box.informativeText()
    alone = remake_question(None, remake_plan(shots[2:], total_estimate(shots[2:]), demo=True))
    qtbot.addWidget(alone)
    assert alone.text() == "Make shot 4 again?"
    assert "Demo: nothing is billed." in alone.informativeText()


async def test_a_failed_shot_stops_those_that_continue_and_making_it_again_makes_them(tmp_path):
    async with open_window(tmp_path) as h:
        h.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.TASK_FAILS))
        page = stories_page(h.window)
        build_three_shots(page)
        page.header.make_button.click()
        story = page.story()

        def phases() -> list[Phase]:
            return [page.status(shot.id).phase for shot in story.shots]

        await until(lambda: phases() == [Phase.FAILED, Phase.BLOCKED, Phase.BLOCKED], timeout=60)
        await until(lambda: page._making == 0)
        cards = page.strip.cards()
        assert [card.state_text for card in cards] == [
            "Failed",
            "Stopped: shot 1 failed",
            "Stopped: shot 1 failed",
        ]
        assert "Shot 1 failed, so shot 2" in cards[1].toolTip()
        assert "could not be made" in h.window.toast.text()
        assert page.header.make_button.isEnabled()  # a failed story may be made again

        asked = []
        page._ask_remake = lambda _parent, plan: asked.append(plan) or True
        menu = page.strip.context_menu(story.shots[0].id)
        again = next(action for action in menu.actions() if action.text() == "Make again…")
        assert again.isEnabled()
        again.trigger()
        assert [shot.number for shot in asked[0].shots] == [1, 2, 3]
        assert asked[0].estimate == "Demo: nothing is billed."
        await until(lambda: phases() == [Phase.DONE] * 3, timeout=90)
