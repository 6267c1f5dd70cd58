"""The batch bar: a slim strip above the videos while a batch is unfinished.

One line per unfinished batch: its title, "5 done · 2 running · 6 waiting · 1 failed", what it
has spent, a progress bar, Pause/Resume and Cancel (which asks first: only the videos not
started are cancelled). Rows held by a spending cap (or an empty balance, a refused key) show
the message, "Try again" (the queue's resume: what still refuses them holds them again) and a
"Settings…" link. The bar follows the queue's events (`BatchEvent`, counted by the engine:
the bar never reads the rows), so a 500-row batch costs one label update per event; a batch
leaves the bar when it is done, or cancelled with nothing left under way (`batchEnded`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core import errors
from hailuo_desktop.core.batches import Batch, BatchProgress, BatchState
from hailuo_desktop.engine.batches import BatchEvent
from hailuo_desktop.ui.batches.access import BatchCommands
from hailuo_desktop.ui.batches.words import usd, videos
from hailuo_desktop.ui.common.colours import Tone, tone_color
from hailuo_desktop.ui.common.questions import Questions
from hailuo_desktop.ui.common.translators import translate_message

MAX_LINES_SHOWN = 3
"""More unfinished batches than this scroll inside the bar."""


def ended(batch: Batch, progress: BatchProgress) -> bool:
    """Whether the batch leaves the bar: done, or cancelled with nothing under way."""
    if batch.state is BatchState.DONE:
        return True
    return batch.state is BatchState.CANCELLED and progress.running == 0


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when narrower than its text (the full text stays
    `text()` and the tooltip)."""

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        area = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, area.width()
        )
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            area,
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


