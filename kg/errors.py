"""One error tree for kg: the CLI catches ``KGError`` and prints one clear line."""

from __future__ import annotations


class KGError(Exception):
    """Base of every error kg raises on purpose (bad input, bad config, server trouble)."""


class OntologyError(KGError):
    """The ontology files are inconsistent: the message names the file and line."""


class ReadError(KGError):
    """A document cannot be read: binary, empty, encrypted, image-only, corrupt, undecodable."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class RecognizerError(KGError):
    """A recognizer cannot run, e.g. a HanLP model that cannot be loaded."""


class StoreError(KGError):
    """The graph store refused or failed an operation."""


class ReadOnlyError(StoreError):
    """A write was sent through a read-only query (``kg query`` without ``--write``)."""


class StoreLockedError(StoreError):
    """Another kg process holds the embedded store."""


class QueryTimeoutError(StoreError):
    """A query ran past ``KG_QUERY_TIMEOUT`` and the server stopped it."""


class StoreUnavailableError(StoreError):
    """The graph server cannot be reached (it died, or the connection broke) and was not brought
    back: a load stops here and names the documents it did not write."""
