"""The review workflow in the GUI: suspects queue and underlines, glossary, versions and history."""

from editor.ui.review.install import ReviewUI, install_review

__all__ = ["ReviewUI", "install_review"]
