"""wenming rubric plugin: the provincial 6-area, 18-item civilized-unit criteria.

The rubric itself is data (``rubric.toml`` beside this file); :mod:`.plugin`
hands it to wenming through the ``wenming_rubrics`` hook.
"""

RUBRIC_ID = "provincial-18"

__all__ = ["RUBRIC_ID"]
