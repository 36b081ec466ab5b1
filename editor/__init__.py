"""transcript-editor: correct speech-to-text transcripts by hand."""

__version__ = "0.1.0"
