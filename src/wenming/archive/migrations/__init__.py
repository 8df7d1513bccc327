"""Alembic migrations of the archive schema, run by :func:`wenming.archive.open_archive`."""
