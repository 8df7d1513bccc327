"""wenming rubric plugin: the municipal creation plan (13 tasks, 6 phases, 4 safeguards).

The rubric itself is data (``rubric.toml``); this package adds the
``leading-group`` criterion type it needs. Load it through wenming's plugin
host (entry point ``municipal-plan`` in the ``wenming`` group).
"""

RUBRIC_ID = "municipal-plan"

__all__ = ["RUBRIC_ID"]
