"""Suspected mis-transcriptions: detection, glossary, correction memory. Pure Python."""
