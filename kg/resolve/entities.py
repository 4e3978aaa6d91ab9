"""Group a document's mentions into entities: one entity per real-world thing.

Mentions join one entity when they share an identity key (``keys.identity_key``),
when one is a short form of another of the same type in the same document
(苏州蛙声科技有限公司 ... 蛙声科技), when a Latin name in brackets follows a name
(杭州曼孚科技（MindFlow）), or when a short policy reference (《意见》) follows the
full title it abbreviates. The name of the entity is its fullest form.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kg.ontology import Ontology
from kg.resolve.keys import identity_key, match_key, strip_legal_form
from kg.types import REFERENCE_SOURCE, Mention, NormalizedDocument

_BRACKETED_LATIN = re.compile(r"\s*[（(]\s*([A-Za-z][A-Za-z0-9 .&'-]{1,40}?)\s*[）)]")
_SHORT_POLICY_MAX = 8
"""A 《》 reference of at most this many characters may abbreviate a full title."""


@dataclass
class Cluster:
    """Mentions found to name one entity, with the names they use."""

    type: str
    key: str
    mentions: list[Mention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    canonical: str | None = None

    def add(self, mention: Mention, name: str) -> None:
        """Record the mention, its name and, when a lexicon renamed it, the form the text used.

        A reference (联盟 for 某某产业联盟, 该公司) joins the entity of its antecedent but is no
        name of it: neither an alias nor the source of its canonical name.
        """
        self.mentions.append(mention)
        if mention.source == REFERENCE_SOURCE:
            return
        for form in (name, surface_form(mention)):
            if form and form not in self.names:
                self.names.append(form)
        if mention.canonical and not self.canonical:
            self.canonical = mention.canonical

    @property
    def name(self) -> str:
        """The canonical name if a lexicon gave one, else the longest name used."""
        if self.canonical:
            return self.canonical
        return max(self.names, key=lambda n: (len(n), -self.names.index(n)))


def surface_form(mention: Mention) -> str:
    """The mention as written, without the line breaks and spaces PDF extraction left in it."""
    return _LAYOUT_SPACE.sub("", mention.text.strip())


_LAYOUT_SPACE = re.compile(r"(?<=[^A-Za-z0-9])\s+|\s+(?=[^A-Za-z0-9])")
"""Whitespace next to a CJK character is layout; between Latin words (Baillie Gifford) it is not."""


def mention_name(mention: Mention) -> str:
    """The name a mention contributes (its canonical form when one is known)."""
    return (mention.canonical or mention.text).strip()


def _vote_types(mentions: list[Mention]) -> dict[str, str]:
    """One type per name in a document: lexicon layers outvote the rest, then majority."""
    weights: dict[str, Counter[str]] = {}
    for m in mentions:
        weight = 3.0 if m.source == "lexicon" else 1.0
        weights.setdefault(match_key(mention_name(m)), Counter())[m.label] += weight
    return {key: counts.most_common(1)[0][0] for key, counts in weights.items()}


REGISTERED_FORMS = ("股份有限公司", "有限责任公司", "有限公司")
"""Endings of a registered name: only such a name is known by its brand alone."""
_BRAND_TAILS = ("科技", "集团")
"""What a short name adds to a brand (商汤科技): the registered name may spell it otherwise."""


def brand_cores(name: str, industry_words: tuple[str, ...]) -> list[str]:
    """The name with trailing industry words dropped, in every order, two characters at least.

    >>> brand_cores("某某生物医药科技", ("生物医药", "科技", "医药", "生物"))
    ['某某生物医药', '某某', '某某生物']
    """
    cores: list[str] = []
    todo = [name]
    while todo:
        core = todo.pop(0)
        for word in industry_words:
            if core.endswith(word) and len(core) - len(word) >= 2 and core[: -len(word)] not in cores:
                cores.append(core[: -len(word)])
                todo.append(core[: -len(word)])
    return cores


def _short_forms(name: str, place_names: set[str], industry_words: tuple[str, ...] = ()) -> set[str]:
    """Names an organization is also called by: without legal form, without place prefix,
    and (for a registered name) its brand without industry words (某某生物医药科技股份有限公司: 某某生物)."""
    forms = {name, strip_legal_form(name)}
    for form in list(forms):  # noqa: PERF101 - the loop adds to forms
        # every place prefix that leaves two characters: look the prefixes up, never scan the places
        for cut in range(len(form) - 1):
            if form[:cut] in place_names:
                forms.add(form[cut:])
                forms.add(strip_legal_form(form[cut:]))
    if name.endswith(REGISTERED_FORMS):
        forms |= {core for form in list(forms) for core in brand_cores(form, industry_words)}
    return {match_key(f) for f in forms if len(f) >= 2}


def cluster_mentions(doc: NormalizedDocument, mentions: list[Mention], ontology: Ontology) -> list[Cluster]:
    """Cluster the mentions of one document (see the module docstring for the rules)."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    types = _vote_types(ordered)
    roles = ontology.types
    place_names = {match_key(mention_name(m)) for m in ordered if m.label in (roles.place, roles.zone)}
    place_names |= {match_key(n) for e in ontology.entries(roles.place) for n in e.names if len(n) >= 2}
    legal_form_types = ontology.with_trait("legal_form_key")

    clusters: dict[tuple[str, str], Cluster] = {}
    for mention in ordered:
        name = mention_name(mention)
        etype = types.get(match_key(name), mention.label)
        key = (etype, identity_key(name, etype, legal_form_types))
        clusters.setdefault(key, Cluster(etype, key[1])).add(mention, name)

    industry_words = tuple(sorted(ontology.vocab.get("industry_words", ()), key=len, reverse=True))
    _merge_short_forms(clusters, place_names, industry_words, (roles.person, roles.document, roles.place))
    _attach_bracketed_latin(doc, clusters)
    _merge_policy_references(clusters, roles.document)
    return sorted(clusters.values(), key=lambda c: min(m.start for m in c.mentions))


