"""kg: a knowledge-graph builder for China's innovation economy.

Bulletins in (PDF, DOCX, HTML, Markdown, text), a graph of companies, parks,
investors, agencies, people and policies out, loaded into Neo4j or FalkorDB.
The stages, in the data's order: ``kg.read`` -> ``kg.normalize`` -> ``kg.recognize``
-> ``kg.link`` -> ``kg.resolve`` -> ``loaders`` (store).
"""

__version__ = "0.1.0"
