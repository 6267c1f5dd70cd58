"""The Jobs panel: every generation as a gallery tile or a list card, with search, a state
filter, the view switch and job actions.

`JobListView` puts the gallery (`gallery.GalleryView`, tiles painted by `tile.TileDelegate`) and
the compact list (cards painted by `card.JobDelegate`) over one filtered `JobListModel`, sharing
one selection, with the search box, the state filter, the gallery/list switch (`switch.py`, the
choice kept in `Settings.job_layout`) and the action buttons, and turns the user's choices into
signals for the main window; it never changes the engine or the history itself.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStackedLayout,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.store.settings import JobLayout, Settings
from hailuo_desktop.ui.common.glyphs import standard_icon
from hailuo_desktop.ui.jobs.card import JobDelegate
from hailuo_desktop.ui.jobs.confirm import ask_before_retry
from hailuo_desktop.ui.jobs.gallery import GalleryView
from hailuo_desktop.ui.jobs.model import JobFilterProxy, JobListModel, JobRole, StateFilter
from hailuo_desktop.ui.jobs.switch import LayoutSwitch

__all__ = ["JobDelegate", "JobLayout", "JobListView", "ask_before_retry"]

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
ConfirmRetry = Callable[[QWidget, Job], bool]
OpenUrl = Callable[[QUrl], bool]


class JobListView(QWidget):
    """The Jobs panel: search, state filter, view switch, the gallery or the list of jobs, and
    the job actions.

    Signals:
        previewRequested(str): play the job's video (button, Enter, a click on a gallery tile,
            a double-click on a list card).
        fullScreenRequested(str): play it full screen (a double-click on a gallery tile; comes
            after previewRequested).
        reuseRequested(str): put the job's prompt and settings back in the editor.
        checkAgainRequested(str): look an uncertain job's task up again (nothing is resent).
        retryRequested(str): start a new paid job like this one (the user confirmed).
        removeRequested(str): remove the finished job from the list (its video file stays).
    """

    previewRequested = Signal(str)
    fullScreenRequested = Signal(str)
    reuseRequested = Signal(str)
    checkAgainRequested = Signal(str)
    retryRequested = Signal(str)
    removeRequested = Signal(str)
    linkCopied = Signal(str)
    """The video's link of this job is on the clipboard (the window says so)."""
    openFailed = Signal(str)
    """No application opened this job's video (the window offers its folder)."""
    savePresetRequested = Signal(str)
    """Keep this job's prompt and options as a preset (the context menu)."""

    def __init__(
        self,
        model: JobListModel,
        *,
        settings: Settings | None = None,
        confirm_retry: ConfirmRetry = ask_before_retry,
        open_url: OpenUrl = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._confirm_retry = confirm_retry
        self._open_url = open_url
        self._model: JobListModel | None = None
        self._shown_job: Job | None = None
        self._proxy = JobFilterProxy(self)
        self._search = QLineEdit(self)
        self._filter = QComboBox(self)
        self._list = QListView(self)
        self._delegate = JobDelegate(self._list)
        self._gallery = GalleryView(self)
        self._switch = LayoutSwitch(self)
        self._empty = QLabel(self)
        self._stack = QStackedLayout()
        self._menu = QMenu(self)
        self._ticker = QTimer(self)
        self._find = QShortcut(self)
        self._actions: dict[str, QAction] = {}
        self._buttons: dict[str, QToolButton] = {}
        self._create_actions()
        self._setup_ui()
        self.set_model(model)
        self.set_job_layout(settings.job_layout if settings else JobLayout.GALLERY)

    # --- public API ------------------------------------------------------------------------

    def set_model(self, model: JobListModel) -> None:
        if self._model is not None:
            self._model.dataChanged.disconnect(self._on_source_changed)
        self._model = model
        self._proxy.setSourceModel(model)
        model.dataChanged.connect(self._on_source_changed)
        self._on_rows_changed()

    def model(self) -> JobListModel:
        assert self._model is not None
        return self._model

    def select(self, job_id: str) -> bool:
        """Select the job (clearing search and filter if they hide it); False if it is not
        listed (or, in a long history, not among the jobs read so far)."""
        row = self.model().row_of(job_id)
        index = (
            QModelIndex() if row is None else self._proxy.mapFromSource(self.model().index(row, 0))
        )
        if not index.isValid():
            self._search.clear()
            self._filter.setCurrentIndex(0)
            row = self.model().row_of(job_id)
            if row is None:
                return False
            index = self._proxy.mapFromSource(self.model().index(row, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self._list.selectionModel().setCurrentIndex(index, flags)
        self.current_view().scrollTo(index)
        return True

    def selected_job(self) -> Job | None:
        indexes = self._list.selectionModel().selectedIndexes()
        return indexes[0].data(JobRole.JOB) if indexes else None

    def list_view(self) -> QListView:
        return self._list

    def gallery_view(self) -> GalleryView:
        return self._gallery

    def current_view(self) -> QAbstractItemView:
        """The gallery or the list, whichever is shown."""
        return self._gallery if self._switch.job_layout() is JobLayout.GALLERY else self._list

    def job_layout(self) -> JobLayout:
        return self._switch.job_layout()

    def set_job_layout(self, layout: JobLayout) -> None:
        """Show the gallery or the list (the selection and the focus stay) and keep the choice."""
        had_focus = self.current_view().hasFocus()
        self._switch.set_layout(layout)
        if self._settings is not None and self._settings.job_layout is not layout:
            self._settings.job_layout = layout
        self._on_rows_changed()
        current = self._list.selectionModel().currentIndex()
        if current.isValid():
            self.current_view().scrollTo(current)
        if had_focus:
            self.current_view().setFocus(Qt.FocusReason.OtherFocusReason)

    def action(self, name: str) -> QAction:
        """The action `name` (the buttons' keys, and "preset": the menu's Save as preset…)."""
        return self._actions[name]

    def context_menu(self) -> QMenu:
        return self._menu

    def action_button(self, name: str) -> QToolButton:
        """The action button `name` ("preview", "open", "folder", "copy", "reuse", ...)."""
        return self._buttons[name]

    # --- construction ----------------------------------------------------------------------

    def _create_actions(self) -> None:
        """One action per job command, shared by its button, the context menu and shortcuts."""
        sp = QStyle.StandardPixmap

        def add(key: str, name: str, text: str, short: str, pixmap, tip: str, slot) -> None:
            action = QAction(standard_icon(self.style(), pixmap), text, self)
            action.setIconText(short)
            action.setToolTip(tip)
            action.setEnabled(False)
            action.triggered.connect(slot)
            button = QToolButton(self)
            button.setObjectName(name)
            button.setAccessibleName(text.rstrip("…"))
            self._actions[key] = action
            self._buttons[key] = button

        # fmt: off
        add("preview", "previewJobButton", self.tr("Preview"), self.tr("Preview"),
            sp.SP_MediaPlay, self.tr("Play this video in the preview (Enter)"), self._on_preview)
        add("open", "openJobButton", self.tr("Open file"), self.tr("Open"), sp.SP_FileIcon,
            self.tr("Open the video in your usual video player"), self._on_open)
        add("folder", "showJobInFolderButton", self.tr("Show in folder"), self.tr("Folder"),
            sp.SP_DirOpenIcon, self.tr("Open the folder that holds the video"),
            self._on_show_in_folder)
        add("copy", "copyJobLinkButton", self.tr("Copy video link"), self.tr("Copy link"),
            sp.SP_FileLinkIcon,
            self.tr("Copy the video's web link (it works for 24 hours after the video is made)"),
            self._on_copy_link)
        add("reuse", "reuseJobButton", self.tr("Reuse settings"), self.tr("Reuse"),
            sp.SP_ArrowBack, self.tr("Put this prompt and its settings back in the editor"),
            self._on_reuse)
        add("check", "checkAgainJobButton", self.tr("Check again"), self.tr("Check"),
            sp.SP_FileDialogContentsView,
            self.tr("Ask the service whether it received this job (nothing is sent again)"),
            self._on_check_again)
        add("retry", "retryJobButton", self.tr("Retry…"), self.tr("Retry…"), sp.SP_BrowserReload,
            self.tr("Make this video again as a new job (it is paid again)"), self._on_retry)
        add("remove", "removeJobButton", self.tr("Remove from list"), self.tr("Remove"),
            sp.SP_TrashIcon,
            self.tr("Remove the finished job from the list; the video file stays (Delete)"),
            self._on_remove)
        # fmt: on

    def _setup_ui(self) -> None:
        self._search.setObjectName("jobSearch")
        self._search.setAccessibleName(self.tr("Search jobs"))
        self._search.setPlaceholderText(self.tr("Search prompts"))
        self._search.setToolTip(self.tr("Show only jobs whose prompt contains this text (Ctrl+F)"))
        self._search.setClearButtonEnabled(True)
        self._search.textChanged.connect(self._proxy.set_search)
        self._search.installEventFilter(self)
        self._filter.setObjectName("jobStateFilter")
        self._filter.setAccessibleName(self.tr("Show jobs"))
        self._filter.setToolTip(self.tr("Show all jobs, or only those in one state"))
        labels = {
            StateFilter.ALL: self.tr("All jobs"),
            StateFilter.ACTIVE: self.tr("In progress"),
            StateFilter.DONE: self.tr("Done"),
            StateFilter.PROBLEMS: self.tr("Failed or uncertain"),
        }
        for member, label in labels.items():
            self._filter.addItem(label, member)
        self._filter.currentIndexChanged.connect(self._on_filter_changed)

        self._list.setObjectName("jobList")
        self._list.setAccessibleName(self.tr("Jobs"))
        self._list.setModel(self._proxy)
        self._list.setItemDelegate(self._delegate)
        self._list.setUniformItemSizes(True)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._list.customContextMenuRequested.connect(self._on_context_menu)
        self._list.doubleClicked.connect(self._on_double_clicked)
        self._list.selectionModel().selectionChanged.connect(self._on_picked)
        self._gallery.setObjectName("jobGallery")
        self._gallery.setAccessibleName(self.tr("Job gallery"))
        self._gallery.setModel(self._proxy)
        self._gallery.setSelectionModel(self._list.selectionModel())  # one selection for both
        self._gallery.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._gallery.customContextMenuRequested.connect(self._on_context_menu)
        self._gallery.clicked.connect(self._on_preview)
        self._gallery.doubleClicked.connect(self._on_full_screen)
        self._switch.layoutChosen.connect(self.set_job_layout)
        for signal in (self._proxy.rowsInserted, self._proxy.rowsRemoved):
            signal.connect(self._on_rows_changed)
        self._proxy.modelReset.connect(self._on_rows_changed)
        self._proxy.layoutChanged.connect(self._on_rows_changed)
        self._empty.setObjectName("jobListEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._empty.setBackgroundRole(QPalette.ColorRole.Base)
        self._empty.setAutoFillBackground(True)
        self._empty.setFrameShape(QFrame.Shape.StyledPanel)

        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for key, button in self._buttons.items():
            button.setDefaultAction(self._actions[key])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            buttons.addWidget(button)
            if key == "reuse":
                buttons.addStretch(1)
                self._menu.addSeparator()
            self._menu.addAction(self._actions[key])
        self._menu.addSeparator()
        save_preset = QAction(self.tr("Save as preset…"), self)
        save_preset.setObjectName("savePresetFromJob")
        save_preset.setToolTip(self.tr("Keep this job's prompt and options as a preset"))
        save_preset.setEnabled(False)
        save_preset.triggered.connect(self._on_save_preset)
        self._actions["preset"] = save_preset
        self._menu.addAction(save_preset)
        self._menu.setObjectName("jobContextMenu")
        for key, keys in (
            ("preview", [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]),
            ("remove", [QKeySequence(QKeySequence.StandardKey.Delete)]),
            ("copy", [QKeySequence(QKeySequence.StandardKey.Copy)]),
        ):
            self._actions[key].setShortcuts(keys)
            self._actions[key].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self._list.addAction(self._actions[key])
            self._gallery.addAction(self._actions[key])
        self._find.setKey(QKeySequence(QKeySequence.StandardKey.Find))
        self._find.activated.connect(self._on_find)

        top = QHBoxLayout()
        top.addWidget(self._search, 1)
        top.addWidget(self._filter)
        top.addWidget(self._switch)
        self._stack.addWidget(self._gallery)
        self._stack.addWidget(self._list)
        self._stack.addWidget(self._empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self._stack, 1)
        layout.addLayout(buttons)
        views = [self._switch.button(JobLayout.GALLERY), self._switch.button(JobLayout.LIST)]
        chain = [self._search, self._filter, *views, self._gallery, self._list]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        previous: QWidget = self._list
        for button in self._buttons.values():
            QWidget.setTabOrder(previous, button)
            previous = button
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._on_tick)
        self._ticker.start()

    # --- slots -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Down and self._proxy.rowCount():
                view = self.current_view()
                view.setFocus(Qt.FocusReason.TabFocusReason)
                if not view.selectionModel().hasSelection():
                    view.setCurrentIndex(self._proxy.index(0, 0))
                return True
            if key == Qt.Key.Key_Escape and self._search.text():
                self._search.clear()
                return True
        return super().eventFilter(watched, event)

    def _on_tick(self) -> None:
        if self._model is not None:
            self._model.refresh_elapsed()

    def _on_find(self) -> None:
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def _on_filter_changed(self, _row: int) -> None:
        self._proxy.set_state_filter(self._filter.currentData())

    def _on_rows_changed(self, *_args: object) -> None:
        if self._proxy.rowCount():
            self._stack.setCurrentWidget(self.current_view())
        else:
            self._empty.setText(
                self.tr("No jobs match this search or filter.")
                if self._model and self._model.has_jobs()
                else self.tr("Your videos will appear here")
            )
            self._stack.setCurrentWidget(self._empty)
        self._on_selection_changed()

    def _on_source_changed(self, *_args: object) -> None:
        if self.selected_job() != self._shown_job:
            self._on_selection_changed()

    def _on_selection_changed(self, *_args: object) -> None:
        job = self.selected_job()
        self._update_actions(job)
        self._shown_job = job

    def _on_picked(self, *_args: object) -> None:
        """Another job selected (click, keys, or the window): a finished one is previewed."""
        before = self._shown_job
        self._on_selection_changed()
        job = self._shown_job
        if job is not None and (before is None or before.id != job.id):
            self._on_preview()

    def _update_actions(self, job: Job | None) -> None:
        state = job.state if job else None
        has_file = bool(
            job and state is JobState.DONE and job.local_path and Path(job.local_path).is_file()
        )
        enabled = {
            "preview": has_file,
            "open": has_file,
            "folder": has_file,
            "copy": bool(job and job.video_url),
            "reuse": job is not None and state is not JobState.UNKNOWN,
            "check": state is JobState.UNCERTAIN,
            "retry": state in (JobState.FAILED, JobState.UNCERTAIN, JobState.DONE),
            "remove": bool(state and state.is_final),
            "preset": job is not None and state is not JobState.UNKNOWN,
        }
        for key, on in enabled.items():
            self._actions[key].setEnabled(on)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self._on_preview()

    def _on_full_screen(self, index: QModelIndex) -> None:
        job = self.selected_job()
        if job and self._actions["preview"].isEnabled():
            self.previewRequested.emit(job.id)
            self.fullScreenRequested.emit(job.id)

    def _on_context_menu(self, pos: QPoint) -> None:
        view = self.current_view()
        index = view.indexAt(pos)
        if index.isValid():
            view.setCurrentIndex(index)
        if self.selected_job() is not None:
            self._menu.popup(view.viewport().mapToGlobal(pos))

    def _on_preview(self, *_args: object) -> None:
        job = self.selected_job()
        if job and self._actions["preview"].isEnabled():
            self.previewRequested.emit(job.id)

    def _on_open(self) -> None:
        job = self.selected_job()
        if job and job.local_path and not self._open_url(QUrl.fromLocalFile(job.local_path)):
            log.warning("no application opened the video of job %s", job.id)
            self.openFailed.emit(job.id)

    def _on_show_in_folder(self) -> None:
        job = self.selected_job()
        if job and job.local_path:
            self._open_url(QUrl.fromLocalFile(str(Path(job.local_path).parent)))

    def _on_copy_link(self) -> None:
        job = self.selected_job()
        if job and job.video_url:
            QGuiApplication.clipboard().setText(job.video_url)
            self.linkCopied.emit(job.id)

    def _on_reuse(self) -> None:
        job = self.selected_job()
        if job:
            self.reuseRequested.emit(job.id)

    def _on_save_preset(self) -> None:
        job = self.selected_job()
        if job and self._actions["preset"].isEnabled():
            self.savePresetRequested.emit(job.id)

    def _on_check_again(self) -> None:
        job = self.selected_job()
        if job and job.state is JobState.UNCERTAIN:
            self.checkAgainRequested.emit(job.id)

    def _on_retry(self) -> None:
        job = self.selected_job()
        if job and self._actions["retry"].isEnabled() and self._confirm_retry(self, job):
            self.retryRequested.emit(job.id)

    def _on_remove(self) -> None:
        job = self.selected_job()
        if job and job.state.is_final:
            self.removeRequested.emit(job.id)
