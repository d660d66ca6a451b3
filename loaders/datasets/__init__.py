"""Importing datasets into fact files of this project's schema: Ecosystem Graphs asset files
(:mod:`.ecosystem_graphs`) and CSV tables with a mapping file (:mod:`.csv_table`)."""

from .csv_table import TableImport, TableMap, import_table, open_table, read_map
from .ecosystem_graphs import DEFAULT_SOURCE, Import, import_assets

__all__ = ["import_assets", "Import", "DEFAULT_SOURCE", "import_table", "read_map", "open_table", "TableImport",
           "TableMap"]
