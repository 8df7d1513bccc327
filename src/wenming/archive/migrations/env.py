"""Alembic's entry point: migrate the connection :mod:`wenming.archive.db` hands over.

wenming runs migrations itself, inside the transaction that opens the
archive (``config.attributes["connection"]``), so a half-migrated database is
never left behind; there is no ``alembic.ini`` and no offline mode.
"""

from __future__ import annotations

from alembic import context

from wenming.archive.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("wenming migrates its archive from wenming.archive.open_archive(), "
                       "not from the alembic command / 请通过 wenming 打开档案库以迁移")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  version_table=context.config.get_main_option("version_table")
                  or "wenming_schema_version")
with context.begin_transaction():
    context.run_migrations()
