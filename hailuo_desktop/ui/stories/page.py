"""The Stories page: a story's shots as cards, the selected shot's form and a preview.

The page is the controller of its widgets: the header (`header.StoryHeader`), the strip
(`strip.ShotStrip`), the shot's form (`editor.ShotEditor`) and its own preview. It turns what
the user does into calls of its `StoryService` (storing a shot, making the story, making a shot
again, exporting) and the engine's job events into the cards' states. Edits are saved while the
user types (debounced, `SAVE_DELAY_MS`) as long as the shot is not made. Failures are told in
the window's toast, with their details a click away — never a dialog over typing.

It is longer than most modules: it is the one controller of the page, and its commands share
the story shown, the shots' states and the pending save. The widgets it drives, the cards'
texts (`texts`) and the engine's face (`service`) live beside it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QImage, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import Job
from hailuo_desktop.core.messages import Message
from hailuo_desktop.core.options import GenerationRequest, PriceTable
from hailuo_desktop.core.stories import Shot, Story, story_problems, total_estimate
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.engine.stories import StoryEvent, StoryEventKind, StoryOutcome
from hailuo_desktop.ui.common.splitter import ProportionalSplitter
from hailuo_desktop.ui.common.tasks import BackgroundTasks
from hailuo_desktop.ui.common.toast import Toast
from hailuo_desktop.ui.common.translators import translate_message
from hailuo_desktop.ui.jobs.thumbnails import ThumbnailCache
from hailuo_desktop.ui.preview import PreviewPlayer
from hailuo_desktop.ui.stories.editor import ShotEditor
from hailuo_desktop.ui.stories.header import StoryHeader
from hailuo_desktop.ui.stories.remake import RemakePlan, ask_before_remake, remake_plan
from hailuo_desktop.ui.stories.service import Phase, ShotStatus, StoryService, shot_statuses
from hailuo_desktop.ui.stories.strip import ShotStrip
from hailuo_desktop.ui.stories.texts import card_facts, join_notes

SAVE_DELAY_MS = 600
"""How long after the last keystroke a shot's form is saved."""
EDITOR_AND_PREVIEW = (0.5, 0.5)

ShowError = Callable[[errors.HailuoError], object]
AskRemake = Callable[[QWidget, RemakePlan], bool]


