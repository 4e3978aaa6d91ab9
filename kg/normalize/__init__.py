"""Stage 2, normalize: ``SourceDocument`` in, ``NormalizedDocument`` out.

Joins lines broken by PDF extraction, drops spaces between CJK characters, finds
sections, headlines and sentences, the bulletin's title and date, and keeps an
offset map back to the original text.
"""

from kg.normalize.document import normalize

__all__ = ["normalize"]
