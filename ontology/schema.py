"""The ontology as Python objects: the one place the code learns the rules.

:func:`load_schema` reads ``cnkg.ttl`` and derives everything the loaders,
the RDF projection, the Neo4j writer and the renders need: classes with
their ancestors, colours and shapes; binary relationships and n-ary roles
with domains, ranges and cardinalities; datatype properties with their
types and enumerations; labels in ``en``, ``zh-Hans`` and ``zh-Hant``.

Value rules live here too, so that every loader and every SHACL engine
applies the same ones: a datatype property's range may be an OWL 2 datatype
restriction (``owl:onDatatype xsd:decimal ; owl:withRestrictions
([xsd:minInclusive 0] [xsd:maxInclusive 1])``), and ``cnkg:atMost`` says
that one property's value may not exceed another's on the same node
(``low`` <= ``high``, ``validFrom`` <= ``validTo``).  A datatype property
whose ``schema:domainIncludes`` names a relationship (``cnkg:develops``)
is a property of that relationship's edges only; one whose domain is
``rdf:Statement`` belongs to every relationship.

Reading Turtle costs a few hundred milliseconds, so the derived schema is
kept in a small pickle next to the other caches, keyed by the ontology's
bytes and the code (see :mod:`china_ai_kg.base.cache`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..base import cache
from ..base.datatypes import XSD, parse_number
from ..base.errors import OntologyError
from ..base.langs import LANGS, canonical_lang
from ..base.names import upper_snake
from .patterns import SOURCE_VALUE, parse_pattern

__all__ = [
    "NS",
    "ID_NS",
    "LANGS",
    "ClassDef",
    "LinkDef",
    "AttrDef",
    "Schema",
    "MinimumRule",
    "load_schema",
    "ontology_bytes",
]

NS = "https://w3id.org/cnkg/ontology#"
ID_NS = "https://w3id.org/cnkg/id/"
SCHEMA_ORG = "https://schema.org/"
RDF_STATEMENT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"

_DATATYPES = {
    XSD + "string": "string",
    XSD + "decimal": "decimal",
    XSD + "integer": "integer",
    XSD + "boolean": "boolean",
    XSD + "date": "date",
    XSD + "anyURI": "uri",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString": "text",  # prose, written in English by convention
}
_ORDERED = ("decimal", "integer", "date")
_AXES = ("valid-from", "valid-to", "valid-at", "recorded", "published", "retrieved")  # datatypes that cnkg:atMost may compare
_CARDINALITY = {"1": (1, 1), "0..1": (0, 1), "1..*": (1, None), "0..*": (0, None), "2..*": (2, None)}


@dataclass(frozen=True)
class ClassDef:
    """An entity or fact class."""

    name: str
    labels: dict
    ancestors: tuple  # nearest first, ending with "Entity" or "Fact"
    color: str
    shape: str
    abstract: bool
    comment: str = ""
    claim_key: tuple = ()  # roles and properties that make two facts claims about one thing (cnkg:claimKey)
    claim_value: tuple = ()  # properties such claims must agree on (cnkg:claimValue)
    patterns: tuple = ()  # (lang, text) trigger patterns of article ingest (cnkg:pattern), sorted

    @property
    def is_fact(self) -> bool:
        return self.name == "Fact" or "Fact" in self.ancestors

    @property
    def lineage(self) -> tuple:
        """The class and its ancestors, root last: the Neo4j labels of a node."""
        return (self.name, *self.ancestors)


@dataclass(frozen=True)
class LinkDef:
    """An object property: a binary relation, an n-ary role or the source link."""

    name: str  # lowerCamel, as in RDF
    graph_name: str  # UPPER_SNAKE, as in the property graph and Neo4j
    kind: str  # "relation", "role", "provenance" (source) or "reference" (a claim's link to another claim)
    labels: dict
    domains: tuple
    ranges: tuple
    min: int = 0
    max: int | None = None
    symmetric: bool = False
    emphasis: str = ""  # how renders draw a role's edges: "strong", "muted" or "" (cnkg:emphasis)
    comment: str = ""
    one_at_a_time: str = ""  # "per-object": one subject at a time per object (cnkg:oneAtATime)
    patterns: tuple = ()  # (lang, text) trigger patterns of article ingest (cnkg:pattern), sorted


@dataclass(frozen=True)
class AttrDef:
    """A datatype property."""

    name: str
    labels: dict
    domains: tuple
    datatype: str  # string, text (language-tagged prose), decimal, integer, boolean, date, uri or enum
    values: tuple = ()  # allowed values of an enumeration
    min: int = 0
    comment: str = ""
    minimum: int | float | None = None  # xsd:minInclusive of a restricted range
    maximum: int | float | None = None  # xsd:maxInclusive
    at_most: str | None = None  # another property this one may not exceed on the same node
    time_axis: str = ""  # valid-from, valid-to, valid-at, recorded, published or retrieved (cnkg:timeAxis)
    at_most_source: str | None = None  # a property of the claim's source this date may not be after

    def scoped_to(self, relation: str) -> bool:
        """Whether this property belongs to the edges of *relation* (lowerCamel) only."""
        return relation in self.domains


@dataclass(frozen=True)
class MinimumRule:
    """Properties *bounds* may not be below *minimum* on nodes whose *when* property is one of *values*."""

    name: str
    when: str
    values: tuple
    bounds: tuple
    minimum: int | float

    def message(self, prop: str) -> str:
        """What loaders and shapes say when *prop* breaks the rule."""
        values = list(self.values)
        listed = values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]
        return f"'{prop}' may not be below {self.minimum} when '{self.when}' is {listed}"


@dataclass(eq=False)
class Schema:
    """Everything derived from the ontology, with the lookups the code needs."""

    classes: dict
    links: dict  # by lowerCamel name
    attrs: dict
    digest: str
    by_graph_name: dict = field(default_factory=dict)
    minimum_rules: tuple = ()
    external_super_properties: tuple = ()  # IRIs outside cnkg that cnkg properties specialise (RDFS inference)

    def __post_init__(self):
        self.by_graph_name = {link.graph_name: link for link in self.links.values()}
        self._memo = {}
        self._subclasses = {}
        for c in self.classes.values():
            for a in c.lineage:
                self._subclasses.setdefault(a, set()).add(c.name)

    # -- classes ---------------------------------------------------------
    def is_a(self, cls: str, ancestor: str) -> bool:
        return cls in self._subclasses.get(ancestor, ())

    def subclasses(self, ancestor: str) -> frozenset:
        """The class and all its descendants."""
        return frozenset(self._subclasses.get(ancestor, ()))

    @property
    def entity_classes(self) -> list:
        return sorted(c for c in self.subclasses("Entity") if not self.classes[c].abstract)

    @property
    def fact_classes(self) -> list:
        return sorted(c for c in self.subclasses("Fact") if not self.classes[c].abstract)

    # -- properties ------------------------------------------------------
    @property
    def relations(self) -> dict:
        """Binary relationships by their graph name (``DEVELOPS``)."""
        return {g: p for g, p in self.by_graph_name.items() if p.kind == "relation"}

    def applies(self, domains: tuple, cls: str) -> bool:
        return any(d == RDF_STATEMENT and cls == RDF_STATEMENT or self.is_a(cls, d) for d in domains)

    def roles_for(self, cls: str) -> dict:
        """Roles an n-ary fact of class *cls* may have, by name."""
        found = self._memo.get(("roles", cls))
        if found is None:
            found = {p.name: p for p in self.links.values() if p.kind == "role" and self.applies(p.domains, cls)}
            self._memo["roles", cls] = found
        return found

    def attrs_for(self, cls: str) -> dict:
        """Datatype properties a node (or ``rdf:Statement``) of class *cls* may have."""
        found = self._memo.get(("attrs", cls))
        if found is None:
            found = {a.name: a for a in self.attrs.values() if self.applies(a.domains, cls)}
            self._memo["attrs", cls] = found
        return found

    def attrs_for_relation(self, relation: str) -> dict:
        """Datatype properties an edge of *relation* (lowerCamel, ``develops``) may have.

        Those of every relationship (domain ``rdf:Statement``) and those scoped to this one.
        """
        found = self._memo.get(("rel-attrs", relation))
        if found is None:
            found = {a.name: a for a in self.attrs.values() if RDF_STATEMENT in a.domains or relation in a.domains}
            self._memo["rel-attrs", relation] = found
        return found

    def order_rules(self, attrs: dict) -> list:
        """``(a, b)`` pairs of *attrs* where ``a`` may not exceed ``b`` (``cnkg:atMost``), sorted."""
        return sorted((a.name, a.at_most) for a in attrs.values() if a.at_most in attrs)

    def order_message(self, a: str, b: str) -> str:
        """What to say when property *a* exceeds *b* (a ``cnkg:atMost`` rule): loaders and shapes agree."""
        verb = "is after" if self.attrs[a].datatype == "date" else "is greater than"
        return f"'{a}' {verb} '{b}'"

    def source_order_message(self, a: str, b: str) -> str:
        """What to say when claim property *a* is after property *b* of its source (``cnkg:atMostSource``)."""
        return f"'{a}' is after the source's '{b}'"

    def bounds_message(self, name: str) -> str:
        """What to say when property *name* is outside its restricted range."""
        attr = self.attrs[name]
        if attr.minimum is not None and attr.maximum is not None:
            return f"'{name}' must be between {attr.minimum} and {attr.maximum}"
        if attr.minimum is not None:
            return f"'{name}' must be at least {attr.minimum}"
        return f"'{name}' must be at most {attr.maximum}"

    def axis(self, name: str) -> tuple:
        """The date properties that set the time axis *name* (``valid-from``, ``recorded``, ...), sorted."""
        return tuple(sorted(a.name for a in self.attrs.values() if a.time_axis == name))

    @property
    def references(self) -> tuple:
        """Names of the links from a claim to another claim (``supersedes``), stored as the other's id."""
        return tuple(sorted(n for n, link in self.links.items() if link.kind == "reference"))

    @property
    def trigger_patterns(self) -> tuple:
        """``(type, Pattern)`` for every ``cnkg:pattern``: *type* is a relationship's graph name (``DEVELOPS``)
        or a fact class (``Partnership``); sorted by type, then as declared."""
        found = self._memo.get("patterns")
        if found is None:
            found = []
            for link in sorted(self.relations.values(), key=lambda x: x.graph_name):
                found.extend((link.graph_name, parse_pattern(text, lang, ("from", "to"))) for lang, text in link.patterns)
            for cls in self.fact_classes:
                roles = tuple(self.roles_for(cls))
                found.extend((cls, parse_pattern(text, lang, roles)) for lang, text in self.classes[cls].patterns)
            found = tuple(found)
            self._memo["patterns"] = found
        return found

    @property
    def vocabulary(self) -> frozenset:
        """Every local name of the ``cnkg:`` namespace that data and queries may use."""
        return frozenset({*self.classes, *self.links, *self.attrs, "id"})

    def label(self, name: str, lang: str = "en") -> str:
        """The label of a class, property or enumeration in *lang* (any tag: ``zh``, ``zh-hant``)."""
        lang = canonical_lang(lang) or "en"
        for table in (self.classes, self.links, self.attrs):
            if name in table:
                return table[name].labels.get(lang) or table[name].labels["en"]
        if name in self.by_graph_name:
            return self.label(self.by_graph_name[name].name, lang)
        raise KeyError(name)

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("by_graph_name", None)
        state.pop("_subclasses", None)
        state.pop("_memo", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__post_init__()


def ontology_bytes() -> bytes:
    return resources.files("china_ai_kg.ontology").joinpath("cnkg.ttl").read_bytes()


def _local(iri) -> str:
    text = str(iri)
    if not text.startswith(NS):
        raise OntologyError(f"{text} is outside the cnkg namespace", file="cnkg.ttl")
    return text[len(NS):]


def _labels(g, term, predicate=None) -> dict:
    """A term's labels (or, with *predicate*, another text such as its comments) by language."""
    from rdflib import RDFS  # lazy: rdflib costs ~150 ms, and a cached schema never needs it

    labels = {}
    for lit in g.objects(term, predicate or RDFS.label):
        lang = canonical_lang(lit.language)
        if lang in LANGS:
            labels[lang] = str(lit)
    return labels


def _external_supers(g) -> tuple:
    """Every property outside the cnkg namespace that a cnkg property is, transitively, a sub-property of."""
    from rdflib import RDFS  # lazy: see _labels

    found = set()
    for p, sup in g.subject_objects(RDFS.subPropertyOf):
        if str(p).startswith(NS):
            found.update(str(s) for s in g.transitive_objects(sup, RDFS.subPropertyOf) if not str(s).startswith(NS))
    return tuple(sorted(found))


_DATE_TYPES = frozenset(XSD + t for t in ("date", "gYearMonth", "gYear"))


def _is_date_union(g, rng) -> bool:
    """Whether *rng* is ``owl:unionOf ( xsd:date xsd:gYearMonth xsd:gYear )``: a date at any precision."""
    from rdflib import OWL  # lazy: see _labels
    from rdflib.collection import Collection  # lazy: see _labels

    members = g.value(rng, OWL.unionOf)
    return members is not None and {str(m) for m in Collection(g, members)} == _DATE_TYPES


def _restriction(g, rng, name: str) -> tuple:
    """``(datatype, minimum, maximum)`` of an OWL 2 datatype restriction (``owl:onDatatype``)."""
    from rdflib import OWL, Literal  # lazy: see _labels
    from rdflib import XSD as RDF_XSD  # lazy: see _labels
    from rdflib.collection import Collection  # lazy: see _labels

    base = g.value(rng, OWL.onDatatype)
    if base is None or str(base) not in _DATATYPES:
        raise OntologyError(f"datatype property {name} has no usable range", file="cnkg.ttl")
    bounds = {"minimum": None, "maximum": None}
    facets = g.value(rng, OWL.withRestrictions)
    for facet in Collection(g, facets) if facets is not None else ():
        for pred, value in g.predicate_objects(facet):
            key = {RDF_XSD.minInclusive: "minimum", RDF_XSD.maxInclusive: "maximum"}.get(pred)
            if key is None or not isinstance(value, Literal):
                raise OntologyError(f"{name}: only xsd:minInclusive and xsd:maxInclusive restrict a range",
                                    file="cnkg.ttl")
            bounds[key] = parse_number(str(value))
    return _DATATYPES[str(base)], bounds["minimum"], bounds["maximum"]


def _parse(data: bytes) -> Schema:
    from rdflib import OWL, RDF, RDFS, BNode, Graph, Namespace, URIRef  # lazy: see _labels
    from rdflib.collection import Collection

    cnkg = Namespace(NS)
    sdo = Namespace(SCHEMA_ORG)
    g = Graph()
    g.parse(data=data, format="turtle")

    def one(term, pred, default=None):
        values = list(g.objects(term, pred))
        return values[0] if values else default

    classes = {}
    parents = {}
    for c in sorted(g.subjects(RDF.type, OWL.Class)):
        if not str(c).startswith(NS):
            continue
        name = _local(c)
        ups = [p for p in g.objects(c, RDFS.subClassOf) if str(p).startswith(NS)]
        parents[name] = _local(ups[0]) if ups else None
        classes[name] = c

    def ancestors(name):
        chain = []
        p = parents[name]
        while p is not None:
            chain.append(p)
            p = parents[p]
        return tuple(chain)

    def listed(term, pred) -> tuple:
        head = one(term, pred)
        return tuple(_local(v) for v in Collection(g, head)) if head is not None else ()

    def patterns_of(term) -> tuple:
        return tuple(sorted((str(v.language or ""), str(v)) for v in g.objects(term, cnkg.pattern)))

    class_defs = {}
    for name, c in classes.items():
        if name not in ("Entity", "Fact") and ancestors(name)[-1:] not in (("Entity",), ("Fact",)):
            continue  # a class of the ontology's own machinery (cnkg:MinimumRule), not of the graph
        comment = _labels(g, c, RDFS.comment).get("en", "")
        class_defs[name] = ClassDef(
            name=name,
            labels=_labels(g, c),
            ancestors=ancestors(name),
            color=str(one(c, cnkg.color, "#9e9e9e")),
            shape=str(one(c, cnkg.shape, "dot")),
            abstract=bool(one(c, cnkg.abstract, False)),
            comment=str(comment),
            claim_key=listed(c, cnkg.claimKey),
            claim_value=listed(c, cnkg.claimValue),
            patterns=patterns_of(c),
        )

    def names_of(term, pred):
        out = []
        for v in g.objects(term, pred):
            out.append(RDF_STATEMENT if v == RDF.Statement else _local(v))
        return tuple(sorted(out))

    links = {}
    for p in sorted(g.subjects(RDF.type, OWL.ObjectProperty)):
        name = _local(p)
        card = str(one(p, cnkg.cardinality, "0..*"))
        lo, hi = _CARDINALITY[card]
        links[name] = LinkDef(
            name=name,
            graph_name=upper_snake(name),
            kind=str(one(p, cnkg.kind, "relation")),
            labels=_labels(g, p),
            domains=names_of(p, sdo.domainIncludes),
            ranges=names_of(p, sdo.rangeIncludes),
            min=lo,
            max=hi,
            symmetric=(p, RDF.type, OWL.SymmetricProperty) in g,
            emphasis=str(one(p, cnkg.emphasis, "")),
            comment=_labels(g, p, RDFS.comment).get("en", ""),
            one_at_a_time=str(one(p, cnkg.oneAtATime, "")),
            patterns=patterns_of(p),
        )

    attrs = {}
    for p in sorted(g.subjects(RDF.type, OWL.DatatypeProperty)):
        name = _local(p)
        if name == "id":  # every node's identifier: structure, declared for reasoners, not a property to check
            continue
        rng = one(p, RDFS.range)
        values = ()
        minimum = maximum = None
        if rng is not None and str(rng) in _DATATYPES:
            datatype = _DATATYPES[str(rng)]
        elif isinstance(rng, URIRef) and _is_date_union(g, rng):
            datatype = "date"
        elif isinstance(rng, URIRef) and one(rng, OWL.oneOf) is not None:
            datatype = "enum"
            values = tuple(str(v) for v in Collection(g, one(rng, OWL.oneOf)))
        elif isinstance(rng, BNode):
            datatype, minimum, maximum = _restriction(g, rng, name)
        else:
            raise OntologyError(f"datatype property {name} has no usable range", file="cnkg.ttl")
        card = str(one(p, cnkg.cardinality, "0..1"))
        bound = one(p, cnkg.atMost)
        on_source = one(p, cnkg.atMostSource)
        attrs[name] = AttrDef(
            name=name,
            labels=_labels(g, p),
            domains=names_of(p, sdo.domainIncludes),
            datatype=datatype,
            values=values,
            min=_CARDINALITY[card][0],
            comment=_labels(g, p, RDFS.comment).get("en", ""),
            minimum=minimum,
            maximum=maximum,
            at_most=_local(bound) if bound is not None else None,
            time_axis=str(one(p, cnkg.timeAxis, "")),
            at_most_source=_local(on_source) if on_source is not None else None,
        )

    rules = []
    for r in sorted(g.subjects(RDF.type, cnkg.MinimumRule)):
        values = one(r, cnkg.hasValueIn)
        rules.append(MinimumRule(
            name=_local(r),
            when=_local(one(r, cnkg.whenProperty)),
            values=tuple(str(v) for v in Collection(g, values)) if values is not None else (),
            bounds=tuple(sorted(_local(b) for b in g.objects(r, cnkg.bounds))),
            minimum=parse_number(str(one(r, cnkg.minimum))),
        ))
    schema = Schema(classes=class_defs, links=links, attrs=attrs, digest=hashlib.sha256(data).hexdigest(),
                    minimum_rules=tuple(rules), external_super_properties=_external_supers(g))
    _check(schema)
    return schema


def _check(schema: Schema) -> None:
    """Refuse an ontology whose terms the code could not use consistently."""
    names = {}
    for table in (schema.classes, schema.links, schema.attrs):
        for name, term in table.items():
            if name in names:
                raise OntologyError(f"term {name} is declared twice", file="cnkg.ttl")
            names[name] = term
            missing = [lang for lang in LANGS if lang not in term.labels]
            if missing:
                raise OntologyError(f"term {name} has no label in {', '.join(missing)}", file="cnkg.ttl")
    for link in schema.links.values():
        for c in (*link.domains, *link.ranges):
            if c not in schema.classes and c != RDF_STATEMENT:
                raise OntologyError(f"{link.name} names unknown class {c}", file="cnkg.ttl")
    relations = {link.name for link in schema.links.values() if link.kind == "relation"}
    for attr in schema.attrs.values():
        for d in attr.domains:
            if d not in schema.classes and d != RDF_STATEMENT and d not in relations:
                raise OntologyError(f"{attr.name} names unknown class or relationship {d}", file="cnkg.ttl")
        if attr.at_most is not None:
            other = schema.attrs.get(attr.at_most)
            if other is None or other.datatype != attr.datatype or attr.datatype not in _ORDERED:
                raise OntologyError(f"{attr.name} cnkg:atMost {attr.at_most}: both must be numbers, or both dates",
                                    file="cnkg.ttl")
        if (attr.minimum is not None or attr.maximum is not None) and attr.datatype not in ("decimal", "integer"):
            raise OntologyError(f"{attr.name}: only numbers take xsd:minInclusive / xsd:maxInclusive", file="cnkg.ttl")
    for attr in schema.attrs.values():
        if attr.time_axis and (attr.time_axis not in _AXES or attr.datatype != "date"):
            raise OntologyError(f"{attr.name}: cnkg:timeAxis must be one of {', '.join(_AXES)}, on a date",
                                file="cnkg.ttl")
        if attr.at_most_source is not None:
            other = schema.attrs.get(attr.at_most_source)
            if other is None or other.datatype != "date" or attr.datatype != "date" or "Source" not in other.domains:
                raise OntologyError(f"{attr.name} cnkg:atMostSource {attr.at_most_source}: both must be dates, the "
                                    "second a property of Source", file="cnkg.ttl")
    for cls in schema.classes.values():
        if (cls.claim_key or cls.claim_value) and not cls.is_fact:
            raise OntologyError(f"{cls.name}: only fact classes take cnkg:claimKey and cnkg:claimValue", file="cnkg.ttl")
        usable = {*schema.attrs_for(cls.name), *schema.roles_for(cls.name)} if cls.is_fact else set()
        for name in (*cls.claim_key, *cls.claim_value):
            if name not in usable:
                raise OntologyError(f"{cls.name}: claim key or value {name} is not a role or property of the class",
                                    file="cnkg.ttl")
        if cls.claim_value and not cls.claim_key:
            raise OntologyError(f"{cls.name}: cnkg:claimValue needs a cnkg:claimKey", file="cnkg.ttl")
        if any(name in schema.links for name in cls.claim_value):
            raise OntologyError(f"{cls.name}: cnkg:claimValue lists properties, not roles", file="cnkg.ttl")
    for link in schema.links.values():
        if link.one_at_a_time and (link.one_at_a_time != "per-object" or link.kind != "relation"):
            raise OntologyError(f"{link.name}: cnkg:oneAtATime is \"per-object\", on a relationship", file="cnkg.ttl")
    for rule in schema.minimum_rules:
        when = schema.attrs.get(rule.when)
        if when is None or when.datatype != "enum" or not rule.values or not set(rule.values) <= set(when.values):
            raise OntologyError(f"{rule.name}: cnkg:whenProperty must be an enumeration with the listed values",
                                file="cnkg.ttl")
        if not rule.bounds or any(schema.attrs.get(b) is None or schema.attrs[b].datatype not in ("decimal", "integer")
                                  for b in rule.bounds):
            raise OntologyError(f"{rule.name}: cnkg:bounds must name numeric properties", file="cnkg.ttl")
    _check_patterns(schema)
    reserved = {"id", "type", "name", "aliases", "from", "to", "kind"}
    clash = reserved & set(schema.attrs)
    if clash:
        raise OntologyError(f"property names {sorted(clash)} are reserved", file="cnkg.ttl")


def _check_patterns(schema: Schema) -> None:
    """Refuse a trigger pattern naming a slot, class or fixed property the type does not have."""
    for where in [*schema.links.values(), *schema.classes.values()]:
        if where.patterns and not (isinstance(where, LinkDef) and where.kind == "relation"
                                   or isinstance(where, ClassDef) and where.is_fact and not where.abstract):
            raise OntologyError(f"{where.name}: cnkg:pattern belongs on a relationship or a concrete fact class",
                                file="cnkg.ttl")
    try:
        patterns = schema.trigger_patterns
    except ValueError as e:
        raise OntologyError(str(e), file="cnkg.ttl") from e
    for typ, p in patterns:
        link = schema.relations.get(typ)
        for slot in p.slots:
            if slot.cls is not None and slot.cls not in schema.classes:
                raise OntologyError(f"{typ}: pattern {p.text!r} names unknown class {slot.cls}", file="cnkg.ttl")
        for key, value in p.fixed:
            if link is not None:
                ok = key == "to" and value == SOURCE_VALUE and "Source" in link.ranges
            else:
                attr = schema.attrs_for(typ).get(key)
                ok = attr is not None and (attr.datatype != "enum" or value in attr.values)
            if not ok:
                raise OntologyError(f"{typ}: pattern {p.text!r} cannot fix {key}={value}", file="cnkg.ttl")


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Return the schema of the bundled ontology (cached in memory and on disk)."""
    data = ontology_bytes()
    key = "schema-" + hashlib.sha256(data).hexdigest()[:16]
    schema = cache.load(key, Schema)
    if schema is None:
        schema = _parse(data)
        cache.store(key, schema)
    return schema