class BatchLine(QFrame):
    """One batch in the bar. Signals: pauseClicked(str), resumeClicked(str),
    cancelClicked(str), settingsClicked()."""

    pauseClicked = Signal(str)
    resumeClicked = Signal(str)
    cancelClicked = Signal(str)
    settingsClicked = Signal()

    def __init__(self, batch: Batch, *, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.batch = batch
        self.progress = BatchProgress()
        self._demo = demo
        self.title_label = ElidedLabel()
        self.counts_label = QLabel()
        self.spent_label = QLabel()
        self.progress_bar = QProgressBar()
        self.pause_button = QPushButton()
        self.cancel_button = QPushButton(self.tr("Cancel…"))
        self.held_label = QLabel()
        self.settings_button = QPushButton(self.tr("Settings…"))
        self.try_again_button = QPushButton(self.tr("Try again"))
        self._held_row = QWidget()
        self._setup_ui()
        self.pause_button.clicked.connect(self._on_pause)
        self.cancel_button.clicked.connect(lambda: self.cancelClicked.emit(self.batch.id))
        self.settings_button.clicked.connect(self.settingsClicked)
        self.try_again_button.clicked.connect(lambda: self.resumeClicked.emit(self.batch.id))

    def update_from(self, batch: Batch, progress: BatchProgress) -> None:
        self.batch, self.progress = batch, progress
        self.title_label.setText(batch.title)
        self.title_label.setToolTip(batch.title)
        self.counts_label.setText(self.counts_text())
        if self._demo:
            self.spent_label.setText(self.tr("demo: nothing charged"))
        else:
            self.spent_label.setText(self.tr("{usd} spent").format(usd=usd(progress.spent_usd)))
        counted = progress.total - progress.cancelled
        self.progress_bar.setRange(0, max(1, counted))
        self.progress_bar.setValue(progress.done + progress.failed)
        self.progress_bar.setAccessibleName(
            self.tr("Progress of the batch {title}").format(title=batch.title)
        )
        paused = batch.state is BatchState.PAUSED
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.pause_button.setToolTip(
            self.tr("Send the waiting videos again")
            if paused
            else self.tr("Send no more videos for now; those under way finish")
        )
        unfinished = batch.state in (BatchState.RUNNING, BatchState.PAUSED)
        self.pause_button.setEnabled(unfinished and (progress.waiting > 0 or paused))
        self.cancel_button.setEnabled(unfinished and progress.waiting + progress.held > 0)
        held = progress.held > 0 and batch.held_reason is not None
        self._held_row.setVisible(held)
        if held and batch.held_reason is not None:
            self.held_label.setText(
                self.tr("{count} held: {reason}").format(
                    count=videos(progress.held), reason=translate_message(batch.held_reason)
                )
            )

    def counts_text(self) -> str:
        """ "Paused · 5 done · 2 running · 6 waiting · 1 failed" """
        p = self.progress
        parts = [
            self.tr("{count} done").format(count=p.done),
            self.tr("{count} running").format(count=p.running),
            self.tr("{count} waiting").format(count=p.waiting),
        ]
        if p.failed:
            parts.append(self.tr("{count} failed").format(count=p.failed))
        if p.held:
            parts.append(self.tr("{count} held").format(count=p.held))
        if p.cancelled:
            parts.append(self.tr("{count} cancelled").format(count=p.cancelled))
        if self.batch.state is BatchState.PAUSED:
            parts.insert(0, self.tr("Paused"))
        elif self.batch.state is BatchState.CANCELLED:
            parts.insert(0, self.tr("Cancelled"))
        return " · ".join(parts)

    def _setup_ui(self) -> None:
        self.setObjectName("batchLine")
        self.title_label.setObjectName("batchTitle")
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setMinimumWidth(80)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.counts_label.setObjectName("batchCounts")
        self.spent_label.setObjectName("batchSpent")
        self.spent_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.progress_bar.setObjectName("batchProgress")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.pause_button.setObjectName("batchPauseButton")
        self.cancel_button.setObjectName("batchCancelButton")
        self.cancel_button.setToolTip(self.tr("Cancel the videos not started yet"))
        self.held_label.setObjectName("batchHeld")
        self.held_label.setWordWrap(True)
        palette = self.held_label.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText,
            tone_color(self.palette(), Tone.WARNING, background=QPalette.ColorRole.Window),
        )
        self.held_label.setPalette(palette)
        self.settings_button.setObjectName("batchSettingsLink")
        self.settings_button.setFlat(True)
        self.settings_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.try_again_button.setObjectName("batchTryAgainButton")
        self.try_again_button.setToolTip(
            self.tr("Send the held videos again (after raising the cap or topping up)")
        )

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.counts_label)
        top.addWidget(self.spent_label)
        top.addWidget(self.pause_button)
        top.addWidget(self.cancel_button)
        held = QHBoxLayout(self._held_row)
        held.setContentsMargins(0, 0, 0, 0)
        held.addWidget(self.held_label, 1)
        held.addWidget(self.try_again_button)
        held.addWidget(self.settings_button)
        self._held_row.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 2, 0, 2)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.progress_bar)
        column.addWidget(self._held_row)

    def _on_pause(self) -> None:
        if self.batch.state is BatchState.PAUSED:
            self.resumeClicked.emit(self.batch.id)
        else:
            self.pauseClicked.emit(self.batch.id)


