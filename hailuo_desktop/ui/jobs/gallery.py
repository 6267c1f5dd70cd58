"""The gallery: the jobs as a grid of large tiles (`tile.TileDelegate`) that play on hover.

`GalleryView` is a `grid.UniformGrid` of equal tiles with no per-row widgets, placed by
arithmetic: a history of 100,000 jobs needs no layout, and only the tiles on screen are
painted (and ask for their thumbnails). Tiles are about 170–230 px wide: as many columns as
fill the width (four across the right side of a 1366×768 laptop screen). When the mouse rests on
a finished job's tile for `HOVER_DELAY_MS`, the shared `hover.HoverPlayer` loops that video,
muted, in the tile; leaving the tile (or the gallery, or scrolling or filtering it away) stops
it.
What a click or a key does is the Jobs panel's business (`view.JobListView`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QCursor, QHideEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QStyle, QWidget

from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.ui.jobs.grid import UniformGrid
from hailuo_desktop.ui.jobs.hover import HoverPlayer
from hailuo_desktop.ui.jobs.roles import JobRole
from hailuo_desktop.ui.jobs.tile import TileDelegate

HOVER_DELAY_MS = 300
"""How long the mouse rests on a tile before its video plays (passing over tiles plays none)."""

TILE_WIDTH = 200
"""The width tiles aim at; the number of columns is the one that brings them closest."""


def playable(job: object) -> bool:
    """True for a finished job whose video file is there."""
    return (
        isinstance(job, Job)
        and job.state is JobState.DONE
        and bool(job.local_path)
        and Path(str(job.local_path)).is_file()
    )


class GalleryView(UniformGrid):
    """A grid of job tiles over the jobs' (filtered) model, playing the hovered tile's video."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hover = HoverPlayer(self)
        self._delegate = TileDelegate(self._hover.frame, self)
        self._hovered = QPersistentModelIndex()
        self._hover_timer = QTimer(self)
        self._setup()

    # --- public API ------------------------------------------------------------------------

    def hover_player(self) -> HoverPlayer:
        return self._hover

    def hovered_index(self) -> QModelIndex:
        """The tile under the mouse (invalid when none)."""
        model = self.model()
        if model is None or not self._hovered.isValid():
            return QModelIndex()
        return model.index(self._hovered.row(), self._hovered.column())

    # --- construction ----------------------------------------------------------------------

    def _setup(self) -> None:
        self.setItemDelegate(self._delegate)
        self.setDragEnabled(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.verticalScrollBar().setSingleStep(24)
        self._hover_timer.setSingleShot(True)
        self._hover_timer.setInterval(HOVER_DELAY_MS)
        self._hover_timer.timeout.connect(self._on_hover_timeout)
        self._hover.frameChanged.connect(self._on_frame_changed)
        self._fit_tiles()

    def _fit_tiles(self) -> None:
        """As many columns as bring tiles closest to `TILE_WIDTH`, filling the width (room for
        the scroll bar is always kept, so showing it never reflows the grid)."""
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        width = max(1, self.contentsRect().width() - bar)
        columns = max(1, round(width / TILE_WIDTH))
        tile_width = (width - 1) // columns  # a row exactly as wide as the view would wrap
        size = QSize(tile_width, self._delegate.tile_height(tile_width, self.font()))
        if size != self.gridSize():
            self._delegate.set_tile_size(size)
            self.setGridSize(size)

    # --- hover -----------------------------------------------------------------------------

    def _hover_at(self, pos: QPoint | None) -> None:
        index = self.indexAt(pos) if pos is not None else QModelIndex()
        if QPersistentModelIndex(index) == self._hovered:
            return
        self._hover_timer.stop()
        self._hover.stop()  # repaints the tile left while it is still the hovered one
        self._hovered = QPersistentModelIndex(index)
        if index.isValid() and playable(index.data(JobRole.JOB)):
            self._hover_timer.start()

    def _hover_under_cursor(self) -> None:
        viewport = self.viewport()
        inside = self.isVisible() and viewport.underMouse()
        self._hover_at(viewport.mapFromGlobal(QCursor.pos()) if inside else None)

    def _on_hover_timeout(self) -> None:
        job = self._hovered.data(JobRole.JOB) if self._hovered.isValid() else None
        if isinstance(job, Job) and playable(job) and job.local_path:
            self._hover.play(job.id, job.local_path)

    def _on_frame_changed(self, job_id: str) -> None:
        if not self._hovered.isValid():
            self._hover.stop()  # its row was removed or filtered out
            return
        if self._hovered.data(JobRole.JOB_ID) == job_id:
            self.viewport().update(self.visualRect(self.hovered_index()))

    # --- events ----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_tiles()
        super().resizeEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        self._hover_at(event.position().toPoint())

    def viewportEvent(self, event) -> bool:
        if event.type() == event.Type.Leave:
            self._hover_at(None)
        return super().viewportEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._hover_under_cursor()

    def updateGeometries(self) -> None:
        super().updateGeometries()  # after every layout: rows came, went or were filtered
        self._hover_under_cursor()

    def hideEvent(self, event: QHideEvent) -> None:
        self._hover_at(None)
        super().hideEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._fit_tiles()
