"""Stage 1, read: files and folders in, ``SourceDocument`` out.

``discover(paths)`` lists the documents under the given files and folders
(recursively, in a stable order) as ``(path, display)`` pairs, ``display`` being the
path as the user gave it. ``read_document(path, display)`` reads one file with the
reader its format needs and raises ``ReadError`` (naming the file and the reason)
when it cannot.
"""

from kg.read.files import discover, read_document

__all__ = ["discover", "read_document"]
