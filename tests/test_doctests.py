"""The examples in the docstrings run, and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest
from test_layers import _module_name

from china_ai_kg.base.layout import source_files

MODULES = sorted(_module_name(p) for p in source_files() if p.suffix == ".py" and ">>>" in p.read_text("utf-8"))


def test_the_package_has_examples():
    assert len(MODULES) >= 15


@pytest.mark.parametrize("name", MODULES)
def test_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert (result.failed, result.attempted > 0) == (0, True)
