"""Plain data passed between the pipeline's stages.

The data's way is read -> normalize -> recognize -> link -> resolve -> store.
Each stage takes one of these types and returns the next, so every stage can be
tested alone with hand-written values, and no stage needs to know the others.

Offsets: ``SourceDocument.text`` is the text of the file as read (decoded, or
extracted from PDF/DOCX/HTML). ``NormalizedDocument.text`` is what the
recognizers see (lines joined, spaces between CJK characters removed, ...).
Everything that leaves the pipeline (``Extraction``) carries offsets into the
ORIGINAL text, so ``source.text[start:end] == text`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of the original text of a document: ``text == original[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class SourceDocument:
    """A file as read: its text before any normalization (read -> normalize)."""

    path: str
    """The path as given on the command line (or relative to the folder given)."""
    text: str
    """The decoded or extracted text; every reported offset points into it."""
    sha256: str
    """Hash of the file's bytes: the identity used by ``kg rebuild``."""
    format: str
    """``txt``, ``md``, ``html``, ``pdf`` or ``docx``."""
    encoding: str | None = None
    """The detected encoding for text formats (``utf-8``, ``utf-8-sig``, ``gb18030`` ...)."""


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the stretch of normalized text it governs."""

    title: str
    """The heading text, normalized (``【投 融 界】`` -> ``投融界``)."""
    start: int
    end: int
    level: int
    """1: a bulletin column (【企业讯】, Markdown #); 2: a headline (■, •, ##); 3: deeper."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the normalized text with the headings it stands under."""

    start: int
    end: int
    section: str | None = None
    """Title of the nearest level-1 section above, if any."""
    headline: str | None = None
    """Title of the nearest headline (level >= 2) above: it often names the subject."""
    is_heading: bool = False
    """True when the sentence is itself a heading or headline line."""


@dataclass(slots=True)
class NormalizedDocument:
    """Text ready for recognition, with a map back to the original (normalize -> recognize)."""

    source: SourceDocument
    text: str
    offsets: list[int]
    """``offsets[i]`` is the index in ``source.text`` of ``text[i]``; one extra entry at the
    end maps ``len(text)`` (an end offset) to the end of the last character."""
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    """The bulletin's date (ISO ``YYYY-MM-DD`` or ``YYYY-MM``) when the text states it."""

    def original(self, start: int, end: int) -> TextSpan:
        """Map a span of the normalized text to the original text it came from."""
        if end <= start:
            at = self.offsets[start] if start < len(self.offsets) else len(self.source.text)
            return TextSpan(at, at, "")
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1
        return TextSpan(o_start, o_end, self.source.text[o_start:o_end])



REFERENCE_SOURCE = "reference"
"""``Mention.source`` of a type word standing for a name (联盟 for 某某产业联盟, 该公司): it joins
its antecedent's entity in resolve without being one of its names."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A recognized entity mention in the normalized text (recognize -> link)."""

    start: int
    end: int
    text: str
    label: str
    """An entity type of the ontology (Company, Investor, Agency, ...)."""
    source: str = "pattern"
    """The layer that found it: ``lexicon``, ``pattern``, ``hanlp``, ``list``, ``repeat``, ``reference``."""
    canonical: str | None = None
    """The canonical name when a lexicon or a rule knows it (工信部 -> 工业和信息化部)."""


@dataclass(frozen=True, slots=True)
class LinkedRelation:
    """A relation between two mentions, before entities are resolved (link -> resolve)."""

    type: str
    head: Mention
    tail: Mention
    evidence_start: int
    evidence_end: int
    """The evidence span (usually the sentence) in normalized text."""
    rule: str
    """Name of the rule that produced it, so ``kg eval`` can score rules."""
    confidence: float = 0.8
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity of a document with all its names and mentions."""

    id: str
    """Stable across documents: built from the type and the canonical name."""
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[TextSpan] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, directed fact between two entities of the same extraction."""

    type: str
    head: str
    tail: str
    properties: dict[str, Any]
    evidence: TextSpan
    confidence: float
    rule: str = ""


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document: one line of ``kg extract`` output."""

    doc: str
    sha256: str
    title: str | None
    date: str | None
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the extraction contract (see README)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        """Read back one JSON object written by :meth:`to_dict`.

        Strict, because a file may have been edited or written by another tool: a field of the
        wrong type (an id given as a list, ``aliases: "ABC"``, a non-string ``doc``), a property
        key that is no identifier, or a lone surrogate raises ``ValueError`` naming the field
        (``entities[2].aliases``), so ``kg load`` can report the line and load the rest.
        """
        if not isinstance(data, dict):
            raise ValueError("a line must be one JSON object")  # noqa: TRY004 - a bad line, like bad JSON
        entities = [
            Entity(
                id=_field(e, "id", f"entities[{i}]"),
                name=_field(e, "name", f"entities[{i}]"),
                type=_field(e, "type", f"entities[{i}]"),
                aliases=_strings(e.get("aliases", []), f"entities[{i}].aliases"),
                mentions=[_span(m, f"entities[{i}].mentions[{j}]")
                          for j, m in enumerate(_items(e.get("mentions", []), f"entities[{i}].mentions"))],
            )
            for i, e in enumerate(_items(data.get("entities", []), "entities", dict))
        ]
        relations = [
            Relation(
                type=_field(r, "type", f"relations[{i}]"),
                head=_field(r, "head", f"relations[{i}]"),
                tail=_field(r, "tail", f"relations[{i}]"),
                properties=_properties(r.get("properties", {}), f"relations[{i}].properties"),
                evidence=_span(r.get("evidence"), f"relations[{i}].evidence"),
                confidence=_number(r.get("confidence", 1.0), f"relations[{i}].confidence"),
                rule=_field(r, "rule", f"relations[{i}]", optional=True) or "",
            )
            for i, r in enumerate(_items(data.get("relations", []), "relations", dict))
        ]
        return cls(
            doc=_field(data, "doc", ""),
            sha256=_field(data, "sha256", ""),
            title=_field(data, "title", "", optional=True),
            date=_field(data, "date", "", optional=True),
            entities=entities,
            relations=relations,
        )


# ---- strict reading of the extraction contract (``Extraction.from_dict``) --------------------

_SURROGATE = re.compile("[\ud800-\udfff]")

def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _text(value: Any, where: str) -> str:
    """``value`` if it is a string a server can take: no lone surrogate (JSON allows ``\\ud800``)."""
    if not isinstance(value, str):
        raise ValueError(f"{where} must be a string, not {type(value).__name__} {value!r:.60}")  # noqa: TRY004
    if _SURROGATE.search(value):
        raise ValueError(f"{where} holds a lone surrogate: {value!r:.60}")
    return value


def _field(data: dict[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    """A string field; a missing required one raises ``KeyError`` (reported as a missing field)."""
    if key not in data:
        if optional:
            return None
        raise KeyError(_at(where, key))
    value = data[key]
    return None if value is None and optional else _text(value, _at(where, key))


def _items(value: Any, where: str, kind: type | None = None) -> list[Any]:
    """A JSON array (of objects when ``kind`` is dict)."""
    if not isinstance(value, list):
        raise ValueError(f"{where} must be a list, not {type(value).__name__} {value!r:.60}")  # noqa: TRY004
    for i, item in enumerate(value):
        if kind is not None and not isinstance(item, kind):
            raise ValueError(f"{where}[{i}] must be an object, not {type(item).__name__}")
    return value


def _strings(value: Any, where: str) -> list[str]:
    """A list of strings (a bare string would otherwise become one alias per character)."""
    return [_text(v, f"{where}[{i}]") for i, v in enumerate(_items(value, where))]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where} must be a number, not {type(value).__name__} {value!r:.60}")
    return float(value)


def _span(value: Any, where: str) -> TextSpan:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object with start, end and text")  # noqa: TRY004
    start, end = value.get("start"), value.get("end")
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) or not isinstance(end, int):
        raise ValueError(f"{where}.start and .end must be integers, not {[start, end]!r:.60}")
    return TextSpan(start, end, _text(value.get("text"), f"{where}.text"))


_PRIMITIVES = (str, int, float, bool)


def _properties(value: Any, where: str) -> dict[str, Any]:
    """Property keys are identifiers (they become graph property names); values primitives or
    lists of primitives, text without lone surrogates."""
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object, not {type(value).__name__}")  # noqa: TRY004
    for key, item in value.items():
        if not key.isidentifier() or not key.isascii():
            raise ValueError(f"{where}: property key {key!r} is not a name (ASCII letters, digits, _)")
        for part in item if isinstance(item, list) else [item]:
            if part is not None and not isinstance(part, _PRIMITIVES):
                raise ValueError(f"{where}.{key} must be text, a number, a boolean or a list of them")
            if isinstance(part, str):
                _text(part, f"{where}.{key}")
    return dict(value)
