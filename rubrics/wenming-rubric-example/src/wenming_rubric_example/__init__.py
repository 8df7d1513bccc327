"""wenming rubric plugin: a small example rubric with one custom criterion type.

The rubric is data (``rubric.toml`` beside this file); :mod:`.plugin` hands it
to wenming, together with the ``min-participants`` criterion type defined in
:mod:`.min_participants`.
"""

RUBRIC_ID = "example"

__all__ = ["RUBRIC_ID"]
