"""Transcript file formats: one module per format behind the registry in this package."""
