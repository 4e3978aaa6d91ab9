"""The questions analysts ask the graph, as named Cypher that runs on Neo4j and FalkorDB alike.

``kg query --named NAME`` runs one; the README lists them; the test suite runs every one
on the graph built from ``samples/`` and checks each against Neo4j's grammar. The Cypher names
labels and relation types by their role in the ontology (``{business}``, ``{investment}`` ...),
filled from ``types.yaml`` and ``relations.yaml``, so a renamed type needs no change here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from kg.errors import KGError
from kg.ontology import Ontology, cached_ontology
from loaders.model import PARTICIPATED_IN, ROUND_LABEL


@dataclass(frozen=True)
class Question:
    about: str
    template: str
    """Cypher with ``{role}`` for each label or relation type (``TypeNames``/``RelationNames``)."""
    params: tuple[str, ...] = ()

    def cypher(self, ontology: Ontology) -> str:
        """The Cypher with the ontology's names for the roles."""
        return self.template.format(**asdict(ontology.types), **asdict(ontology.relations),
                                    round=ROUND_LABEL, participation=PARTICIPATED_IN)


_DEALS = (
    "MATCH (c:{{business}})-[s:{{raising}}]->(r:{{round}}) {where}"
    "OPTIONAL MATCH (i)-[p:{{participation}}]->(r) "
    "WITH c, s, r, collect(CASE WHEN p.lead THEN i.name END) AS leads, "
    "collect(CASE WHEN p.lead THEN null ELSE i.name END) AS others "
    "RETURN c.name AS company, r.round AS round, r.amount_value AS amount, r.currency AS currency, "
    "r.amount_bound AS bound, r.valuation_value AS valuation, r.valuation_currency AS valuation_currency, "
    "r.date_iso AS date, r.date_source AS date_source, leads, others, s.docs AS documents "
    "ORDER BY {order}"
)
"""One row per FundingRound (the OPTIONAL MATCH keeps a deal whose investors are undisclosed);
``date`` is the normalized ``date_iso``, ``documents`` the bulletins that state the round."""

QUESTIONS: dict[str, Question] = {
    "rounds-led": Question(
        "The rounds each investor led, most first.",
        "MATCH (i:{investor})-[p:{participation}]->(r:{round})<-[:{raising}]-(c:{business}) "
        "WHERE p.lead = true "
        "WITH i, collect(c.name + ' ' + coalesce(r.round, '?')) AS rounds "
        "RETURN i.name AS investor, size(rounds) AS led, rounds ORDER BY led DESC, investor",
    ),
    "co-investors": Question(
        "Who invested in the same rounds as $investor, and how often.",
        "MATCH (a:{investor})-[:{participation}]->(r:{round})<-[:{participation}]-(b:{investor}) "
        "WHERE a.name = $investor AND a <> b "
        "RETURN b.name AS co_investor, count(DISTINCT r) AS deals ORDER BY deals DESC, co_investor",
        ("investor",),
    ),
    "policies-by-agency": Question(
        "The policies each agency issued, by date.",
        "MATCH (a:{government})-[e:{issuance}]->(p:{document}) "
        "RETURN a.name AS agency, coalesce(e.date_iso, e.date) AS date, p.name AS policy "
        "ORDER BY agency, date, policy",
    ),
    "companies-in-parks": Question(
        "The companies located in each park.",
        "MATCH (c:{business})-[:{location}]->(p:{zone}) "
        "WITH p, collect(DISTINCT c.name) AS companies "
        "RETURN p.name AS park, size(companies) AS count, companies ORDER BY count DESC, park",
    ),
    "posts": Question(
        "Every person's posts: title and organization.",
        "MATCH (p:{person})-[h:{post}]->(o) "
        "RETURN p.name AS person, h.title AS title, o.name AS organization ORDER BY person, organization",
    ),
    "deals": Question(
        "Every deal, one row per FundingRound: company, round, amount, currency, bound, valuation, "
        "date_iso and its source, lead and other investors, the bulletins (undisclosed investors too).",
        _DEALS.format(where="", order="company, coalesce(date, '9999'), round"),
    ),
    "company-timeline": Question(
        "The rounds of $company (its name or an alias), oldest first, undated last.",
        _DEALS.format(where="WHERE c.name = $company OR $company IN coalesce(c.aliases, []) ",
                      order="coalesce(date, '9999'), round"),
        ("company",),
    ),
    "evidence": Question(
        "Where a fact between $head and $tail comes from: bulletin and sentence.",
        "MATCH (h)-[r]->(t) WHERE h.name = $head AND t.name = $tail "
        "RETURN type(r) AS relation, r.docs AS documents, r.evidence AS evidence",
        ("head", "tail"),
    ),
}


def cypher_of(cypher: str | None, named: str | None, params: dict[str, object],
              ontology: Ontology | None = None) -> str:
    """The Cypher ``kg query`` runs: the text given, or the ``--named`` question once every
    parameter it needs is in ``params`` (exactly one of the two must be given), its labels those
    of ``ontology`` (the shipped one when None: the graph's own ontology is not stored in it)."""
    if (cypher is None) == (named is None):
        raise KGError("give a Cypher query or --named QUESTION (not both)")
    if named is None:
        return str(cypher)
    question = QUESTIONS.get(named)
    if question is None:
        raise KGError(f"--named {named!r}: no such question; known: {', '.join(QUESTIONS)}")
    missing = [p for p in question.params if p not in params]
    if missing:
        raise KGError(f"--named {named}: needs " + ", ".join(f"--param {p}=..." for p in missing))
    return question.cypher(ontology or cached_ontology())
