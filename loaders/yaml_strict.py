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
from ..base.limits import MAX_DEPTH, MAX_YAML_ALIASES, MAX_YAML_NODES
from .records import Record

__all__ = ["read_yaml"]

_CORE = "tag:yaml.org,2002:"
_SCALARS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}


def _number(text: str, tag: str):
    """A YAML 1.1 ``int`` or ``float`` scalar as Python; forms that are not plainly numbers stay text.

    Sexagesimal forms (``1:30``) stay as written, since a fact file means a time or a ratio by them, not
    the number 90; ``.inf`` and ``.nan`` become floats, which the value checks then refuse.
    """
    plain = text.replace("_", "")
    if ":" in plain:
        return text
    if tag == _CORE + "float":
        special = _SPECIAL_FLOATS.get(plain.lower())
        return special if special is not None else float(plain)
    sign = -1 if plain.startswith("-") else 1
    digits = plain.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.lower().startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


class _Builder:
    """Turns a composed YAML node graph into values, bounding what aliases and nesting can do."""

    def __init__(self, file: str, yaml):
        self.file, self.yaml = file, yaml
        self.seen: set = set()
        self.aliases = 0
        self.nodes = 0

    def error(self, message: str, node) -> InputError:
        return InputError(message, file=self.file, line=node.start_mark.line + 1)

    def tag_error(self, node) -> InputError:
        return self.error(f"YAML tag '{node.tag.replace(_CORE, '!!')}' is not allowed", node)

    def scalar(self, node):
        tag = node.tag
        if tag not in _SCALARS:
            raise self.tag_error(node)
        if tag == _CORE + "str" or tag == _CORE + "timestamp":
            return node.value
        if tag == _CORE + "bool":
            return node.value.lower() in ("true", "yes", "on", "y")
        if tag == _CORE + "null":
            return None
        try:
            return _number(node.value, tag)
        except ValueError as e:
            shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
            raise self.error(f"bad YAML number '{shown}'", node) from e

    def build(self, node, depth: int = 0):
        yaml = self.yaml
        self.nodes += 1
        if id(node) in self.seen:  # an alias: the composer hands back the anchored node itself
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise self.error(f"more than {MAX_YAML_ALIASES} YAML aliases", node)
        self.seen.add(id(node))
        if self.nodes > MAX_YAML_NODES:
            raise self.error(f"YAML aliases expand to more than {MAX_YAML_NODES:,} values", node)
        if depth > MAX_DEPTH:
            raise self.error(f"YAML nested deeper than {MAX_DEPTH} levels", node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _CORE + "seq":
                raise self.tag_error(node)
            return [self.build(n, depth + 1) for n in node.value]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _CORE + "map":
                raise self.tag_error(node)
            rec = Record(file=self.file, line=node.start_mark.line + 1, lines={})
            for knode, vnode in node.value:
                line = knode.start_mark.line + 1
                if not isinstance(knode, yaml.ScalarNode):
                    raise InputError("mapping keys must be plain strings", file=self.file, line=line)
                if knode.tag == _CORE + "merge":
                    raise InputError("YAML merge keys ('<<') are not allowed", file=self.file, line=line)
                key = str(self.build(knode, depth + 1))
                if key in rec:
                    raise InputError(f"duplicate key '{key}' (first at line {rec.lines[key]})", file=self.file,
                                     line=line)
                rec[key] = self.build(vnode, depth + 1)
                rec.lines[key] = line
            return rec
        raise self.error("unsupported YAML node", node)


def read_yaml(text: str, file: str):
    """Parse one YAML document into dicts (:class:`Record`), lists and scalars.

    Raises :class:`InputError` with ``file:line`` for malformed YAML,
    duplicate keys, disallowed tags, numbers Python cannot hold, nesting
    deeper than :data:`~china_ai_kg.base.limits.MAX_DEPTH` and aliases that
    multiply (a billion-laughs file).
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
    return _Builder(file, yaml).build(node)
