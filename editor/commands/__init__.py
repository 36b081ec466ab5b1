"""Handlers of the command-line subcommands (no Qt)."""
