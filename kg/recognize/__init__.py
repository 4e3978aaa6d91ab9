"""Stage 3, recognize: ``NormalizedDocument`` in, ``list[Mention]`` out.

A spaCy pipeline over a blank Chinese ``Doc`` (character tokens, so spans line up
with offsets): ``kg_lexicon``, ``kg_pattern`` and ``kg_hanlp`` each write their own
``doc.spans`` group, ``kg_merge`` types and merges them into ``doc.ents``.
"""

from kg.recognize.mentions import doc_to_mentions
from kg.recognize.recognizer import Recognizer

__all__ = ["Recognizer", "doc_to_mentions"]