class StoriesPage(QWidget):
    """The page (see the module doc). Public for tests: header, strip, editor, preview.

    Signals: notice(str) — something for the status line (a model switch changed choices).
    """

    notice = Signal(str)

    def __init__(
        self,
        service: StoryService,
        *,
        thumbnails: ThumbnailCache,
        toast: Toast,
        show_error: ShowError,
        prices: Callable[[], PriceTable],
        default_request: Callable[[], GenerationRequest],
        demo: bool = False,
        ask_remake: AskRemake = ask_before_remake,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("storiesPage")
        self.service = service
        self.thumbnails = thumbnails
        self.toast = toast
        self._show_error = show_error
        self._prices = prices
        self._default_request = default_request
        self._demo = demo
        self._ask_remake = ask_remake
        self.tasks = BackgroundTasks()
        self.header = StoryHeader()
        self.strip = ShotStrip()
        self.editor = ShotEditor(prices)
        self.preview = PreviewPlayer()
        self.preview.setObjectName("storyPreview")
        self.empty = QWidget()
        self.empty_button = QPushButton(self.tr("New story"))
        self.empty_button.setObjectName("emptyNewStoryButton")
        self._stack = QStackedWidget()
        self._story: Story | None = None
        self._statuses: dict[str, ShotStatus] = {}
        self._jobs: dict[str, Job] = {}
        self._not_made: dict[str, Message] = {}  # why a shot was not made, by shot id
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._exporting: asyncio.Task | None = None
        self._closed = False
        self._making = 0  # makes under way (the maker still places their videos when done)
        self._unsubscribe: list[Callable[[], None]] = []
        self._setup_ui()
        self._connect()
        self.reload()

    # --- public API ------------------------------------------------------------------------

    def story(self) -> Story | None:
        return self._story

    def status(self, shot_id: str) -> ShotStatus | None:
        return self._statuses.get(shot_id)

    def reload(self, story_id: str | None = None) -> None:
        """Read the stories again and show `story_id` (else the one shown, else the newest)."""
        self.flush()
        stories = self._call(self.service.stories) or []
        wanted = story_id or (self._story.id if self._story else None)
        story = next((s for s in stories if s.id == wanted), stories[0] if stories else None)
        self.header.set_stories(stories, story.id if story else None)
        self._show_story(story)

    def open_story(self, story_id: str) -> None:
        self.reload(story_id)

    def new_story(self) -> Story | None:
        """A new story with one empty shot, its prompt ready for typing."""
        self.flush()
        count = len(self._call(self.service.stories) or [])
        title = self.tr("Story {number}").format(number=count + 1)
        story = self._call(lambda: self.service.create(title))
        if story is None:
            return None
        story = self._call(lambda: self.service.add_shot(story.id, self._blank_request(), False))
        if story is None:
            return None
        self.reload(story.id)
        if story.shots:
            self.strip.select(story.shots[0].id)
        self.editor.panel.prompt_editor.setFocus()
        self.toast.show_message(self.tr("New story — describe its first shot"))
        return story

    def add_shot(self) -> Shot | None:
        """A shot at the end, with the last shot's options and no prompt yet."""
        if self._refused_while_made():
            return None
        story = self._story or self.new_story()
        if story is None:
            return None
        self.flush()
        story = self._story or story
        request = self._blank_request(story.shots[-1].request if story.shots else None)
        updated = self._call(lambda: self.service.add_shot(story.id, request, False))
        if updated is None:
            return None
        shot = updated.shots[-1]
        self._show_story(updated)
        self.strip.select(shot.id)
        self.editor.panel.prompt_editor.setFocus()
        return shot

    def move_shot(self, shot_id: str, position: int) -> None:
        current = self._story
        if current is None or self._refused_while_made():
            return
        self.flush()
        story = self._call(lambda: self.service.move_shot(current.id, shot_id, position))
        if story is not None:
            self._show_story(self._first_starts_afresh(story))
            self.strip.select(shot_id, focus=True)
            self.toast.show_message(
                self.tr("Shot moved to place {number}").format(number=position + 1), seconds=2.5
            )

    def remove_shot(self, shot_id: str) -> None:
        story = self._story
        if story is None or self._refused_while_made():
            return
        self.flush()
        shot = story.shot(shot_id)
        updated = self._call(lambda: self.service.remove_shot(story.id, shot_id))
        if updated is None:
            return
        updated = self._first_starts_afresh(updated)
        self._show_story(updated)
        if updated.shots:
            self.strip.select(updated.shots[min(shot.position, len(updated.shots) - 1)].id)

        def undo() -> None:
            again = self._call(
                lambda: self.service.add_shot(updated.id, shot.request, shot.continues)
            )
            if again is not None:
                moved = self._call(
                    lambda: self.service.move_shot(again.id, again.shots[-1].id, shot.position)
                )
                self._show_story(moved or again)
                if moved is not None:
                    self.strip.select(moved.shots[shot.position].id)

        self.toast.show_message(
            self.tr("Shot {number} removed").format(number=shot.number),
            action=(self.tr("Undo"), undo),
            seconds=8.0,
        )

    def make_story(self) -> None:
        """Make every shot not made yet, after checking the story's rules."""
        self.flush()
        story = self._story
        if story is None:
            return
        broken = story_problems(story)
        if broken:
            problem = broken[0]
            if problem.shot_number:
                self.strip.select(story.shots[problem.shot_number - 1].id, focus=True)
            self.toast.show_message(
                self.tr("The story cannot be made yet: {reason}").format(
                    reason=translate_message(problem.message)
                ),
                seconds=10.0,
            )
            return
        if not self._to_make(story):
            self.toast.show_message(self.tr("Every shot is made or on its way."))
            return
        for shot in story.shots:
            self._not_made.pop(shot.id, None)
        self.tasks.start(self._make(self.service.make(story.id)), name="make story")
        self.header.make_button.setEnabled(False)
        self.toast.show_message(
            self.tr("Making the story: shots that continue wait for the shot before")
        )

    def make_again(self, shot_id: str) -> None:
        self.flush()
        story = self._story
        if story is None or self._refused_while_made():
            return
        offer = self._call(lambda: self.service.remake_offer(story.id, shot_id))
        if offer is None:
            return
        plan = remake_plan(offer.shots, offer.estimate, demo=self._demo)
        if not self._ask_remake(self, plan):
            return
        for shot in plan.shots:
            self._not_made.pop(shot.id, None)
        self.tasks.start(
            self._make(self.service.make_again(story.id, shot_id)), name="make a shot again"
        )
        self.toast.show_message(
            self.tr("Making shot {number} again").format(number=plan.shot.number)
            if len(plan.shots) == 1
            else self.tr("Making shot {number} again, and the shots that continue from it").format(
                number=plan.shot.number
            )
        )

    def export(self) -> None:
        """Join the shots into one video in the background (progress and Cancel in the
        header), then say where it is."""
        story = self._story
        if story is None or self._exporting is not None:
            return
        self.flush()
        if not self._exportable(story):
            self.toast.show_message(self.tr("Make every shot first: the export joins them all."))
            return
        self.header.set_exporting(True)
        self._exporting = self.tasks.start(self._export(story.id), name="story export")
        self._exporting.add_done_callback(self._on_export_ended)

    def cancel_export(self) -> None:
        if self._exporting is not None:
            self._exporting.cancel()

    def is_exporting(self) -> bool:
        return self._exporting is not None

    def play_story(self) -> None:
        story = self._story
        if story is not None and story.export_path and Path(story.export_path).exists():
            self.preview.load(story.export_path, autoplay=True)

    def on_job_event(self, event: JobEvent) -> None:
        """A job changed: the card of the shot it makes follows."""
        if event.kind is EventKind.TRANSFER or self._story is None:
            return
        self._jobs[event.job.id] = event.job
        if event.job.id in {shot.job_id for shot in self._story.shots if shot.job_id}:
            self._refresh()

    def on_story_event(self, event: StoryEvent) -> None:
        """The story maker's news: a story's rows changed, a shot was not made."""
        story = self._story
        if story is None or event.story_id != story.id:
            if event.kind is StoryEventKind.CHANGED:
                self._refresh_chooser()
            return
        if event.kind is StoryEventKind.SHOT and event.job is not None:
            self._jobs[event.job.id] = event.job
            self._refresh()
        elif event.kind is StoryEventKind.NOT_MADE and event.shot is not None:
            if event.message is not None:
                self._not_made[event.shot.id] = event.message
            self._refresh()
        elif event.kind is StoryEventKind.CHANGED:
            fresh = self._call(lambda: self.service.get(story.id))
            if fresh is not None:
                self._story = fresh
                self._jobs.clear()  # a shot's video may have moved into the story's folder
                self._refresh()
                self._follow_moved_video()
        elif event.kind is StoryEventKind.EXPORT_PROGRESS:
            self.header.set_export_fraction(event.progress)

    def _follow_moved_video(self) -> None:
        """The preview shows the selected shot's video where it is now."""
        status = self._statuses.get(self.strip.current() or "")
        shown = self.preview.current_path()
        if status is not None and status.video and shown and not Path(shown).exists():
            self.preview.load(status.video)

    def refresh(self) -> None:
        """Estimates again (the prices changed in the settings)."""
        self.editor.panel.refresh()
        self._refresh()

    def toast_area(self) -> QRect:
        """Where the window's messages go while the page shows: the foot of the shot's form,
        off the video (a native video surface would cover them)."""
        host = self.toast.parentWidget() or self
        return QRect(self.editor.mapTo(host, QPoint(0, 0)), self.editor.size())

    def picture_panel(self):
        """The form that takes a picture pasted or dropped on the window: the shot's, while it
        can change; else None."""
        status = self._statuses.get(self.editor.shot_id() or "")
        made = status is not None and status.made
        if self.editor.shot_id() is None or made or self._locked():
            return None
        return self.editor.panel

    def flush(self) -> None:
        """Save the shown shot's pending edits now."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save_shot()

    def shutdown(self) -> None:
        """The window closes: save what is pending, then take no more edits or events (the
        history closes after the window)."""
        self.flush()
        self._closed = True
        self._save_timer.stop()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        self.preview.load(None)
        self.tasks.cancel_all()

    # --- layout ----------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        heading = QLabel(self.tr("Tell a story in shots"))
        heading.setObjectName("storiesEmptyHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5 if font.pointSizeF() > 0 else 15)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        words = QLabel(
            self.tr(
                "A story is a few shots made one after another — each can start on the last "
                "frame of the shot before, so the video runs on. When every shot is made, "
                "export the story as one video."
            )
        )
        words.setWordWrap(True)
        words.setFixedWidth(480)
        words.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        words.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.empty_button.setMinimumSize(160, 36)
        self.empty_button.setDefault(True)
        for widget in (heading, words, self.empty_button):
            empty_layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
            empty_layout.addSpacing(8)
        empty_layout.addStretch(1)

        story_view = QWidget()
        column = QVBoxLayout(story_view)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.strip)
        body = ProportionalSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.editor)
        body.addWidget(self.preview)
        body.setCollapsible(0, False)
        body.set_shares(EDITOR_AND_PREVIEW)
        self.splitter = body
        column.addWidget(body, 1)
        self._stack.addWidget(self.empty)
        self._stack.addWidget(story_view)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

    def _connect(self) -> None:
        self.header.storyChosen.connect(self.open_story)
        self.header.newRequested.connect(self.new_story)
        self.header.renamed.connect(self._on_renamed)
        self.header.makeRequested.connect(self.make_story)
        self.header.exportRequested.connect(self.export)
        self.header.playRequested.connect(self.play_story)
        self.header.cancelExportRequested.connect(self.cancel_export)
        self.empty_button.clicked.connect(self.new_story)
        self.strip.selected.connect(self._on_selected)
        self.strip.addRequested.connect(self.add_shot)
        self.strip.moveRequested.connect(self.move_shot)
        self.strip.removeRequested.connect(self.remove_shot)
        self.strip.makeAgainRequested.connect(self.make_again)
        self.strip.playRequested.connect(self._on_play_shot)
        self.strip.editRequested.connect(
            lambda _shot_id: self.editor.panel.prompt_editor.setFocus(Qt.FocusReason.TabFocusReason)
        )
        self.editor.edited.connect(self._on_edited)
        self.editor.makeAgainRequested.connect(lambda: self.make_again(self.editor.shot_id() or ""))
        self.editor.notice.connect(self.notice)
        self.preview.errorOccurred.connect(lambda text: self.toast.show_message(text))
        self.thumbnails.ready.connect(self._on_thumbnail_ready)
        self._save_timer.timeout.connect(self._save_shot)
        self._unsubscribe = [
            self.service.events.subscribe(self.on_story_event),
            self.service.maker.runner.events.subscribe(self.on_job_event),
        ]

    # --- showing ---------------------------------------------------------------------------

    def _refresh_chooser(self) -> None:
        """Another story changed (the command line made it, say): the chooser reads them
        again, the story shown stays."""
        stories = self._call(self.service.stories) or []
        self.header.set_stories(stories, self._story.id if self._story else None)

    def _show_story(self, story: Story | None) -> None:
        self._story = story
        self._stack.setCurrentIndex(1 if story is not None else 0)
        if story is None:
            self.editor.show_shot(None)
            return
        self.header.set_title(story.title)
        index = self.header.chooser.findData(story.id)
        if index >= 0:
            self.header.chooser.setItemText(index, story.title or self.tr("Untitled story"))
            self.header.chooser.setCurrentIndex(index)
        self._refresh()
        current = self.strip.current()
        if current is None or current not in {shot.id for shot in story.shots}:
            self.strip.select(story.shots[0].id if story.shots else None)
            if not story.shots:
                self.editor.show_shot(None)
        else:
            self._show_editor(current)

    def _refresh(self) -> None:
        """Cards, estimate and buttons from the story and its jobs."""
        story = self._story
        if story is None:
            return
        statuses = shot_statuses(story, self._job, making=self._locked())
        self._statuses = {
            shot.id: status for shot, status in zip(story.shots, statuses, strict=True)
        }
        facts = [
            card_facts(shot, status, self._not_made.get(shot.id))
            for shot, status in zip(story.shots, statuses, strict=True)
        ]
        self.strip.show_cards(facts)
        for shot, status in zip(story.shots, statuses, strict=True):
            self._request_thumbnail(shot, status)
        self._show_estimate(story)
        current = self.strip.current()
        if current is not None and current == self.editor.shot_id():
            shown = self._statuses.get(current)
            read_only = shown is not None and (shown.made or self._locked())
            if read_only != self.editor.made_bar.isVisible():
                self._show_editor(current)

    def _show_estimate(self, story: Story) -> None:
        to_make = self._to_make(story)
        estimate = total_estimate(to_make, self._prices()) if to_make else None
        seconds = sum(shot.request.duration for shot in story.shots)
        count = len(story.shots)
        parts = [
            self.tr("1 shot") if count == 1 else self.tr("{count} shots").format(count=count),
            self.tr("{seconds} s").format(seconds=seconds),
        ]
        working = any(
            status.phase in (Phase.WORKING, Phase.WAITING) for status in self._statuses.values()
        )
        if working:
            parts.append(self.tr("being made"))
        elif not to_make and story.shots:
            parts.append(self.tr("all made"))
        elif estimate is not None:
            text = self.tr("≈ ${usd} ({credits} credits)").format(
                usd=f"{estimate.usd:.2f}", credits=estimate.credits
            )
            if len(to_make) < len(story.shots):
                text = self.tr("{count} to make: {estimate}").format(
                    count=len(to_make), estimate=text
                )
            parts.append(text)
        self.header.set_estimate(" · ".join(parts))
        self.header.make_button.setEnabled(bool(to_make) and not working and not self._making)
        self.header.make_button.setToolTip(
            self.tr("Make every shot not made yet; shots that continue wait for the shot before")
            if to_make
            else self.tr("Every shot is made or on its way")
        )
        exportable = self._exportable(story)
        self.header.export_button.setEnabled(exportable)
        self.header.export_button.setToolTip(
            self.tr("Join the shots into one video")
            if exportable
            else self.tr("Make every shot first: the export joins them all.")
        )
        exported = bool(story.export_path and Path(story.export_path).exists())
        self.header.play_button.setEnabled(exported)
        self.header.play_button.setToolTip(
            self.tr("Play the exported story") if exported else self.tr("Export the story first")
        )

    def _to_make(self, story: Story) -> list[Shot]:
        return [
            shot
            for shot in story.shots
            if self._statuses.get(shot.id, ShotStatus(Phase.NEW)).phase
            in (Phase.NEW, Phase.FAILED, Phase.BLOCKED)
        ]

    def _exportable(self, story: Story) -> bool:
        return (
            not self._making
            and bool(story.shots)
            and all(
                self._statuses.get(shot.id, ShotStatus(Phase.NEW)).phase is Phase.DONE
                for shot in story.shots
            )
        )

    def _job(self, job_id: str) -> Job | None:
        job = self._jobs.get(job_id)
        if job is None:
            job = self.service.job(job_id)
            if job is not None:
                self._jobs[job_id] = job
        return job

    # --- thumbnails ------------------------------------------------------------------------

    def _thumbnail_key(self, shot: Shot, status: ShotStatus) -> tuple[str, Job] | None:
        if status.job is not None and (status.video or status.job.request.first_frame):
            return status.job.id, status.job
        if shot.request.first_frame:
            key = f"shot-{shot.id}"
            return key, Job(id=key, request=shot.request, created_at=0.0, updated_at=0.0)
        return None

    def _request_thumbnail(self, shot: Shot, status: ShotStatus) -> None:
        card = self.strip.card(shot.id)
        found = self._thumbnail_key(shot, status)
        if card is None:
            return
        if found is None:
            card.set_image(None)
            return
        key, job = found
        self.thumbnails.request(job)
        image = self.thumbnails.image(key)
        card.set_image(image if isinstance(image, QImage) else None)

    def _on_thumbnail_ready(self, key: str) -> None:
        story = self._story
        if story is None:
            return
        for shot in story.shots:
            status = self._statuses.get(shot.id)
            found = self._thumbnail_key(shot, status) if status else None
            card = self.strip.card(shot.id)
            if found is not None and found[0] == key and card is not None:
                card.set_image(self.thumbnails.image(key))

    # --- reacting --------------------------------------------------------------------------

    def _on_selected(self, shot_id: str) -> None:
        if self.editor.shot_id() != shot_id:
            self.flush()
        self._show_editor(shot_id)
        status = self._statuses.get(shot_id)
        # the shot's own clip, or nothing: another shot's clip would pass for this one's
        self.preview.load(status.video if status is not None and status.video else None)

    def _on_play_shot(self, shot_id: str) -> None:
        status = self._statuses.get(shot_id)
        if status is not None and status.video:
            self.preview.load(status.video, autoplay=True)

    def _show_editor(self, shot_id: str) -> None:
        story = self._story
        if story is None:
            return
        try:
            shot = story.shot(shot_id)
        except KeyError:
            return
        status = self._statuses.get(shot_id, ShotStatus(Phase.NEW))
        locked = self._locked()
        made_text = ""
        if status.phase is Phase.DONE:
            made_text = self.tr("Shot {number} is made. To change it, make it again.")
        elif status.made:
            made_text = self.tr("Shot {number} is being made.")
        elif locked:
            made_text = self.tr("The story is being made: shot {number} can change once it is.")
        read_only = status.made or locked
        self.editor.show_shot(shot, made=read_only, made_text=made_text.format(number=shot.number))
        self.editor.make_again_button.setVisible(status.phase is Phase.DONE)
        self.editor.make_again_button.setEnabled(not locked)

    def _locked(self) -> bool:
        """The story is being made: its shots cannot change until it is."""
        story = self._story
        return story is not None and self.service.is_making(story.id)

    def _refused_while_made(self) -> bool:
        """Say so, and True, when the story is being made (nothing may change meanwhile)."""
        if not self._locked():
            return False
        self.toast.show_message(
            self.tr("The story is being made: change its shots once it is."), seconds=6.0
        )
        return True

    def _on_edited(self) -> None:
        if self._closed:
            return
        shot_id = self.editor.shot_id()
        status = self._statuses.get(shot_id or "")
        if shot_id is None or (status is not None and status.made) or self._locked():
            return
        card = self.strip.card(shot_id)
        if card is not None:  # the card follows the typing; the save waits for a pause
            card.prompt = self.editor.panel.prompt_editor.prompt()
            card.update()
        self._save_timer.start()

    def _save_shot(self) -> None:
        shot_id = self.editor.shot_id()
        story = self._story
        if shot_id is None or story is None:
            return
        try:
            shot = story.shot(shot_id)
        except KeyError:
            return
        request, continues = self.editor.request(), self.editor.continues()
        if (request, continues) == (shot.request, shot.continues):
            return
        updated = self._call(
            lambda: self.service.update_shot(story.id, shot_id, request, continues)
        )
        if updated is not None:
            self._story = updated
            self._refresh()

    def _on_renamed(self, title: str) -> None:
        story = self._story
        if story is None or title == story.title:
            return
        if not title:
            self.header.set_title(story.title)
            self.toast.show_message(self.tr("A story needs a title."))
            return
        updated = self._call(lambda: self.service.rename(story.id, title))
        if updated is not None:
            self._story = updated
            index = self.header.chooser.findData(story.id)
            if index >= 0:
                self.header.chooser.setItemText(index, title)
            self.toast.show_message(self.tr("Story renamed"), seconds=2.5)

    # --- helpers ---------------------------------------------------------------------------

    def _first_starts_afresh(self, story: Story) -> Story:
        """A continuing shot that became the first (moved there, or the first removed) starts
        afresh: there is nothing before it to continue."""
        first = story.shots[0] if story.shots else None
        if first is None or not first.continues or first.job_id:
            return story
        fixed = self._call(
            lambda: self.service.update_shot(story.id, first.id, first.request, False)
        )
        return fixed or story

    def _blank_request(self, like: GenerationRequest | None = None) -> GenerationRequest:
        from dataclasses import replace

        base = like or self._default_request()
        return replace(
            base,
            prompt="",
            first_frame=None,
            last_frame=None,
            reference_images=(),
            reference_videos=(),
        )

    def _call(self, command: Callable[[], object]):
        """Run a story command; a failure is told in the toast with its details."""
        try:
            return command()
        except errors.HailuoError as error:
            self._tell(error)
        return None

    def _tell(self, error: errors.HailuoError, *, prefix: str = "") -> None:
        self.toast.show_message(
            prefix + translate_message(error.message),
            action=(self.tr("Details…"), lambda: self._show_error(error)),
            seconds=None,
        )

    async def _make(self, making) -> None:
        """Await a make (or make again); tell what kept shots from being made."""
        self._making += 1
        try:
            outcome: StoryOutcome = await making
        except errors.HailuoError as error:
            self._tell(error)
            return
        finally:
            self._making -= 1
            if self._story is not None:
                self._refresh()
        if self._story is not None and outcome.story.id == self._story.id:
            self._story = outcome.story
            self._refresh()
        refused = [shot for shot in outcome.shots if shot.error is not None]
        failed = [shot for shot in outcome.shots if not shot.done]
        if refused:
            first = refused[0]
            assert first.error is not None
            self._tell(
                first.error, prefix=self.tr("Shot {number}: ").format(number=first.shot.number)
            )
        elif failed:
            self.toast.show_message(
                self.tr("1 shot could not be made: see its card.")
                if len(failed) == 1
                else self.tr("{count} shots could not be made: see their cards.").format(
                    count=len(failed)
                ),
                seconds=10.0,
            )
        elif outcome.shots:
            self.toast.show_message(
                self.tr("The story is made — export it to watch it in one piece"),
                action=(self.tr("Export"), self.export),
                seconds=10.0,
            )

    def _on_export_ended(self, task: asyncio.Task) -> None:
        """Export or Cancel again, however the export ended (cancelled even before it began)."""
        self._exporting = None
        if not self._closed:
            self.header.set_exporting(False)
            if task.cancelled():
                self.toast.show_message(self.tr("Export cancelled — nothing was written"))

    async def _export(self, story_id: str) -> None:
        try:
            exported = await self.service.export(story_id, self.header.set_export_fraction)
        except errors.HailuoError as error:
            self._tell(error)
            return
        self.reload(story_id)
        folder = QUrl.fromLocalFile(str(exported.path.parent))
        text = self.tr("Story exported: {name}").format(name=exported.path.name)
        notes = join_notes(exported.result)
        if notes:
            text += " — " + "; ".join(notes)
        self.toast.show_message(
            text,
            action=(self.tr("Show in folder"), lambda: QDesktopServices.openUrl(folder)),
            seconds=12.0,
        )
        self.preview.load(str(exported.path))