def _merge_short_forms(clusters: dict[tuple[str, str], Cluster], place_names: set[str],
                       industry_words: tuple[str, ...] = (), whole_names: tuple[str, ...] = ()) -> None:
    """Fold a cluster into a longer one of the same type whose short forms include its key
    (or its brand: 某某科技 and 某某智能科技有限公司 share 某某). Types in ``whole_names``
    (people, policies, places) have no short forms: 北京 is no short form of 北京市海淀区."""
    by_type: dict[str, list[tuple[str, str]]] = {}
    for key in clusters:
        by_type.setdefault(key[0], []).append(key)
    for etype, keys in by_type.items():
        if etype in whole_names:
            continue
        longest_first = sorted(keys, key=lambda k: len(clusters[k].name), reverse=True)
        forms = {k: _short_forms(clusters[k].name, place_names, industry_words) for k in longest_first}
        for short in reversed(longest_first):
            if short not in clusters:
                continue
            short_name = clusters[short].name
            short_keys = {match_key(short_name)}
            if not short_name.endswith(REGISTERED_FORMS):  # 某某科技 is 某某 to a registered name
                short_keys |= {match_key(short_name[: -len(t)]) for t in _BRAND_TAILS
                               if short_name.endswith(t) and len(short_name) - len(t) >= 2}
            owners = [
                long for long in longest_first
                if long != short and long in clusters
                and len(clusters[long].name) > len(short_name)
                and (match_key(short_name) in forms[long]
                     or clusters[long].name.endswith(REGISTERED_FORMS) and short_keys & forms[long])
            ]
            if len(owners) == 1:  # two candidates: ambiguous, refuse to guess
                target = clusters[owners[0]]
                for m in clusters.pop(short).mentions:
                    target.add(m, mention_name(m))


def _attach_bracketed_latin(doc: NormalizedDocument, clusters: dict[tuple[str, str], Cluster]) -> None:
    """杭州曼孚科技（MindFlow）: the bracketed Latin name becomes an alias."""
    for cluster in clusters.values():
        for mention in list(cluster.mentions):
            match = _BRACKETED_LATIN.match(doc.text, mention.end)
            if match and match.group(1) not in cluster.names:
                cluster.names.append(match.group(1).strip())


def _merge_policy_references(clusters: dict[tuple[str, str], Cluster], policy_type: str) -> None:
    """《意见》 after 《关于…的若干意见》 refers to it: fold it into the nearest full title before
    (clusters of ``policy_type``, the ontology's document type)."""
    policies = [k for k in clusters if k[0] == policy_type]
    full = [k for k in policies if len(k[1]) > _SHORT_POLICY_MAX]
    for key in policies:
        if key in full or key not in clusters:
            continue
        first = min(m.start for m in clusters[key].mentions)
        candidates = [
            k for k in full
            if k in clusters and k[1].endswith(key[1])
            and min(m.start for m in clusters[k].mentions) < first
        ]
        if candidates:
            target = max(candidates, key=lambda k: min(m.start for m in clusters[k].mentions))
            for m in clusters.pop(key).mentions:
                clusters[target].add(m, mention_name(m))
