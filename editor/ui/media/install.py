"""`install_media(window)`: playback for the window (the controller builds its dock, menu and keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.ui.media.controller import MediaController
from editor.ui.media.player import create_player

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


def install_media(window: MainWindow) -> MediaController:
    """Add playback to `window`: a dock at the bottom, a Playback menu, actions with keys from the settings."""
    player, problem = create_player(window)
    return MediaController(window, player, problem)
