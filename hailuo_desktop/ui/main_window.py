"""The main window: create on the left, preview and jobs on the right, welcome page first.

The window is the GUI's controller: widgets emit commands, the window turns them into engine
calls (`Runner.submit`, `retry`, `import_task`, …) and turns engine events into model updates,
preview, notifications and error dialogs. It never awaits in a slot: the few async calls
(balance) run as owned background tasks (`BackgroundTasks`).

It is built in steps, so that it is on screen before the app loads its libraries (`startup`):
`MainWindow(settings, demo=…)` is the frame — title, saved geometry, menus, status bar — cheap
to import and to build; `show_panels(pages)` builds the create panel and the job list over the
history (no engine yet: Generate pressed now is sent once there is one); `attach(services)`
adds the preview, the batch bar and the menus over the engine (and builds the panels first if
`show_panels` did not). Each step's imports wait until it runs. `MainWindow.build(services)`
does it all at once (tests, scripts, benchmarks).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QCursor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop import APP_NAME, __version__
from hailuo_desktop.core import errors
from hailuo_desktop.ui.common.translators import translate_message

if TYPE_CHECKING:
    from hailuo_desktop.core.jobs import Job
    from hailuo_desktop.core.options import GenerationRequest
    from hailuo_desktop.engine.events import JobEvent
    from hailuo_desktop.store.settings import Settings
    from hailuo_desktop.ui.batches.dialog import BatchDialog
    from hailuo_desktop.ui.dialogs.errors import ErrorDialog
    from hailuo_desktop.ui.dialogs.settings import SettingsDialog
    from hailuo_desktop.ui.jobs.model import JobPages
    from hailuo_desktop.ui.stories.page import StoriesPage
    from hailuo_desktop.ui.window_services import WindowServices


PREVIEW_AND_VIDEOS = (0.45, 0.55)
"""The first start's shares of the right side: the preview above, the videos (the gallery) below,
so that a laptop screen shows a row of four videos or more."""
VIDEOS_PAGE, STORIES_PAGE = 1, 2
"""The pages past the welcome page (0), in `MainWindow.pages`."""
ROOMY_SIZE = (1440, 900)
"""The first window's size where the screen has room for it (with its frame); smaller screens
get a maximised window."""


class MainWindow(QMainWindow):
    """The app's window. Public for tests: create_panel, job_view, preview, model, pages,
    page_switch and (once shown) stories_page."""

    closed = Signal()
    """The window was closed (the composition root ends the session)."""

    def __init__(
        self, settings: Settings, *, demo: bool = False, parent: QWidget | None = None
    ) -> None:
        """The frame: title, saved geometry, menus and status bar; `attach` adds the rest."""
        super().__init__(parent)
        self.settings = settings
        self.demo = demo
        self.services: WindowServices | None = None
        self._has_panels = False  # `show_panels` ran
        self._early_request: GenerationRequest | None = None  # Generate before `attach`
        self._show_maximised = False  # the first show maximises (`_place_on_screen`)
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balanceLabel")
        self.balance_label.setAccessibleName(self.tr("Remaining credits"))
        self._setup_frame()
        self._setup_menus()
        self._place_on_screen()

    @classmethod
    def build(cls, services: WindowServices, parent: QWidget | None = None) -> MainWindow:
        """The whole window at once: the frame, attached to `services`."""
        window = cls(services.settings, demo=services.demo, parent=parent)
        window.attach(services)
        return window

    def show_panels(self, pages: JobPages) -> None:
        """Build and show the create panel and the job list over the history's `pages`
        (`Runner.history_page`, or the history's own before there is an engine): typing and
        browsing work while the app loads its libraries (`startup`); `attach` adds the rest.
        The preview's place stays dark until then. Once only (`attach` calls it if needed)."""
        from hailuo_desktop.ui.create.panel import CreatePanel
        from hailuo_desktop.ui.dialogs.welcome import WelcomePage
        from hailuo_desktop.ui.jobs.confirm import ask_before_retry
        from hailuo_desktop.ui.jobs.model import JobListModel
        from hailuo_desktop.ui.jobs.thumbnails import ThumbnailCache
        from hailuo_desktop.ui.jobs.view import JobListView

        assert not self._has_panels, "the panels are built once"
        self._has_panels = True
        self.create_panel = CreatePanel(lambda: self.settings.prices)
        self.model = JobListModel(pages=pages, thumbnails=ThumbnailCache(parent=self))
        self.job_view = JobListView(
            self.model,
            settings=self.settings,
            confirm_retry=_made_again_free if self.demo else ask_before_retry,
        )
        self.welcome = WelcomePage()
        self.welcome.set_base_url(self.settings.base_url)
        self.pages = QStackedWidget()
        self._setup_pages()
        last = self.settings.last_request
        if last is not None:
            self.create_panel.set_request(last)
        self.create_panel.generateRequested.connect(self._on_generate)
        self.pages.setCurrentIndex(VIDEOS_PAGE)

    def attach(self, services: WindowServices) -> None:
        """Attach the panels to the engine and the history in `services` (once), building
        them first unless `show_panels` did; add the preview, the batch bar and the menus."""
        from hailuo_desktop.ui.batches.in_window import BatchesInWindow
        from hailuo_desktop.ui.common.notifications import Notifier
        from hailuo_desktop.ui.common.tasks import BackgroundTasks
        from hailuo_desktop.ui.common.toast import Toast
        from hailuo_desktop.ui.dialogs.settings_flow import SettingsFlow
        from hailuo_desktop.ui.preview import PreviewPlayer

        assert self.services is None, "a window is attached once"
        self.services = services
        self.runner = services.runner
        if not self._has_panels:
            self.show_panels(self.runner.history_page)
            self.pages.setCurrentIndex(0)  # `start` chooses the page
        self.tasks = BackgroundTasks()
        self._settings_flow = SettingsFlow(
            self,
            self.settings,
            services,
            self.tasks,
            saved=self._on_settings_saved,
            refresh_balance=self.refresh_balance,
        )
        self.preview = PreviewPlayer()
        self._streamed_job: str | None = None  # the job whose remote video the preview shows
        self._offered_streams: set[str] = set()  # jobs whose video was streamed unasked
        self._preview_place.addWidget(self.preview)
        self._preview_place.setCurrentWidget(self.preview)
        self.welcome.set_key_storage(services.keys.status)
        self.stories_page: StoriesPage | None = None  # built when first shown
        self.notifier = Notifier(self, enabled=lambda: self.settings.notifications)
        self.toast = Toast(self)
        self.batches = BatchesInWindow(
            services.batches,
            services.presets,
            window=self,
            panel=self.create_panel,
            job_view=self.job_view,
            toast=self.toast,
            settings=self.settings,
            demo=self.demo,
            open_settings=self.open_settings,
            job=self.model.job,
        )
        self.batch_bar, self.presets = self.batches.bar, self.batches.presets
        if self.batch_bar is not None:
            self._videos_column.insertWidget(0, self.batch_bar)
        self._setup_page_switch()
        self._connect()
        self._finish_menus()

    # --- public API ------------------------------------------------------------------------

    @property
    def _attached(self) -> WindowServices:
        assert self.services is not None, "the window is not attached to an engine yet"
        return self.services

    def start(self) -> None:
        """Show the right page and pick up unfinished jobs (call once the loop runs)."""
        if self.demo or self._attached.keys.has_key():
            self.show_page(VIDEOS_PAGE)
            self.runner.resume()
            self.batches.restore()
            self.refresh_balance()
            if self._early_request is not None:
                self._on_generate(self._early_request)
        else:
            self.pages.setCurrentIndex(0)
            if self._early_request is not None:  # pressed over the panels shown early
                self.statusBar().showMessage(
                    self.tr("Nothing was sent: add your API key first (your prompt is kept).")
                )
        self._early_request = None

    def show_page(self, page: int) -> None:
        """Show the Videos (`VIDEOS_PAGE`) or the Stories page (`STORIES_PAGE`), once past the
        welcome page; the Stories page is built when first shown."""
        from hailuo_desktop.ui.stories.switch import Page

        if page == STORIES_PAGE and self.stories_page is None:
            self._build_stories_page()
        previews = {VIDEOS_PAGE: self.preview}
        if self.stories_page is not None:
            previews[STORIES_PAGE] = self.stories_page.preview
        leaving = previews.get(self.pages.currentIndex())
        if leaving is not None and self.pages.currentIndex() != page:
            leaving.pause()  # a page out of sight plays nothing
        self.pages.setCurrentIndex(page)
        stories = self.stories_page if page == STORIES_PAGE else None
        self.toast.set_area(stories.toast_area if stories is not None else None)
        self.page_switch.setVisible(True)
        self.page_switch.set_page(Page.STORIES if page == STORIES_PAGE else Page.VIDEOS)
        for action in self._page_actions:
            action.setEnabled(True)

    def refresh_balance(self) -> None:
        if self.demo:
            self.balance_label.setText(self.tr("Demo — nothing is billed"))
            return
        self.tasks.start(self._refresh_balance(), name="balance")

    def show_error(self, error: errors.HailuoError) -> ErrorDialog:
        from hailuo_desktop.ui.dialogs.errors import show_error

        return show_error(
            self, error, open_settings=self.open_settings, service_url=self.settings.base_url
        )

    def open_settings(self) -> SettingsDialog:
        return self._settings_flow.open()

    def open_batch_dialog(self) -> BatchDialog | None:
        """File → New batch… (past the welcome page; from the Stories page, the Videos page
        comes forward, where the batch's videos show)."""
        if self.pages.currentIndex() == STORIES_PAGE:
            self.show_page(VIDEOS_PAGE)
        if self.pages.currentIndex() != VIDEOS_PAGE:
            return None
        return self.batches.open_batch_dialog()

    # --- layout ----------------------------------------------------------------------------

    def _setup_frame(self) -> None:
        title = self.tr("{name} — Demo").format(name=APP_NAME) if self.demo else APP_NAME
        self.setWindowTitle(title)
        self.setObjectName("mainWindow")
        self.setCentralWidget(self._starting_page())  # the panels replace it in `attach`
        status = self.statusBar()
        if self.demo:
            demo = QLabel(self.tr("Demo mode: the built-in simulator, no key, no cost"))
            demo.setObjectName("demoLabel")
            status.addWidget(demo)
        status.addPermanentWidget(self.balance_label)

    def _starting_page(self) -> QWidget:
        """The frame's page: "Starting…" centred in muted text (laid out with stretches: no `Qt`
        flags before the first paint)."""
        label = QLabel(self.tr("Starting…"))
        label.setObjectName("startingLabel")
        label.setEnabled(False)  # the palette's muted text colour
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(label)
        row.addStretch()
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch()
        column.addLayout(row)
        column.addStretch()
        return page

    def _setup_pages(self) -> None:
        """The welcome page, the Videos page (the create panel; the preview's place above the
        job list) and the Stories page's place."""
        from hailuo_desktop.ui.common.splitter import ProportionalSplitter
        from hailuo_desktop.ui.common.video_area import dark_area

        Qt = QtCore.Qt  # looked up here: PySide6 builds the `Qt` namespace on first use (10 ms)
        self._preview_place = QStackedWidget()  # the preview, once attached
        self._preview_place.addWidget(dark_area())
        videos = QWidget()
        self._videos_column = QVBoxLayout(videos)  # the batch bar comes above the job list
        self._videos_column.setContentsMargins(0, 0, 0, 0)
        self._videos_column.setSpacing(6)
        self._videos_column.addWidget(self.job_view, 1)
        right = ProportionalSplitter(Qt.Orientation.Vertical)
        right.addWidget(self._preview_place)
        right.addWidget(videos)
        right.set_shares(PREVIEW_AND_VIDEOS)  # until the user moves the divider
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.create_panel)
        body.addWidget(right)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 1)
        body.setCollapsible(0, False)
        body.setSizes(
            [self.create_panel.minimumWidth(), self.width() - self.create_panel.minimumWidth()]
        )
        self._splitters = (body, right)
        self._restore_splitters()
        self._stories_holder = QWidget()
        self._stories_layout = QVBoxLayout(self._stories_holder)
        self._stories_layout.setContentsMargins(0, 0, 0, 0)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(body)
        self.pages.addWidget(self._stories_holder)
        self.setCentralWidget(self.pages)

    def _setup_page_switch(self) -> None:
        """ "Videos | Stories" in the menu bar's corner, shown once past the welcome page."""
        from hailuo_desktop.ui.stories.switch import Page, PageSwitch

        self.page_switch = PageSwitch()
        self.page_switch.pageChosen.connect(
            lambda page: self.show_page(STORIES_PAGE if page == Page.STORIES else VIDEOS_PAGE)
        )
        self.menuBar().setCornerWidget(self.page_switch, QtCore.Qt.Corner.TopRightCorner)
        self.page_switch.hide()

    def _build_stories_page(self) -> None:
        from dataclasses import replace

        from hailuo_desktop.ui.stories.assembly import stories_page_for

        self.stories_page = stories_page_for(
            self,
            self.runner,
            self.settings,
            toast=self.toast,
            show_error=self.show_error,
            default_request=lambda: replace(self.create_panel.request(), prompt=""),
            demo=self.demo,
            maker=self._attached.stories,
        )
        self.stories_page.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._stories_layout.addWidget(self.stories_page)

    def _setup_menus(self) -> None:
        """The frame's menus; `_finish_menus` enables the rest and sets the shortcuts once
        attached (the first `setShortcut` makes PySide6 build Qt's key enumerations: ~10 ms)."""
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._add_task_action = self._action(
            file_menu, self.tr("Add task by &id…"), self._on_add_task, needs_engine=True
        )
        self._batch_action = self._action(
            file_menu, self.tr("New &batch…"), self.open_batch_dialog, needs_engine=True
        )
        self._action(file_menu, self.tr("Open &library folder"), self._on_open_library)
        file_menu.addSeparator()
        self._settings_action = self._action(
            file_menu, self.tr("&Settings…"), self.open_settings, needs_engine=True
        )
        file_menu.addSeparator()
        self._quit_action = self._action(file_menu, self.tr("&Quit"), self.close)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self._page_actions = (
            self._action(
                view_menu,
                self.tr("&Videos"),
                lambda: self.show_page(VIDEOS_PAGE),
                needs_engine=True,
            ),
            self._action(
                view_menu,
                self.tr("&Stories"),
                lambda: self.show_page(STORIES_PAGE),
                needs_engine=True,
            ),
        )
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About"), self._on_about)

    def _action(self, menu, text: str, slot, *, needs_engine: bool = False) -> QAction:
        """A menu entry; one that `needs_engine` stays disabled until `attach`."""
        action = QAction(text, self)
        action.setEnabled(not needs_engine)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _finish_menus(self) -> None:
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.activated.connect(self._on_paste_anywhere)
        self.setAcceptDrops(True)
        self._add_task_action.setEnabled(True)
        self._settings_action.setEnabled(True)
        self._batch_action.setEnabled(self.batches.offers_batches())
        shortcuts = {
            self._add_task_action: QKeySequence(self.tr("Ctrl+I")),
            self._batch_action: QKeySequence(self.tr("Ctrl+B")),
            self._settings_action: QKeySequence(QKeySequence.StandardKey.Preferences)
            or QKeySequence("Ctrl+,"),
            self._quit_action: QKeySequence(QKeySequence.StandardKey.Quit),
            self._page_actions[0]: QKeySequence(self.tr("Ctrl+1")),
            self._page_actions[1]: QKeySequence(self.tr("Ctrl+2")),
        }
        for action, shortcut in shortcuts.items():
            if not shortcut.isEmpty():
                action.setShortcut(shortcut)

    def _connect(self) -> None:
        self.create_panel.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.job_view.previewRequested.connect(self._on_preview)
        self.job_view.fullScreenRequested.connect(lambda _id: self.preview.show_full_screen())
        self.job_view.reuseRequested.connect(self._on_reuse)
        self.job_view.retryRequested.connect(self._on_retry)
        self.job_view.checkAgainRequested.connect(self.runner.check_again)
        self.job_view.removeRequested.connect(self._on_remove)
        self.job_view.linkCopied.connect(self._on_link_copied)
        self.job_view.openFailed.connect(self._on_open_failed)
        self.welcome.keyEntered.connect(self._on_welcome_key)
        self.welcome.regionChosen.connect(self._on_region_chosen)
        self.welcome.demoRequested.connect(self._attached.start_demo)
        self.preview.errorOccurred.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._unsubscribe = self.runner.events.subscribe(self._on_job_event)

    def _place_on_screen(self) -> None:
        """Where the window left off (Qt keeps a restored window on a screen, resized to it);
        the first time, sized to the screen under the mouse pointer (where the user started the
        app): maximised where the roomy size does not fit (a 1366×768 laptop), else that size,
        centred."""
        geometry = self.settings.window_geometry
        if geometry and self.restoreGeometry(QByteArray(geometry)):
            return
        screen = QGuiApplication.screenAt(QCursor.pos()) or self.screen()
        area = screen.availableGeometry()
        if area.width() < ROOMY_SIZE[0] + 40 or area.height() < ROOMY_SIZE[1] + 60:
            self.setGeometry(area)  # without a window manager, maximised means nothing
            self._show_maximised = True
            return
        self.resize(*ROOMY_SIZE)
        frame = self.frameGeometry()
        frame.moveCenter(area.center())
        self.move(frame.topLeft())

    def _restore_splitters(self) -> None:
        """The dividers where the user left them: the create panel's width, and the preview's
        share of the right side (saved as `width;share,share`)."""
        saved = (self.settings.window_splitters or b"").decode("ascii", "replace")
        width, _, shares = saved.partition(";")
        body, right = self._splitters
        try:
            if width:
                body.setSizes([int(width), max(1, body.width() - int(width))])
            if shares:
                right.set_shares([float(share) for share in shares.split(",")])
        except ValueError:
            pass  # an unreadable (older) layout: the defaults stay

    def _save_splitters(self) -> None:
        body, right = self._splitters
        shares = ",".join(f"{share:.4f}" for share in right.shares())
        self.settings.window_splitters = f"{body.sizes()[0]};{shares}".encode("ascii")

    # --- commands --------------------------------------------------------------------------

    def _on_generate(self, request: GenerationRequest) -> None:
        if self.services is None:  # the panels came first: sent once the engine is there
            self._early_request = request
            self.statusBar().showMessage(self.tr("Starting — your video is sent in a moment"))
            return
        try:
            job = self.runner.submit(request)
        except errors.HailuoError as error:
            self.show_error(error)
            return
        self.settings.last_request = request
        self.job_view.select(job.id)
        # Not "submitted": the create is still to be sent (the card tells how it goes).
        self.statusBar().showMessage(self.tr("Added to your videos — it is being sent"), 5000)

    def _on_preview(self, job_id: str) -> None:
        row = self.model.row_of(job_id)
        job = self.model.job_at(row) if row is not None else None
        if job is not None and self._stream(job):
            return
        if job is None or not job.local_path or not Path(job.local_path).exists():
            self.statusBar().showMessage(self.tr("This video has no downloaded file yet."), 5000)
            return
        self.preview.load(job.local_path, autoplay=True)

    def _on_reuse(self, job_id: str) -> None:
        row = self.model.row_of(job_id)
        if row is not None:
            self.create_panel.set_request(self.model.job_at(row).request)
            self.create_panel.prompt_editor.setFocus()

    def _on_retry(self, job_id: str) -> None:
        try:
            job = self.runner.retry(job_id)
        except errors.HailuoError as error:
            self.show_error(error)
            return
        self.job_view.select(job.id)

    def _on_remove(self, job_id: str) -> None:
        self.runner.remove_from_list(job_id)
        self.model.remove(job_id)
        self.toast.show_message(
            self.tr("Removed from the list; the video file stays."),
            action=(self.tr("Undo"), lambda: self._on_undo_remove(job_id)),
            seconds=8.0,
        )

    def _on_undo_remove(self, job_id: str) -> None:
        try:
            self.model.add(self.runner.restore_to_list(job_id))
        except errors.HailuoError as error:  # the history busy: the job stays hidden, say so
            self.statusBar().showMessage(translate_message(error.message), 8000)
            return
        self.job_view.select(job_id)

    def _on_link_copied(self, _job_id: str) -> None:
        self.toast.show_message(
            self.tr("Link copied. It works for 24 hours after the video is made.")
        )

    def _on_open_failed(self, job_id: str) -> None:
        job = self.model.job(job_id)
        if job is None or not job.local_path:
            return
        folder = QUrl.fromLocalFile(str(Path(job.local_path).parent))
        self.toast.show_message(
            self.tr("No app on this computer opened the video."),
            action=(self.tr("Show in folder"), lambda: QDesktopServices.openUrl(folder)),
            seconds=10.0,
        )

    def _on_add_task(self) -> None:
        task_id, ok = QInputDialog.getText(
            self,
            self.tr("Add task by id"),
            self.tr("Paste the id of a video task created elsewhere (for example video_01K…):"),
        )
        if ok and task_id.strip():
            try:
                job = self.runner.import_task(task_id)
            except errors.HailuoError as error:  # the history busy among them
                self.show_error(error)
                return
            self.job_view.select(job.id)

    def _on_paste_anywhere(self) -> None:
        """Ctrl+V wherever the focus is (text fields paste text themselves): a picture on the
        clipboard becomes a frame."""
        from hailuo_desktop.ui.common.pictures import holds_picture

        mime = QGuiApplication.clipboard().mimeData()
        panel = self._picture_panel()
        if panel is not None and holds_picture(mime):
            panel.take_picture(mime, "pasted")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """A picture dragged anywhere over the window may be dropped there (as a frame)."""
        from hailuo_desktop.ui.common.pictures import holds_picture

        if self._picture_panel() is not None and holds_picture(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        panel = self._picture_panel()
        if panel is not None:
            panel.take_picture(event.mimeData(), "dropped")
            event.acceptProposedAction()

    def _picture_panel(self):
        """The form a picture pasted or dropped on the window goes to: the Videos page's, or
        the Stories page's while its shot can change; None elsewhere."""
        if self.services is None:
            return None
        if self.pages.currentIndex() == VIDEOS_PAGE:
            return self.create_panel
        if self.pages.currentIndex() == STORIES_PAGE and self.stories_page is not None:
            return self.stories_page.picture_panel()
        return None

    def _on_open_library(self) -> None:
        folder = self.settings.library_dir
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About {name}").format(name=APP_NAME),
            self.tr(
                "<b>{name} {version}</b><p>Turns a prompt, and optionally pictures, into a "
                "video with MiniMax's Hailuo models through the ToAPIs video API.</p>"
            ).format(name=APP_NAME, version=__version__),
        )

    def _on_welcome_key(self, key: str) -> None:
        self.welcome.set_busy(True)
        self.tasks.start(self._check_welcome_key(key), name="welcome key")

    def _on_region_chosen(self, base_url: str) -> None:
        """The welcome page's region: saved, and used at once (the key check goes there)."""
        self.settings.base_url = base_url
        self._attached.settings_saved()

    def _on_settings_saved(self) -> None:
        self._attached.settings_saved()
        self.batches.caps_changed()
        self.create_panel.refresh()
        if self.stories_page is not None:
            self.stories_page.refresh()
        self.refresh_balance()

    # --- engine events ---------------------------------------------------------------------

    def _on_job_event(self, event: JobEvent) -> None:
        from hailuo_desktop.core.jobs import JobState  # loaded by `attach`: no cost here
        from hailuo_desktop.engine.events import EventKind

        self.model.post(event)
        if event.kind is EventKind.CHANGED and event.job.state is JobState.DOWNLOADING:
            self._on_video_available(event.job)
        if event.kind is EventKind.NOTICE and event.notice:
            self.statusBar().showMessage(translate_message(event.notice), 10000)
        if event.kind is not EventKind.CHANGED or not event.job.state.is_final:
            if event.kind is EventKind.CHANGED and event.job.state is JobState.UNCERTAIN:
                self._on_job_ended(event.job)
            return
        self._on_job_ended(event.job)

    def _on_video_available(self, job: Job) -> None:
        """A task completed and its video downloads: the preview plays it from the server at
        once if the job is selected, or if nothing plays (then the job is selected), as a
        finished video is shown (`_on_job_ended`). The job stays "downloading" meanwhile."""
        if job.id in self._offered_streams:  # once: later changes (a renewed link) take nothing
            return
        self._offered_streams.add(job.id)
        on_videos = self.pages.currentIndex() == VIDEOS_PAGE  # not behind the Stories page
        selected = self.job_view.selected_job()
        if on_videos and (
            (selected is not None and selected.id == job.id) or not self.preview.is_playing()
        ):
            self.job_view.select(job.id)
            self._stream(job)

    def _stream(self, job: Job) -> bool:
        """Play `job`'s remote video while its file downloads; False if there is none to play
        (demo mode's simulator has no address a player can reach)."""
        from hailuo_desktop.core.jobs import JobState

        if self.demo or job.state is not JobState.DOWNLOADING or not job.video_url:
            return False
        self._streamed_job = job.id
        self.preview.stream(job.video_url)
        return True

    def _on_job_ended(self, job: Job) -> None:
        from hailuo_desktop.core.jobs import JobState

        prompt = (
            job.request.prompt if len(job.request.prompt) < 60 else (job.request.prompt[:57] + "…")
        )
        streamed = self.preview.is_streaming() and self._streamed_job == job.id
        if job.state is JobState.DONE:
            self.notifier.job_finished(self.tr("Video ready"), prompt, True)
            on_videos = self.pages.currentIndex() == VIDEOS_PAGE  # not behind the Stories page
            if streamed and job.local_path:  # the saved file takes over where the stream is
                self.preview.take_over(job.local_path)
            elif on_videos and not self.preview.is_playing() and job.local_path:
                self.job_view.select(job.id)
                self.preview.load(job.local_path, autoplay=True)
        else:
            if streamed:  # no file will take over
                self.preview.load(None)
            message = translate_message(job.error_message) if job.error_message else prompt
            uncertain = job.state is JobState.UNCERTAIN  # maybe under way: not "failed"
            title = self.tr("Not sure the video was sent") if uncertain else self.tr("Video failed")
            self.notifier.job_finished(title, message, False)
            if job.error_kind is not None:  # told without a dialog over what the user types
                error = errors.error_for_kind(
                    job.error_kind,
                    job.error_message,
                    detail=job.error_detail or "",
                    task_id=job.task_id,
                )
                self.toast.show_message(
                    self.tr("{title}: {reason}").format(title=title, reason=message),
                    action=(self.tr("Details…"), lambda: self.show_error(error)),
                    seconds=None,
                )
        self.refresh_balance()

    # --- async work ------------------------------------------------------------------------

    async def _refresh_balance(self) -> None:
        try:
            balance = await self.runner.balance()
        except errors.HailuoError as error:
            self.balance_label.setText(self.tr("Credits: unknown"))
            self.balance_label.setToolTip(translate_message(error.message))
            return
        credits = "∞" if balance.unlimited else f"{balance.remain_credits or 0:,.0f}"
        self.balance_label.setText(self.tr("Credits: {credits}").format(credits=credits))
        self.balance_label.setToolTip(self.tr("Remaining credits of this API key"))

    async def _check_welcome_key(self, key: str) -> None:
        """Save the pasted key once the service accepts it (or cannot be reached to say no)."""
        try:
            await self._attached.check_key(key)
        except errors.AuthError as error:
            self.welcome.show_error(error.message)
            return
        except errors.HailuoError as error:  # offline etc.: keep the key, go on
            self.statusBar().showMessage(translate_message(error.message), 10000)
        finally:
            self.welcome.set_busy(False)
        self._attached.keys.set(key)
        self.show_page(VIDEOS_PAGE)
        self.runner.resume()
        self.batches.restore()
        self.refresh_balance()

    # --- showing and closing ---------------------------------------------------------------

    def setVisible(self, visible: bool) -> None:
        """Shown maximised the first time where `_place_on_screen` said so, by Qt's own
        `showMaximized`: Python's first look at Qt's window states costs ~40 ms (PySide6 builds
        the whole `Qt` namespace then), which the first frame need not wait for."""
        if visible and self._show_maximised:
            self._show_maximised = False
            self.showMaximized()
            return
        super().setVisible(visible)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window_geometry = self.saveGeometry()
        if self._has_panels:
            self._save_splitters()
            self.settings.last_request = self.create_panel.request()
        if self.services is not None:
            self.preview.load(None)
            if self.stories_page is not None:
                self.stories_page.shutdown()
            self._unsubscribe()
            self.batches.detach()
            self.tasks.cancel_all()
            self.notifier.hide_tray()
        super().closeEvent(event)
        self.closed.emit()


def _made_again_free(_parent: QWidget, _job: Job) -> bool:
    """Demo mode's "Retry": nothing is paid, so nothing to ask."""
    return True
