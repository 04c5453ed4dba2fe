"""Sentences of the opportunities explorer and its exports, in English and French."""

EXPLORER: dict[str, dict[str, str]] = {}
