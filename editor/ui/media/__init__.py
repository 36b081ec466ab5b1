"""Playback of the project's media in step with the transcript (QtMultimedia)."""

from editor.ui.media.install import install_media

__all__ = ["install_media"]
