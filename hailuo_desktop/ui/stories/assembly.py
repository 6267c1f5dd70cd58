"""The Stories page as the main window builds it, the first time it is shown: over the story
maker the composition root gave (or one of its own over the window's runner), with the
window's toast, error dialog, prices and form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from hailuo_desktop import paths
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.runner import Runner
from hailuo_desktop.engine.stories import StoryMaker
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.store.stories import StoryStore
from hailuo_desktop.ui.common.toast import Toast
from hailuo_desktop.ui.jobs.thumbnails import ThumbnailCache
from hailuo_desktop.ui.stories.page import ShowError, StoriesPage
from hailuo_desktop.ui.stories.service import StoryService

FRAMES_FOLDER = "stories"
"""In the data folder: the pictures continuing shots start from (as the command line's)."""


def stories_page_for(
    window: QWidget,
    runner: Runner,
    settings: Settings,
    *,
    toast: Toast,
    show_error: ShowError,
    default_request: Callable[[], GenerationRequest],
    demo: bool,
    maker: StoryMaker | None = None,
) -> StoriesPage:
    """The window's Stories page (`maker` None: one over `runner`)."""
    if maker is None:
        maker = StoryMaker(
            runner,
            StoryStore(runner.store),
            frames_dir=paths.data_dir() / FRAMES_FOLDER,
            prices=lambda: settings.prices,
        )
    return StoriesPage(
        StoryService(maker),
        thumbnails=ThumbnailCache(parent=window),
        toast=toast,
        show_error=show_error,
        prices=lambda: settings.prices,
        default_request=default_request,
        demo=demo,
    )
