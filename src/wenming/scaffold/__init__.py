"""Templates ``wenming new-rubric`` fills in (``string.Template``: ``$name``, ``$module`` …)."""
