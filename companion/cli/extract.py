"""Subcommands (placeholder until this stage lands)."""

COMMANDS: list = []
