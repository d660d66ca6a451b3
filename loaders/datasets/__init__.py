"""Importing datasets into fact files of this project's schema: Ecosystem Graphs asset files
(:mod:`.ecosystem_graphs`), CSV tables with a mapping file (:mod:`.csv_table`) and Wikidata entity JSON
(:mod:`.wikidata`)."""

from .csv_table import TableImport, TableMap, import_table, open_table, read_map
from .ecosystem_graphs import DEFAULT_SOURCE, Import, import_assets
from .wikidata import WikidataImport, import_wikidata

__all__ = ["import_assets", "Import", "DEFAULT_SOURCE", "import_table", "read_map", "open_table", "TableImport",
           "TableMap", "import_wikidata", "WikidataImport"]
