"""One module per schema revision; the newest is the schema :mod:`wenming.archive.schema` reads."""
