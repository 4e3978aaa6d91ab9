"""kg's machine-readable ontology: data files only, read by ``kg.ontology.load_ontology``.

Layout (see ``README.md`` beside this file):

- ``types.yaml``: entity types (Neo4j labels) with their properties.
- ``relations.yaml``: relation types, allowed head/tail types, properties, trigger words.
- ``lexicons/<Type>[.<topic>].tsv``: known entities (name, aliases, located_in).
- ``vocab/<list>.txt``: word lists (titles, surnames, legal forms ...), one term a line.
- ``patterns/*.yaml``: recognizer patterns; ``rules/*.yaml``: relation rules.
"""

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
