"""Bundled fact files (YAML), loaded by :func:`china_ai_kg.loaders.bundled_files`."""
