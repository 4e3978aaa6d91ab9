"""Stage 4, link: ``NormalizedDocument`` and ``list[Mention]`` in, ``list[LinkedRelation]`` out,
and the alias facts of short policy references (``policy_aliases``) for resolve.

Named relation rules (data in ``ontology/rules/relations.yaml``, code in ``kg.link.rules``:
one module per relation kind over the shared toolkit of ``kg.link.clauses``) find
INVESTS_IN, LOCATED_IN, ISSUED_POLICY, HOLDS_POSITION and FOUNDED facts.
"""

from kg.link.linker import link
from kg.link.policies import policy_aliases

__all__ = ["link", "policy_aliases"]
