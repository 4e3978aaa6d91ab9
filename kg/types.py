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

    def sentence_at(self, position: int) -> Sentence | None:
        """The sentence that holds a normalized offset."""
        for sentence in self.sentences:
            if sentence.start <= position < sentence.end:
                return sentence
        return None


REFERENCE_SOURCE = "reference"
"""``Mention.source`` of a type word standing for a name (联盟 for 某某产业联盟, 该公司): it joins
its antecedent's entity in resolve without being one of its names."""


@dataclass(slots=True)
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
    score: float = 1.0


@dataclass(slots=True)
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


@dataclass(slots=True)
class Entity:
    """One real-world entity of a document with all its names and mentions."""

    id: str
    """Stable across documents: built from the type and the canonical name."""
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[TextSpan] = field(default_factory=list)


@dataclass(slots=True)
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
        """Read back one JSON object written by :meth:`to_dict`."""
        entities = [
            Entity(
                id=e["id"],
                name=e["name"],
                type=e["type"],
                aliases=list(e.get("aliases", [])),
                mentions=[TextSpan(**m) for m in e.get("mentions", [])],
            )
            for e in data.get("entities", [])
        ]
        relations = [
            Relation(
                type=r["type"],
                head=r["head"],
                tail=r["tail"],
                properties=dict(r.get("properties", {})),
                evidence=TextSpan(**r["evidence"]),
                confidence=float(r.get("confidence", 1.0)),
                rule=r.get("rule", ""),
            )
            for r in data.get("relations", [])
        ]
        return cls(
            doc=data["doc"],
            sha256=data["sha256"],
            title=data.get("title"),
            date=data.get("date"),
            entities=entities,
            relations=relations,
        )
