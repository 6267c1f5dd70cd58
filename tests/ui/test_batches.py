"""The New batch dialog and the batch bar, with real widgets: a bad CSV listed by line and
queued never; a clean paste queued into a BatchQueue over the in-process simulator and followed
by the bar to the end; pause, resume and cancel from the bar; the confirmation above the
per-batch amount. Async tests run on the qasync loop and await conditions (never qtbot.wait*)."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from hailuo_desktop.core.batch_file import plan_lines
from hailuo_desktop.core.batches import Batch, BatchState
from hailuo_desktop.core.models import Model, Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.store.history import HistoryBusy
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.ui.batches.dialog import BatchDialog, Source
from hailuo_desktop.ui.presets.access import PresetList
from tests.helpers import png_bytes, until
from tests.ui.batch_fakes import ScriptedQuestions, batch_window

BAD_CSV = (
    "prompt,duration,resolution\n"
    "A lighthouse at dawn,6,768p\n"
    "A fox in the snow,7,768p\n"  # line 3: no 7-second clips
    "A harbour at night,10,1080p\n"  # line 4: 1080p is 6 s only on 2.3
    "A kite,6,4K\n"  # line 5: no such resolution
)


class RecordingQueue:
    """A queue that only records what the dialog asked it to start."""

    def __init__(self) -> None:
        self.started: list[tuple[object, str]] = []

    async def start(self, plan, *, title, out_dir=None):
        self.started.append((plan, title))
        return Batch(f"b{len(self.started)}", title, 0.0)


FORM = GenerationRequest("From the form")


@contextlib.contextmanager
def dialog_over(
    queue,
    questions=None,
    *,
    threshold=Decimal("5"),
    demo=False,
    form=FORM,
):
    """The dialog shown over the form `form` (2.3, 6 s, 768p), closed afterwards."""
    dialog = BatchDialog(
        queue,
        form_request=form,
        presets=PresetList((), ()),
        prices=lambda: Settings().prices,
        threshold_usd=threshold,
        demo=demo,
        questions=questions or ScriptedQuestions(),
    )
    dialog.show()
    try:
        yield dialog
    finally:
        dialog.close()
        dialog.deleteLater()


async def read(dialog: BatchDialog) -> None:
    """Wait for the dialog's reading of a file or a folder (a worker thread) to end."""
    await until(lambda: not dialog.is_reading())


async def test_a_bad_csv_lists_its_lines_and_queues_nothing(tmp_path):
    csv = tmp_path / "batch.csv"
    csv.write_text(BAD_CSV, encoding="utf-8")
    queue = RecordingQueue()
    with dialog_over(queue, ScriptedQuestions(str(csv))) as dialog:
        dialog.set_source(Source.FILE)
        dialog.file_button.click()
        assert dialog.summary_label.text() == "Reading…" and not dialog.queue_button.isEnabled()
        await read(dialog)
        problems = dialog.problems()
        assert [p.split(",")[0] for p in problems] == ["line 3", "line 4", "line 5"]
        assert "column duration" in problems[0] and "column resolution" in problems[2]
        assert dialog.problems_list.isVisible()
        assert dialog.summary_label.text() == "Not ready: 3 problems to fix"
        assert not dialog.queue_button.isEnabled()
        QTest.keyClick(dialog, Qt.Key.Key_Return)
        dialog.buttons.accepted.emit()  # even a forced Queue queues nothing
        assert queue.started == [] and dialog.isVisible()

        csv.write_text("prompt,duration\nA lighthouse at dawn,6\nA fox in the snow,10\n", "utf-8")
        dialog.reread_button.click()
        await read(dialog)
        assert dialog.problems() == []
        assert dialog.summary_label.text().startswith("2 videos · ≈ $")
        assert dialog.queue_button.isEnabled() and dialog.queue_button.text() == "Queue 2 videos"
        dialog.queue_button.click()
        await until(lambda: not dialog.isVisible())
        assert queue.started[0][1] == "batch.csv"


async def test_an_unreadable_file_says_why():
    with dialog_over(RecordingQueue()) as dialog:
        dialog.open_file("/nonexistent/prompts.txt")
        await read(dialog)
        assert dialog.problems()[0].startswith("/nonexistent/prompts.txt cannot be read")


