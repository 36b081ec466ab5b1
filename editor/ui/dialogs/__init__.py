"""Dialogs: find and replace, export, and plain-text message boxes."""
