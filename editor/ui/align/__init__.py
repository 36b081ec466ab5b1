"""Playback > Align Transcript to Media: alignment in a child process, progress in the status bar."""

from editor.ui.align.controller import AlignController, install_align

__all__ = ["AlignController", "install_align"]
