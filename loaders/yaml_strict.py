"""YAML reading that refuses what fact files must not contain.

PyYAML's safe loader accepts duplicate keys (the last one wins silently)
and turns ``2025-01-29`` into a date object.  Fact files need neither: a
duplicate key is a mistake to report, and dates stay strings so that
partial dates (``2025-02``) and full ones are handled alike.  Tags other
than the core ones (``!!python/object``, custom ``!tags``) are refused.

We compose the node tree with libyaml when it is available (it is in the
PyYAML wheels) and build plain Python values ourselves, keeping the line
of every mapping key.
"""

from __future__ import annotations

from ..base.errors import InputError
from .records import Record

__all__ = ["read_yaml"]

_CORE = "tag:yaml.org,2002:"
_SCALARS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _scalar(node, file: str):
    tag = node.tag
    if tag == _CORE + "str" or tag == _CORE + "timestamp":
        return node.value
    if tag == _CORE + "int":
        return int(node.value.replace("_", ""), 0) if node.value[:2] in ("0x", "0o") else int(node.value.replace("_", ""))
    if tag == _CORE + "float":
        return float(node.value.replace("_", ""))
    if tag == _CORE + "bool":
        return node.value.lower() in ("true", "yes", "on", "y")
    if tag == _CORE + "null":
        return None
    raise InputError(f"YAML tag '{tag.replace(_CORE, '!!')}' is not allowed", file=file, line=node.start_mark.line + 1)


def _build(node, file: str, yaml):
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALARS:
            raise InputError(
                f"YAML tag '{node.tag.replace(_CORE, '!!')}' is not allowed", file=file, line=node.start_mark.line + 1
            )
        return _scalar(node, file)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _CORE + "seq":
            raise InputError(f"YAML tag '{node.tag.replace(_CORE, '!!')}' is not allowed", file=file, line=node.start_mark.line + 1)
        return [_build(n, file, yaml) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        if node.tag != _CORE + "map":
            raise InputError(f"YAML tag '{node.tag.replace(_CORE, '!!')}' is not allowed", file=file, line=node.start_mark.line + 1)
        rec = Record(file=file, line=node.start_mark.line + 1, lines={})
        for knode, vnode in node.value:
            line = knode.start_mark.line + 1
            if not isinstance(knode, yaml.ScalarNode):
                raise InputError("mapping keys must be plain strings", file=file, line=line)
            if knode.tag == _CORE + "merge":
                raise InputError("YAML merge keys ('<<') are not allowed", file=file, line=line)
            key = str(_build(knode, file, yaml))
            if key in rec:
                raise InputError(f"duplicate key '{key}' (first at line {rec.lines[key]})", file=file, line=line)
            rec[key] = _build(vnode, file, yaml)
            rec.lines[key] = line
        return rec
    raise InputError("unsupported YAML node", file=file, line=node.start_mark.line + 1)


def read_yaml(text: str, file: str):
    """Parse one YAML document into dicts (:class:`Record`), lists and scalars.

    Raises :class:`InputError` with ``file:line`` for malformed YAML,
    duplicate keys, anchors used as aliases of mappings and disallowed tags.
    """
    import yaml  # lazy: ~20 ms, which only YAML input needs

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "malformed YAML"
        raise InputError(f"malformed YAML: {problem}", file=file, line=mark.line + 1 if mark else None) from e
    except yaml.YAMLError as e:
        raise InputError(f"malformed YAML: {e}", file=file) from e
    if node is None:
        return None
    return _build(node, file, yaml)
