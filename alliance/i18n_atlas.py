"""Sentences of the map, timeline and meeting-mode pages, in English and French."""

ATLAS: dict[str, dict[str, str]] = {}