class BatchBar(QFrame):
    """The strip of unfinished batches (hidden when there is none).

    Signals: settingsRequested() — a held batch's "Settings…"; batchEnded(object, object) —
    a batch left the bar (its `Batch` and `BatchProgress`), for the window's notice.
    """

    settingsRequested = Signal()
    batchEnded = Signal(object, object)

    def __init__(
        self,
        queue: BatchCommands,
        *,
        demo: bool,
        questions: Questions | None = None,
        notify: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`notify` shows a plain message (the window's toast) when a command could not be
        carried out; without it, a message box tells it."""
        super().__init__(parent)
        self._queue = queue
        self._notify = notify
        self._demo = demo
        self.questions = questions or Questions()
        self._lines: dict[str, BatchLine] = {}
        self._scroll = QScrollArea()
        holder = QWidget()
        self._column = QVBoxLayout(holder)
        self.setObjectName("batchBar")
        self.setAccessibleName(self.tr("Batches"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self._column.setContentsMargins(10, 6, 10, 6)
        self._column.setSpacing(6)
        self._column.addStretch(1)
        self._scroll.setWidget(holder)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder.setAutoFillBackground(False)
        self._scroll.viewport().setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)
        self.hide()
        self._unsubscribe = queue.subscribe(self._on_event)

    # --- public API ------------------------------------------------------------------------

    def restore(self) -> None:
        """Pick up the unfinished batches after a restart (once the runner has resumed its
        jobs): a paused batch stays paused."""
        for batch in self._queue.restore():
            self.show_batch(batch, self._queue.progress(batch.id))

    def show_batch(self, batch: Batch, progress: BatchProgress) -> None:
        """Add or update the batch's line (or take it away once it has ended)."""
        line = self._lines.get(batch.id)
        if ended(batch, progress):
            if line is not None:
                del self._lines[batch.id]
                line.hide()
                line.deleteLater()
                self._fit()
                self.setVisible(bool(self._lines))
                self.batchEnded.emit(batch, progress)
            return
        if line is None:
            line = BatchLine(batch, demo=self._demo, parent=self)
            line.pauseClicked.connect(lambda batch_id: self._command(self._queue.pause, batch_id))
            line.resumeClicked.connect(lambda batch_id: self._command(self._queue.resume, batch_id))
            line.cancelClicked.connect(self._on_cancel)
            line.settingsClicked.connect(self.settingsRequested)
            self._lines[batch.id] = line
            self._column.insertWidget(0, line)  # newest first
        line.update_from(batch, progress)
        self._fit()
        self.show()

    def line(self, batch_id: str) -> BatchLine | None:
        return self._lines.get(batch_id)

    def lines(self) -> list[BatchLine]:
        return list(self._lines.values())

    def _fit(self) -> None:
        """As tall as its lines, up to `MAX_LINES_SHOWN` of them (the rest scroll), so the
        videos below keep their room."""
        lines = sorted(self._lines.values(), key=self._column.indexOf)[:MAX_LINES_SHOWN]
        margins = self._column.contentsMargins()
        width = self._scroll.viewport().width() - margins.left() - margins.right()
        height = sum(
            line.heightForWidth(width)
            if width > 0 and line.hasHeightForWidth()
            else line.sizeHint().height()
            for line in lines
        )
        height += self._column.spacing() * max(0, len(lines) - 1)
        self._scroll.setFixedHeight(height + margins.top() + margins.bottom())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()  # a held line's message wraps differently

    def detach(self) -> None:
        """Stop following the queue (the window closes)."""
        self._unsubscribe()

    # --- slots -----------------------------------------------------------------------------

    def _on_event(self, event: BatchEvent) -> None:
        self.show_batch(event.batch, event.progress)

    def _on_cancel(self, batch_id: str) -> None:
        line = self._lines.get(batch_id)
        if line is None:
            return
        progress = line.progress
        not_started = progress.waiting + progress.held
        question = self.tr("Cancel the {videos} not started?").format(videos=videos(not_started))
        if progress.running:
            question += " " + self.tr("Videos under way finish.")
        if self.questions.yes_no(
            self,
            self.tr("Cancel the batch?"),
            question,
            self.tr("Cancel {videos}").format(videos=videos(not_started)),
        ):
            self._command(self._queue.cancel, batch_id)

    def _command(self, command: Callable[[str], object], batch_id: str) -> None:
        """Pause, resume or cancel; a refusal (a busy history) is said in plain words."""
        try:
            command(batch_id)
        except errors.HailuoError as refused:
            text = translate_message(refused.message)
            if self._notify is not None:
                self._notify(text)
            else:
                self.questions.tell(self, self.tr("The batch was not changed"), text)
