"""The New batch dialog: many videos at once, counted and priced before anything is queued.

Three sources (tabs): prompts pasted one per line, a CSV or `.txt` file, or a folder of pictures
animated with one prompt; a repeat count; the options of the form or of a preset. The plan is
read as the user types (pasted lines after a short pause, `engine.batch_plans.plan_text`; a
file or a folder in a worker thread, `plan_source`, so a long CSV never holds the window), and
the dialog shows what it makes ("13 videos · ≈ $3.64") or every problem by line and column;
Queue stays disabled until the input is clean. Above the per-batch amount of the settings
(`core.spend.needs_confirmation`) Queue asks once more; demo mode charges nothing and says so.
Queue starts the batch (`BatchCommands.start`, awaited in an owned task) and closes the dialog
(`batchQueued`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core import errors
from hailuo_desktop.core.batches import MAX_REPEAT, BatchPlan, BatchProblem
from hailuo_desktop.core.options import GenerationRequest, PriceTable
from hailuo_desktop.core.presets import without_media
from hailuo_desktop.core.spend import needs_confirmation
from hailuo_desktop.engine.batch_plans import plan_source, plan_text
from hailuo_desktop.ui.batches.access import BatchCommands
from hailuo_desktop.ui.batches.words import usd, videos
from hailuo_desktop.ui.common.colours import Tone, tone_color
from hailuo_desktop.ui.common.questions import Questions
from hailuo_desktop.ui.common.tasks import BackgroundTasks
from hailuo_desktop.ui.common.translators import translate_message
from hailuo_desktop.ui.common.wheel_guard import guard_wheel
from hailuo_desktop.ui.presets.access import PresetList

REPLAN_DELAY_MS = 250
"""The pause in typing after which the pasted prompts are read again."""
TITLE_CHARS = 40


class Source:
    """The tabs, in order."""

    LINES, FILE, FOLDER = range(3)


class BatchDialog(QDialog):
    """New batch (see the module docstring).

    Signals: batchQueued(object, int) — the saved `Batch` and how many videos it makes.
    """

    batchQueued = Signal(object, int)

    def __init__(
        self,
        queue: BatchCommands,
        *,
        form_request: GenerationRequest,
        presets: PresetList,
        prices: Callable[[], PriceTable],
        threshold_usd: Decimal | None,
        demo: bool,
        questions: Questions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._form = without_media(form_request)
        self._presets = presets
        self._prices = prices
        self._threshold = threshold_usd
        self._demo = demo
        self.questions = questions or Questions()
        self._plan = BatchPlan(())
        self._stale = True
        self._reading = 0  # the number of the latest reading; older results are dropped
        self._busy = False  # a file being read, or the batch being queued
        self._tasks = BackgroundTasks()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REPLAN_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

        self.tabs = QTabWidget()
        self.prompts_edit = QPlainTextEdit()
        self.file_edit = QLineEdit()
        self.file_button = QPushButton(self.tr("Choose file…"))
        self.reread_button = QPushButton(self.tr("Read again"))
        self.folder_edit = QLineEdit()
        self.folder_button = QPushButton(self.tr("Choose folder…"))
        self.folder_prompt_edit = QPlainTextEdit()
        self.options_combo = QComboBox()
        self.repeat_spin = QSpinBox()
        self.summary_label = QLabel()
        self.problems_label = QLabel()
        self.problems_list = QListWidget()
        self.demo_label = QLabel()
        self.buttons = QDialogButtonBox()
        self.queue_button = QPushButton()
        self._setup_ui()
        self._connect()
        self.refresh()
        self.prompts_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- public API ------------------------------------------------------------------------

    def plan(self) -> BatchPlan:
        """The plan as the inputs stand now (pasted lines read again at once if the user just
        typed; a file's or a folder's once its reading ends: `is_reading`)."""
        if self._stale:
            self.refresh()
        return self._plan

    def is_reading(self) -> bool:
        """A file or a folder is being read (or the batch queued): Queue waits."""
        return self._busy

    def set_source(self, source: int) -> None:
        self.tabs.setCurrentIndex(source)

    def open_file(self, path: str) -> None:
        """Read the CSV or text file at `path` (the Choose file… button's result)."""
        self.file_edit.setText(path)
        self.set_source(Source.FILE)
        self.refresh()

    def open_folder(self, path: str) -> None:
        """Use the pictures of the folder at `path` (the Choose folder… button's result)."""
        self.folder_edit.setText(path)
        self.set_source(Source.FOLDER)
        self.refresh()

    def problems(self) -> list[str]:
        """The problems listed, as shown (read again at once if the user just typed)."""
        self.plan()
        return [self.problems_list.item(row).text() for row in range(self.problems_list.count())]

    def refresh(self) -> None:
        """Read the inputs into a plan and show its count, estimate or problems (a file or a
        folder in the background: "Reading…" until then)."""
        self._timer.stop()
        self._stale = False
        self._reading += 1
        source, repeat = self.tabs.currentIndex(), self.repeat_spin.value()
        path = self.file_edit.text() if source == Source.FILE else self.folder_edit.text()
        if source == Source.LINES or not path:
            self._busy = False
            text = self.prompts_edit.toPlainText() if source == Source.LINES else ""
            self._plan = plan_text(text, self._base(), repeat=repeat) if text else BatchPlan(())
            self._show_plan()
            return
        self._busy = True
        self.summary_label.setText(self.tr("Reading…"))
        self.queue_button.setEnabled(False)
        self._tasks.start(self._read_source(self._reading, Path(path), repeat), name="batch plan")

    def done(self, result: int) -> None:
        """Closing drops a reading under way (a batch being saved finishes in the engine)."""
        self._reading += 1
        super().done(result)

    # --- layout ----------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setObjectName("batchDialog")
        self.setWindowTitle(self.tr("New batch"))
        self.setAccessibleName(self.tr("New batch"))
        self.resize(720, 600)
        intro = QLabel(
            self.tr(
                "Make many videos at once. Each one becomes an ordinary job in your list; the "
                "batch runs as a queue you can pause or cancel."
            )
        )
        intro.setWordWrap(True)

        self.tabs.setObjectName("batchSource")
        self.tabs.setAccessibleName(self.tr("Where the prompts come from"))
        self.prompts_edit.setObjectName("batchPromptsEdit")
        self.prompts_edit.setAccessibleName(self.tr("Prompts, one per line"))
        self.prompts_edit.setPlaceholderText(
            self.tr("One prompt per line, for example:\nA lighthouse at dawn\nA fox in the snow")
        )
        self.prompts_edit.setTabChangesFocus(True)
        self.tabs.addTab(self.prompts_edit, self.tr("Paste prompts"))

        file_page = QWidget()
        file_layout = QVBoxLayout(file_page)
        self.file_edit.setObjectName("batchFileEdit")
        self.file_edit.setAccessibleName(self.tr("CSV or text file"))
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("No file chosen"))
        self.file_button.setObjectName("batchFileButton")
        self.reread_button.setObjectName("batchRereadButton")
        self.reread_button.setToolTip(self.tr("Read the file again after fixing it"))
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.file_button)
        row.addWidget(self.reread_button)
        file_layout.addLayout(row)
        file_help = QLabel(
            self.tr(
                "A text file: one prompt per line. A CSV: a first line naming the columns — "
                "prompt (required), model, duration, resolution, aspect_ratio, first_frame, "
                "last_frame, repeat, preset. Picture paths are relative to the CSV's folder."
            )
        )
        file_help.setWordWrap(True)
        file_help.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        file_layout.addWidget(file_help)
        file_layout.addStretch(1)
        self.tabs.addTab(file_page, self.tr("CSV or text file"))

        folder_page = QWidget()
        folder_layout = QVBoxLayout(folder_page)
        self.folder_edit.setObjectName("batchFolderEdit")
        self.folder_edit.setAccessibleName(self.tr("Folder of pictures"))
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText(self.tr("No folder chosen"))
        self.folder_button.setObjectName("batchFolderButton")
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_button)
        folder_layout.addLayout(row)
        prompt_label = QLabel(self.tr("&Prompt for every picture (each picture is a first frame):"))
        prompt_label.setBuddy(self.folder_prompt_edit)
        folder_layout.addWidget(prompt_label)
        self.folder_prompt_edit.setObjectName("batchFolderPromptEdit")
        self.folder_prompt_edit.setAccessibleName(self.tr("Prompt for every picture"))
        self.folder_prompt_edit.setTabChangesFocus(True)
        self.folder_prompt_edit.setPlainText(self._form.prompt)
        folder_layout.addWidget(self.folder_prompt_edit, 1)
        self.tabs.addTab(folder_page, self.tr("Folder of pictures"))

        self.options_combo.setObjectName("batchOptionsCombo")
        self.options_combo.setAccessibleName(self.tr("Options of every video"))
        self.options_combo.addItem(
            self.tr("The form: {options}").format(options=_describe(self._form)), None
        )
        for preset in self._presets.all():
            label = self.tr("Preset: {name} ({options})").format(
                name=preset.name, options=_describe(preset.request)
            )
            self.options_combo.addItem(label, preset.name)
        self.repeat_spin.setObjectName("batchRepeatSpin")
        self.repeat_spin.setAccessibleName(self.tr("Repeat the whole batch"))
        self.repeat_spin.setRange(1, MAX_REPEAT)
        self.repeat_spin.setSuffix(self.tr(" ×"))
        self.repeat_spin.setToolTip(self.tr("Make every video this many times"))
        form = QFormLayout()
        form.addRow(self.tr("&Options:"), self.options_combo)
        form.addRow(self.tr("&Repeat:"), self.repeat_spin)

        self.summary_label.setObjectName("batchSummary")
        font = QFont(self.summary_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary_label.setFont(font)
        self.problems_label.setObjectName("batchProblemsTitle")
        self.problems_label.setWordWrap(True)
        self.problems_list.setObjectName("batchProblems")
        self.problems_list.setAccessibleName(self.tr("Problems to fix"))
        self.problems_list.setWordWrap(True)
        self.problems_list.setMinimumHeight(90)
        self.problems_list.setAlternatingRowColors(True)
        self.demo_label.setObjectName("batchDemoNote")
        self.demo_label.setText(
            self.tr("Demo mode: the built-in simulator makes these videos; nothing is charged.")
        )
        self.demo_label.setVisible(self._demo)
        self.demo_label.setWordWrap(True)

        for button in (self.file_button, self.reread_button, self.folder_button):
            button.setAutoDefault(False)  # Enter queues (when it may), never opens a file dialog
        self.queue_button.setObjectName("queueBatchButton")
        self.queue_button.setDefault(True)
        self.buttons.addButton(self.queue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems_list, 1)
        layout.addWidget(self.demo_label)
        layout.addWidget(self.buttons)
        guard_wheel(self)

    def _connect(self) -> None:
        self.prompts_edit.textChanged.connect(self._on_typed)
        self.folder_prompt_edit.textChanged.connect(self._on_typed)
        self.file_button.clicked.connect(self._on_choose_file)
        self.reread_button.clicked.connect(self.refresh)
        self.folder_button.clicked.connect(self._on_choose_folder)
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        self.options_combo.currentIndexChanged.connect(self._on_options_changed)
        self.repeat_spin.valueChanged.connect(lambda _value: self.refresh())
        self.problems_list.itemActivated.connect(self._on_problem_activated)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # as Generate's, also from the prompts
            QShortcut(QKeySequence(keys), self).activated.connect(self._on_queue)
        self.buttons.accepted.connect(self._on_queue)
        self.buttons.rejected.connect(self.reject)

    # --- reading ---------------------------------------------------------------------------

    def _base(self) -> GenerationRequest:
        name = self.options_combo.currentData()
        preset = self._presets.find(name) if name else None
        if preset is not None:
            return preset.request
        if self.tabs.currentIndex() == Source.FILE:
            return dataclasses.replace(self._form, prompt="")  # a CSV's empty prompt is a problem
        return self._form

    async def _read_source(self, reading: int, path: Path, repeat: int) -> None:
        """Plan the file or folder at `path` off the loop and show it, unless newer inputs
        were read meanwhile."""
        base = self._base()
        if self.tabs.currentIndex() == Source.FOLDER:
            base = dataclasses.replace(base, prompt=self.folder_prompt_edit.toPlainText().strip())
        presets = {preset.name: preset.request for preset in self._presets.by_name().values()}
        try:
            plan = await plan_source(path, base, presets=presets, repeat=repeat)
        except errors.HailuoError as error:
            plan = _nothing(translate_message(error.message))
        if reading != self._reading:
            return
        self._busy = False
        self._plan = plan
        self._show_plan()

    # --- showing ---------------------------------------------------------------------------

    def _show_plan(self) -> None:
        plan = self._plan
        empty = self._input_is_empty()
        clean = not plan.problems and plan.videos > 0
        self.problems_list.clear()
        shown = [] if empty else plan.problems
        for problem in shown:
            item = QListWidgetItem(translate_message(problem.message))
            item.setData(Qt.ItemDataRole.UserRole, problem.line)
            self.problems_list.addItem(item)
        self.problems_list.setVisible(bool(shown))
        self.problems_label.setVisible(bool(shown))
        self.problems_label.setText(self._problems_hint())
        palette = self.summary_label.palette()
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        if shown:
            colour = tone_color(self.palette(), Tone.ERROR, background=QPalette.ColorRole.Window)
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.summary_label.setPalette(palette)
        self.summary_label.setText(self._summary(plan, empty))
        self.queue_button.setEnabled(clean and not self._busy)
        queue = self.tr("Queue {videos}").format(videos=videos(plan.videos))
        self.queue_button.setText(queue if clean else self.tr("Queue"))

    def _input_is_empty(self) -> bool:
        """Nothing pasted, or no file or folder chosen yet: no problem to list."""
        source = self.tabs.currentIndex()
        if source == Source.LINES:
            return not self.prompts_edit.toPlainText().strip()
        if source == Source.FILE:
            return not self.file_edit.text()
        return not self.folder_edit.text()

    def _summary(self, plan: BatchPlan, empty: bool) -> str:
        if empty:
            return {
                Source.LINES: self.tr("Nothing to queue yet: paste one prompt per line."),
                Source.FILE: self.tr("Nothing to queue yet: choose a CSV or text file."),
                Source.FOLDER: self.tr("Nothing to queue yet: choose a folder of pictures."),
            }[self.tabs.currentIndex()]
        if plan.problems:
            if len(plan.problems) == 1:
                return self.tr("Not ready: 1 problem to fix")
            return self.tr("Not ready: {count} problems to fix").format(count=len(plan.problems))
        estimate = plan.estimate(self._prices())
        text = f"{videos(plan.videos)} · {usd(estimate.usd)}"
        if estimate.guess:
            text += self.tr(" — a guess, no published price")
        if estimate.unpriced:
            text += " " + self.tr("({count} without a published price)").format(
                count=estimate.unpriced
            )
        return text

    def _problems_hint(self) -> str:
        if self.tabs.currentIndex() == Source.FILE:
            return self.tr(
                "Nothing is queued until the file is clean. Fix these lines in the file, save "
                "it, then press Read again."
            )
        if self.tabs.currentIndex() == Source.LINES:
            return self.tr(
                "Nothing is queued until every line is fixed. Press Enter on a problem to go "
                "to its line."
            )
        return self.tr("Nothing is queued until this is fixed.")

    # --- slots -----------------------------------------------------------------------------

    def _on_typed(self) -> None:
        if self.tabs.currentIndex() == Source.LINES:
            self._stale = True
        self._timer.start()

    def _on_options_changed(self, _index: int) -> None:
        if not self.folder_prompt_edit.toPlainText().strip():
            self.folder_prompt_edit.setPlainText(self._base().prompt)
        self.refresh()

    def _on_choose_file(self) -> None:
        path = self.questions.open_file(
            self,
            self.tr("Open a batch file"),
            self.tr("CSV or text files (*.csv *.txt);;All files (*)"),
        )
        if path:
            self.open_file(path)

    def _on_choose_folder(self) -> None:
        path = self.questions.folder(self, self.tr("Choose a folder of pictures"))
        if path:
            self.open_folder(path)

    def _on_problem_activated(self, item: QListWidgetItem) -> None:
        """A pasted prompt's problem: the cursor goes to its line."""
        line = item.data(Qt.ItemDataRole.UserRole)
        if self.tabs.currentIndex() != Source.LINES or not isinstance(line, int):
            return
        block = self.prompts_edit.document().findBlockByNumber(line - 1)
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.prompts_edit.setTextCursor(cursor)
        self.prompts_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_queue(self) -> None:
        plan = self.plan()
        if self._busy or plan.problems or plan.videos == 0:
            return
        estimate = plan.estimate(self._prices())
        if not self._demo and needs_confirmation(estimate.usd, self._threshold):
            question = self.tr("Queue {videos} for about ${usd}?").format(
                videos=videos(plan.videos), usd=f"{estimate.usd:.2f}"
            )
            detail = self.tr(
                "They are sent a few at a time and paid like any video. You can pause or cancel "
                "the videos not started yet."
            )
            agreed = self.questions.yes_no(
                self,
                self.tr("Queue this batch?"),
                f"{question}\n\n{detail}",
                self.tr("Queue {videos}").format(videos=videos(plan.videos)),
            )
            if not agreed:
                return
        self._busy = True
        self.queue_button.setEnabled(False)
        self.queue_button.setText(self.tr("Queuing…"))
        self._tasks.start(self._start(plan, self._title()), name="queue batch")

    async def _start(self, plan: BatchPlan, title: str) -> None:
        """Save and start the batch; close with `batchQueued`, or say why not."""
        try:
            batch = await self._queue.start(plan, title=title)
        except errors.HailuoError as error:
            self._busy = False
            self._show_plan()
            self.questions.tell(
                self, self.tr("The batch was not queued"), translate_message(error.message)
            )
            return
        self.batchQueued.emit(batch, plan.videos)
        self.accept()

    def _title(self) -> str:
        source = self.tabs.currentIndex()
        if source == Source.FILE:
            return Path(self.file_edit.text()).name
        if source == Source.FOLDER:
            return Path(self.folder_edit.text()).name or self.folder_edit.text()
        first = self._plan.rows[0].request.prompt if self._plan.rows else ""
        return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1] + "…"


def _nothing(reason: str) -> BatchPlan:
    """A plan without rows, for want of a file or a folder."""
    return BatchPlan((), (BatchProblem(None, None, reason),))


def _describe(request: GenerationRequest) -> str:
    """ "Hailuo 2.3 · 6 s · 768p" """
    parts = [request.spec.label, f"{request.duration} s", request.resolution.value]
    if request.aspect_ratio is not None:
        parts.append(request.aspect_ratio.value)
    return " · ".join(parts)
