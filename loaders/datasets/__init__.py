"""Importing datasets into fact files of this project's schema: Ecosystem Graphs asset files (:mod:`.ecosystem_graphs`)."""

from .ecosystem_graphs import DEFAULT_SOURCE, Import, import_assets

__all__ = ["import_assets", "Import", "DEFAULT_SOURCE"]