def test_pasted_prompts_show_their_count_and_estimate_with_the_repeat():
    with dialog_over(RecordingQueue()) as dialog:
        assert dialog.summary_label.text() == "Nothing to queue yet: paste one prompt per line."
        assert not dialog.problems_list.isVisible()
        dialog.prompts_edit.setPlainText("A lighthouse\n\nA fox\nA kite\n")
        assert dialog.plan().videos == 3
        dialog.repeat_spin.setValue(4)
        assert dialog.plan().videos == 12
        assert dialog.summary_label.text() == "12 videos · ≈ $3.36"  # 12 × $0.28 (2.3, 6 s, 768p)
        dialog.prompts_edit.setPlainText("x" * 2100)
        assert dialog.problems()[0].startswith("line 1: ")
        assert not dialog.queue_button.isEnabled()


def test_an_estimate_resting_on_a_guessed_price_says_so():
    form = GenerationRequest("x", model=Model.HAILUO_02, resolution=Resolution.P512)
    with dialog_over(RecordingQueue(), form=form) as dialog:
        dialog.prompts_edit.setPlainText("A lighthouse\nA fox\n")
        assert dialog.plan().videos == 2
        assert dialog.summary_label.text() == (
            "2 videos · ≈ $0.20 — a guess, no published price"  # 2 × $0.10 (02, 6 s, 512p)
        )


async def test_above_the_per_batch_amount_queue_asks_once_more():
    queue = RecordingQueue()
    questions = ScriptedQuestions(False, True)
    with dialog_over(queue, questions, threshold=Decimal("1")) as dialog:
        queued = []
        dialog.batchQueued.connect(lambda batch, videos: queued.append(videos))
        dialog.prompts_edit.setPlainText("\n".join(f"A kite {n}" for n in range(13)))
        dialog.plan()  # what the pause in typing does
        dialog.queue_button.click()
        assert len(questions.asked) == 1
        assert questions.asked[0].startswith("Queue 13 videos for about $3.64?\n")
        assert queue.started == []  # said no
        dialog.queue_button.click()
        assert dialog.queue_button.text() == "Queuing…" and not dialog.queue_button.isEnabled()
        await until(lambda: queued == [13])
        assert len(queue.started) == 1 and queue.started[0][1] == "A kite 0"
        assert not dialog.isVisible()


