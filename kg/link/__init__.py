"""Stage 4, link: ``NormalizedDocument`` and ``list[Mention]`` in, ``list[LinkedRelation]`` out.

Named relation rules (data in ``ontology/rules/``, code in ``kg.link.rules``) find
INVESTS_IN, LOCATED_IN, ISSUED_POLICY, HOLDS_POSITION and FOUNDED facts.
"""

from kg.link.linker import link

__all__ = ["link"]
