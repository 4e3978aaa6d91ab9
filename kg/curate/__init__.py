"""Analyst curation that survives every rebuild: edits kept in a file, applied on every build.

``edits`` reads and writes the curation file; ``apply`` applies it to extractions (pure);
``find`` looks entities up in a store by name or alias.
"""

from kg.curate.apply import CurationRun, StaleEdit, apply_curation, check_curation
from kg.curate.edits import (
    CURATION_ENV,
    CURATION_FILE,
    FIELDS,
    CurationError,
    Edit,
    append_edit,
    curation_path,
    new_edit,
    read_curation,
    undo_edit,
)

__all__ = ["CURATION_ENV", "CURATION_FILE", "FIELDS", "CurationError", "CurationRun", "Edit", "StaleEdit",
           "append_edit", "apply_curation", "check_curation", "curation_path", "new_edit", "read_curation",
           "undo_edit"]