async def test_a_folder_of_pictures_makes_one_video_per_picture_with_the_prompt(tmp_path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    for name in ("b.png", "a.png", "c.jpg"):
        (folder / name).write_bytes(png_bytes(800, 600))
    (folder / "notes.txt").write_text("not a picture", encoding="utf-8")
    queue = RecordingQueue()
    with dialog_over(queue, ScriptedQuestions(str(folder))) as dialog:
        dialog.set_source(Source.FOLDER)
        assert dialog.folder_prompt_edit.isVisible()
        assert dialog.folder_prompt_edit.toPlainText() == "From the form"
        dialog.folder_button.click()
        dialog.folder_prompt_edit.setPlainText("The picture comes alive [Push in]")
        dialog.refresh()  # what the pause in typing does
        await read(dialog)
        rows = dialog.plan().rows
        assert [Path(row.request.first_frame).name for row in rows] == ["a.png", "b.png", "c.jpg"]
        assert {row.request.prompt for row in rows} == {"The picture comes alive [Push in]"}
        dialog.queue_button.click()
        await until(lambda: queue.started)
        assert queue.started[0][1] == "pictures"


async def test_the_dialog_opens_on_the_prompts_and_is_worked_with_keys():
    queue = RecordingQueue()
    with dialog_over(queue) as dialog:
        await until(dialog.prompts_edit.hasFocus)
        QTest.keyClicks(dialog.prompts_edit, "A lighthouse")
        QTest.keyClick(dialog.prompts_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: queue.started)  # Ctrl+Enter queues, as it generates in the window
        assert queue.started[0][0].videos == 1
    with dialog_over(queue) as again:
        await until(again.prompts_edit.hasFocus)
        QTest.keyClicks(again.prompts_edit, "A fox")
        QTest.keyClick(again.prompts_edit, Qt.Key.Key_Tab)  # Tab leaves the prompts
        assert again.focusWidget() is again.options_combo
        again.plan()
        QTest.keyClick(again.options_combo, Qt.Key.Key_Return)  # Enter: the default button
        await until(lambda: len(queue.started) == 2)


async def test_in_demo_mode_nothing_is_asked_and_the_dialog_says_nothing_is_charged():
    queue = RecordingQueue()
    with dialog_over(queue, ScriptedQuestions(), threshold=None, demo=True) as dialog:
        assert dialog.demo_label.isVisible() and "nothing is charged" in dialog.demo_label.text()
        dialog.prompts_edit.setPlainText("A kite")
        dialog.plan()
        dialog.queue_button.click()
        await until(lambda: queue.started)


# --- the window with a batch queue over the in-process simulator ------------------------------


async def test_a_clean_paste_queues_its_rows_and_the_bar_follows_them_to_the_end(tmp_path):
    async with batch_window(tmp_path) as (window, _queue, sim):
        bar = window.batch_bar
        assert bar is not None and not bar.isVisible()
        dialog = window.open_batch_dialog()
        assert dialog is not None
        dialog.prompts_edit.setPlainText("\n".join(f"A paper boat {n}" for n in range(6)))
        await until(lambda: dialog.queue_button.isEnabled())  # after the pause in typing
        dialog.queue_button.click()
        await until(lambda: not dialog.isVisible())
        assert window.toast.text().startswith("Queued 6 videos — “A paper boat 0”")
        assert bar.isVisible() and len(bar.lines()) == 1
        line = bar.lines()[0]
        assert line.title_label.text() == "A paper boat 0"
        assert line.spent_label.text() == "demo: nothing charged"
        await until(lambda: line.progress.done >= 1, timeout=30)
        assert " done · " in line.counts_label.text()
        await until(lambda: not bar.lines(), timeout=60)
        assert not bar.isVisible()
        assert window.toast.text() == "Batch “A paper boat 0” finished: 6 done, 0 failed."
        assert sim.stats["create"] == 6 and window.model.rowCount() == 6


async def test_pause_resume_and_cancel_from_the_bar(tmp_path):
    questions = ScriptedQuestions(True)
    async with batch_window(tmp_path) as (window, queue, sim):
        bar = window.batch_bar
        assert bar is not None
        bar.questions = questions
        request = GenerationRequest("unused")

        batch = await queue.start(
            plan_lines("\n".join(f"A cloud {n}" for n in range(8)), request), title="clouds"
        )
        line = bar.line(batch.id)
        assert line is not None
        line.pause_button.click()  # before the feeder's first turn: nothing is sent
        assert queue.progress(batch.id).waiting == 8
        assert line.counts_label.text() == "Paused · 0 done · 0 running · 8 waiting"
        assert line.pause_button.text() == "Resume"
        line.pause_button.click()
        await until(lambda: line.progress.done + line.progress.running >= 3, timeout=30)
        line.pause_button.click()
        assert line.batch.state is BatchState.PAUSED
        left = line.progress.waiting
        assert left > 0
        line.cancel_button.click()
        assert questions.asked[0].startswith(f"Cancel the {left} videos not started?")
        await until(lambda: bar.line(batch.id) is None, timeout=60)
        assert "cancelled" in window.toast.text()
        assert sim.stats["create"] == 8 - left
        assert queue.progress(batch.id).cancelled == left
        await queue.wait(batch.id)  # its last jobs' followers have let go before the window closes


async def test_the_bar_restores_a_paused_batch_after_a_restart(tmp_path):
    async with batch_window(tmp_path) as (window, queue, _sim):
        batch = await queue.start(plan_lines("A\nB\nC", GenerationRequest("x")), title="later")
        queue.pause(batch.id)
    async with batch_window(tmp_path) as (window, queue, sim):
        bar = window.batch_bar
        assert bar is not None and bar.isVisible()
        line = bar.line(batch.id)
        assert line is not None and line.pause_button.text() == "Resume"
        assert line.counts_label.text() == "Paused · 0 done · 0 running · 3 waiting"
        assert sim.stats.get("create", 0) == 0


async def test_rows_held_by_a_cap_show_its_message_and_run_once_the_cap_is_raised(tmp_path):
    async with batch_window(tmp_path, daily_cap=Decimal("0.60")) as (window, queue, sim):
        bar = window.batch_bar
        assert bar is not None
        batch = await queue.start(plan_lines("A\nB\nC\nD", GenerationRequest("x")), title="capped")
        line = bar.line(batch.id)
        assert line is not None
        await until(lambda: line.progress.held == 2, timeout=30)  # 2 × $0.28 fit under $0.60
        assert line.held_label.isVisible() and line.settings_button.isVisible()
        assert line.held_label.text().startswith("2 videos held: This video (≈ $0.28) would pass")
        assert "today's cap of $0.60" in line.held_label.text()
        assert line.spent_label.text() == "≈ $0.56 spent"
        line.settings_button.click()
        dialog = window.findChild(QDialog, "settingsDialog")
        assert dialog is not None and dialog.isVisible()
        dialog.reject()
        window.settings.daily_cap_usd = Decimal("5")
        window._on_settings_saved()  # what saving the Settings dialog does
        await until(lambda: bar.line(batch.id) is None, timeout=60)
        assert window.toast.text() == "Batch “capped” finished: 4 done, 0 failed."
        assert sim.stats["create"] == 4
        await queue.wait(batch.id)


async def test_held_rows_are_tried_again_from_the_bar(tmp_path):
    async with batch_window(tmp_path, daily_cap=Decimal("0.60")) as (window, queue, sim):
        bar = window.batch_bar
        assert bar is not None
        batch = await queue.start(plan_lines("A\nB\nC\nD", GenerationRequest("x")), title="capped")
        line = bar.line(batch.id)
        assert line is not None
        await until(lambda: line.progress.held == 2 and line.progress.running == 0, timeout=30)
        assert line.try_again_button.isVisible() and line.try_again_button.isEnabled()
        line.try_again_button.click()  # the cap still refuses them: held again
        await queue.wait(batch.id)
        assert line.progress.held == 2 and "today's cap of $0.60" in line.held_label.text()
        window.settings.daily_cap_usd = Decimal("0.84")  # one more, e.g. set in another window
        line.try_again_button.click()
        await until(lambda: line.progress.done == 3 and line.progress.held == 1, timeout=30)
        window.settings.daily_cap_usd = None
        line.try_again_button.click()
        await until(lambda: bar.line(batch.id) is None, timeout=60)
        assert sim.stats["create"] == 4
        await queue.wait(batch.id)


async def test_a_busy_history_met_by_the_bars_buttons_is_a_toast(tmp_path, monkeypatch):
    async with batch_window(tmp_path) as (window, queue, _sim):
        bar = window.batch_bar
        assert bar is not None
        batch = await queue.start(plan_lines("A\nB\nC", GenerationRequest("x")), title="busy")
        line = bar.line(batch.id)
        assert line is not None

        def busy(*_args):
            raise HistoryBusy("another process is writing")

        monkeypatch.setattr(queue._store, "set_state", busy)
        line.pause_button.click()
        assert window.toast.text().startswith("Another program is using the job history")
        monkeypatch.undo()
        assert queue.batch(batch.id).state is BatchState.RUNNING
        await queue.wait(batch.id)


async def test_a_500_row_batch_is_counted_by_the_engine_not_row_by_row(tmp_path):
    async with batch_window(tmp_path) as (window, queue, _sim):
        bar = window.batch_bar
        assert bar is not None

        def no_rows(_batch_id):
            raise AssertionError("the bar must not read a batch's rows")

        queue.rows = no_rows
        prompts = "\n".join(f"A paper lantern {n}" for n in range(500))
        dialog = window.open_batch_dialog()
        assert dialog is not None
        dialog.prompts_edit.setPlainText(prompts)
        assert dialog.plan().videos == 500
        assert dialog.summary_label.text() == "500 videos · ≈ $140.00"
        dialog.queue_button.click()  # demo mode: no question
        await until(lambda: bar.lines())
        line = bar.lines()[0]
        bar.lines()[0].pause_button.click()
        assert line.progress.total == 500
        assert line.counts_label.text().endswith(f"{line.progress.waiting} waiting")


async def test_several_batches_get_a_line_each_and_more_than_three_scroll(tmp_path):
    async with batch_window(tmp_path) as (window, queue, _sim):
        bar = window.batch_bar
        assert bar is not None
        batches = []
        for name in ("first", "second", "third", "fourth"):
            batch = await queue.start(plan_lines("A\nB", GenerationRequest("x")), title=name)
            queue.pause(batch.id)
            batches.append(batch)
        assert [line.title_label.text() for line in bar.lines()] == [
            "first",
            "second",
            "third",
            "fourth",
        ]
        one = bar.lines()[0].sizeHint().height()
        assert 3 * one <= bar.height() < 4 * one  # the fourth scrolls
        queue.cancel(batches[0].id)
        await until(lambda: len(bar.lines()) == 3)
        assert window.toast.text() == "Batch “first” cancelled: 0 done, 0 failed."
