"""Stage 4, link: ``NormalizedDocument`` and ``list[Mention]`` in, ``list[LinkedRelation]`` out.

Named relation rules (data in ``ontology/rules/relations.yaml``, code in ``kg.link.rules``:
one module per relation kind over the shared toolkit of ``kg.link.clauses``) find
INVESTS_IN, LOCATED_IN, ISSUED_POLICY, HOLDS_POSITION and FOUNDED facts.
"""

from kg.link.linker import link

__all__ = ["link"]
